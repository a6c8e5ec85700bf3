package io.cgflow.nn.dl4j;

import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.BeadEnergyModel;
import io.cgflow.nn.model.MlpArchitecture;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The perceptron of an {@link MlpArchitecture} held in a Deeplearning4j {@link MultiLayerNetwork}: dense layers
 * only, the last one with identity activation (not an output layer, so that the gradient of E itself flows back).
 * ∂E/∂z and ∂E/∂θ come from one {@code backpropGradient} with ε = ∂E/∂E = 1 per row. Each call has a fixed cost of
 * about 2 ms: pass many rows at once (whole frames, many frames); for a few rows {@link io.cgflow.nn.model.MlpModel}
 * is faster. Per-row parameter gradients cost one call per row. Not for concurrent use.
 */
public final class Dl4jMlpModel implements BeadEnergyModel {
    private final MlpArchitecture architecture;
    private final DataType dataType;
    private final MultiLayerNetwork network;

    /** A network in double precision with the given parameters. */
    public Dl4jMlpModel(MlpArchitecture architecture, double[] theta) {
        this(architecture, theta, DataType.DOUBLE);
    }

    /** A network of the given floating-point type (DOUBLE or FLOAT) with the given parameters. */
    public Dl4jMlpModel(MlpArchitecture architecture, double[] theta, DataType dataType) {
        Nd4jBackend.logOnce();
        this.architecture = architecture;
        this.dataType = dataType;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
            .dataType(dataType)
            .weightInit(WeightInit.XAVIER)
            .trainingWorkspaceMode(WorkspaceMode.NONE)
            .inferenceWorkspaceMode(WorkspaceMode.NONE)
            .list();
        for (int l = 0; l < architecture.layers(); l++) {
            list.layer(l, new DenseLayer.Builder()
                .nIn(architecture.layerInputs(l))
                .nOut(architecture.layerOutputs(l))
                .activation(toDl4j(architecture.activation(l)))
                .hasBias(true)
                .build());
        }
        MultiLayerConfiguration conf = list.build();
        this.network = new MultiLayerNetwork(conf);
        network.init();
        setParameters(theta);
    }

    /** The network of one bead type of a trained model, in double precision. */
    public static Dl4jMlpModel of(io.cgflow.nn.BeadNetwork network) {
        return new Dl4jMlpModel(network.architecture(), network.parameters());
    }

    static org.nd4j.linalg.activations.Activation toDl4j(Activation a) {
        return switch (a) {
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case SOFTPLUS -> org.nd4j.linalg.activations.Activation.SOFTPLUS;
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
        };
    }

    public MlpArchitecture architecture() {
        return architecture;
    }

    /** The underlying network (for optimisers and serialisation of training state). */
    public MultiLayerNetwork network() {
        return network;
    }

    @Override
    public int inputs() {
        return architecture.inputs();
    }

    @Override
    public int parameterCount() {
        return architecture.parameterCount();
    }

    @Override
    public double[] parameters() {
        return Dl4jParameters.fromNetwork(architecture, network);
    }

    @Override
    public void setParameters(double[] theta) {
        Dl4jParameters.toNetwork(architecture, theta, network);
    }

    private INDArray rows(double[] z, int offsetRow, int rows) {
        int n = architecture.inputs();
        if (rows < 1 || z.length < (offsetRow + rows) * n) {
            throw new IllegalArgumentException(rows + " rows of " + n + " inputs do not fit " + z.length + " values");
        }
        double[] slice = offsetRow == 0 && z.length == rows * n ? z
            : java.util.Arrays.copyOfRange(z, offsetRow * n, (offsetRow + rows) * n);
        return Nd4j.create(slice, new long[] {rows, n}, 'c').castTo(dataType);
    }

    private static void copy(INDArray column, double[] out, int offset) {
        double[] values = column.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        System.arraycopy(values, 0, out, offset, values.length);
    }

    @Override
    public void energies(double[] z, int rows, double[] energies) {
        if (rows == 0) {
            return;
        }
        INDArray out = network.output(rows(z, 0, rows), false);
        copy(out, energies, 0);
    }

    /** Forward in training mode and backward with ε = 1; the energies are written when {@code energies} is set. */
    private Pair<Gradient, INDArray> backward(INDArray input, double[] energies) {
        network.setInput(input);
        java.util.List<INDArray> activations = network.feedForward(true, false);
        if (energies != null) {
            copy(activations.get(activations.size() - 1), energies, 0);
        }
        INDArray epsilon = Nd4j.ones(dataType, input.rows(), 1);
        Pair<Gradient, INDArray> result = network.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        network.clear();
        return result;
    }

    @Override
    public void inputGradients(double[] z, int rows, double[] energies, double[] dEdz) {
        if (rows == 0) {
            return;
        }
        Pair<Gradient, INDArray> result = backward(rows(z, 0, rows), energies);
        copy(result.getSecond(), dEdz, 0);
    }

    @Override
    public void addParameterGradient(double[] z, int rows, double[] dEdTheta) {
        if (rows == 0) {
            return;
        }
        Pair<Gradient, INDArray> result = backward(rows(z, 0, rows), null);
        double[] g = Dl4jParameters.fromGradient(architecture, result.getFirst());
        for (int k = 0; k < g.length; k++) {
            dEdTheta[k] += g[k];
        }
    }

    @Override
    public void parameterGradients(double[] z, int rows, double[] dEdTheta) {
        int n = architecture.parameterCount();
        for (int r = 0; r < rows; r++) {
            Pair<Gradient, INDArray> result = backward(rows(z, r, 1), null);
            double[] g = Dl4jParameters.fromGradient(architecture, result.getFirst());
            System.arraycopy(g, 0, dEdTheta, r * n, n);
        }
    }
}
