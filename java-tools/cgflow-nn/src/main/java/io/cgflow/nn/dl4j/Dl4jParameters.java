package io.cgflow.nn.dl4j;

import io.cgflow.nn.model.MlpArchitecture;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Converts between the flat parameter order of {@link MlpArchitecture} (per layer W[out][in] row-major, then b)
 * and Deeplearning4j's parameter tables, where dense layer {@code l} holds {@code "l_W"} of shape [in, out] and
 * {@code "l_b"} of [1, out]. Goes through the named tables, never through DL4J's own flat view, so that a change of
 * DL4J's internal layout cannot silently permute parameters.
 */
public final class Dl4jParameters {
    private Dl4jParameters() {
    }

    /** Writes θ into the network's parameter tables. */
    public static void toNetwork(MlpArchitecture architecture, double[] theta, MultiLayerNetwork network) {
        if (theta.length != architecture.parameterCount()) {
            throw new IllegalArgumentException("expected " + architecture.parameterCount() + " parameters, got "
                + theta.length);
        }
        for (int l = 0; l < architecture.layers(); l++) {
            int nIn = architecture.layerInputs(l);
            int nOut = architecture.layerOutputs(l);
            INDArray w = network.getParam(l + "_W");
            INDArray b = network.getParam(l + "_b");
            int wo = architecture.weightOffset(l);
            int bo = architecture.biasOffset(l);
            for (int o = 0; o < nOut; o++) {
                for (int i = 0; i < nIn; i++) {
                    w.putScalar(i, o, theta[wo + o * nIn + i]);
                }
                b.putScalar(b.rank() == 1 ? new long[] {o} : new long[] {0, o}, theta[bo + o]);
            }
        }
    }

    /** θ read from the network's parameter tables. */
    public static double[] fromNetwork(MlpArchitecture architecture, MultiLayerNetwork network) {
        double[] theta = new double[architecture.parameterCount()];
        for (int l = 0; l < architecture.layers(); l++) {
            read(architecture, l, network.getParam(l + "_W"), network.getParam(l + "_b"), theta);
        }
        return theta;
    }

    /** ∂E/∂θ in the flat order, read from a DL4J gradient (the same tables, named alike). */
    public static double[] fromGradient(MlpArchitecture architecture, Gradient gradient) {
        double[] out = new double[architecture.parameterCount()];
        for (int l = 0; l < architecture.layers(); l++) {
            read(architecture, l, gradient.getGradientFor(l + "_W"), gradient.getGradientFor(l + "_b"), out);
        }
        return out;
    }

    private static void read(MlpArchitecture architecture, int l, INDArray w, INDArray b, double[] out) {
        int nIn = architecture.layerInputs(l);
        int nOut = architecture.layerOutputs(l);
        if (w == null || b == null || w.length() != (long) nIn * nOut || b.length() != nOut) {
            throw new IllegalArgumentException("layer " + l + " of the network does not match " + nIn + "→" + nOut);
        }
        int wo = architecture.weightOffset(l);
        int bo = architecture.biasOffset(l);
        for (int o = 0; o < nOut; o++) {
            for (int i = 0; i < nIn; i++) {
                out[wo + o * nIn + i] = w.getDouble(i, o);
            }
            out[bo + o] = b.getDouble(o);
        }
    }
}
