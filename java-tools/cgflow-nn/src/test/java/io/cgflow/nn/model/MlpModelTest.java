package io.cgflow.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.nn.TestSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MlpModelTest {
    static Stream<MlpArchitecture> architectures() {
        List<MlpArchitecture> list = new ArrayList<>();
        for (Activation a : List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID, Activation.RELU)) {
            list.add(MlpArchitecture.of(6, a));
            list.add(MlpArchitecture.of(6, a, 1));
            list.add(MlpArchitecture.of(6, a, 9, 4));
            list.add(MlpArchitecture.of(6, a, 5, 1, 7));
        }
        list.add(new MlpArchitecture(6, List.of(8, 3), List.of(Activation.SOFTPLUS, Activation.TANH)));
        return list.stream();
    }

    private static MlpModel model(MlpArchitecture arch) {
        MlpModel m = MlpModel.initialised(arch, 17);
        double[] theta = m.parameters();
        double[] noise = TestSystems.uniform(theta.length, 0.3, 18);
        for (int k = 0; k < theta.length; k++) {
            theta[k] += noise[k]; // non-zero biases too
        }
        m.setParameters(theta);
        return m;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void parameterGradientMatchesFiniteDifferences(MlpArchitecture arch) {
        MlpModel m = model(arch);
        int rows = 5;
        double[] z = TestSystems.uniform(rows * arch.inputs(), 2, 19);
        double[] grad = new double[m.parameterCount()];
        m.addParameterGradient(z, rows, grad);
        double[] theta = m.parameters();
        double[] fd = new double[theta.length];
        double[] e = new double[rows];
        double h = 1e-6;
        for (int k = 0; k < theta.length; k++) {
            double[] t = theta.clone();
            t[k] += h;
            m.setParameters(t);
            m.energies(z, rows, e);
            double ep = sum(e);
            t[k] -= 2 * h;
            m.setParameters(t);
            m.energies(z, rows, e);
            fd[k] = (ep - sum(e)) / (2 * h);
        }
        m.setParameters(theta);
        assertTrue(TestSystems.relativeError(grad, fd, 1) < 1e-7, arch.toString());
        // per-row gradients sum to the summed gradient
        double[] perRow = new double[rows * theta.length];
        m.parameterGradients(z, rows, perRow);
        double[] summed = new double[theta.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < theta.length; k++) {
                summed[k] += perRow[r * theta.length + k];
            }
        }
        assertArrayEquals(grad, summed, 1e-12);
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void inputGradientMatchesFiniteDifferences(MlpArchitecture arch) {
        MlpModel m = model(arch);
        int rows = 4;
        int n = arch.inputs();
        double[] z = TestSystems.uniform(rows * n, 2, 23);
        double[] e = new double[rows];
        double[] grad = new double[rows * n];
        m.inputGradients(z, rows, e, grad);
        double[] e2 = new double[rows];
        m.energies(z, rows, e2);
        assertArrayEquals(e2, e, 0);
        double h = 1e-6;
        double[] fd = new double[rows * n];
        for (int q = 0; q < rows * n; q++) {
            double[] zp = z.clone();
            zp[q] += h;
            double[] zm = z.clone();
            zm[q] -= h;
            int r = q / n;
            double[] row = new double[n];
            System.arraycopy(zp, r * n, row, 0, n);
            double ep = m.energy(row);
            System.arraycopy(zm, r * n, row, 0, n);
            fd[q] = (ep - m.energy(row)) / (2 * h);
        }
        assertTrue(TestSystems.relativeError(grad, fd, 1) < 1e-7, arch.toString());
    }

    /** Rows taken four at a time give the bits of each row alone: energies and input gradients, 0–9 rows. */
    @ParameterizedTest
    @MethodSource("architectures")
    void rowsInBlocksHaveTheBitsOfSingleRows(MlpArchitecture arch) {
        MlpModel m = model(arch);
        int n = arch.inputs();
        for (int rows = 0; rows <= 9; rows++) {
            double[] z = TestSystems.uniform(rows * n, 3, 29 + rows);
            double[] e = new double[rows];
            double[] grad = new double[rows * n];
            m.inputGradients(z, rows, e, grad);
            double[] energies = new double[rows];
            m.energies(z, rows, energies);
            for (int r = 0; r < rows; r++) {
                double[] row = java.util.Arrays.copyOfRange(z, r * n, (r + 1) * n);
                double[] e1 = new double[1];
                double[] g1 = new double[n];
                m.inputGradients(row, 1, e1, g1);
                assertEquals(Double.doubleToLongBits(e1[0]), Double.doubleToLongBits(e[r]), arch + " row " + r);
                assertEquals(Double.doubleToLongBits(e1[0]), Double.doubleToLongBits(energies[r]), arch + " row " + r);
                assertArrayEquals(g1, java.util.Arrays.copyOfRange(grad, r * n, (r + 1) * n), 0, arch + " row " + r);
            }
        }
    }

    /**
     * The vectorisable loops give the bits of the textbook sums of fused multiply-adds, bias first and then input by
     * input (two inputs per pass in the blocks of four rows), at the widths
     * networks have (35–64, odd and even, where the compiled loops run in vector registers with scalar remainders):
     * energies and ∂E/∂z against a plain evaluation written out here, over enough calls for the JIT to compile them.
     */
    @Test
    void wideLayersGiveTheBitsOfThePlainSums() {
        MlpArchitecture arch = MlpArchitecture.of(35, Activation.TANH, 64, 33);
        MlpModel m = model(arch);
        double[] theta = m.parameters();
        int n = arch.inputs();
        int rows = 7;
        for (int call = 0; call < 300; call++) {
            double[] z = TestSystems.uniform(rows * n, 2, 100 + call);
            double[] e = new double[rows];
            double[] grad = new double[rows * n];
            m.inputGradients(z, rows, e, grad);
            if (call % 50 != 49) {
                continue;
            }
            for (int r = 0; r < rows; r++) {
                double[][] pre = new double[arch.layers()][];
                double[][] post = new double[arch.layers()][];
                double[] x = java.util.Arrays.copyOfRange(z, r * n, (r + 1) * n);
                for (int l = 0; l < arch.layers(); l++) {
                    int in = arch.layerInputs(l);
                    int out = arch.layerOutputs(l);
                    pre[l] = new double[out];
                    post[l] = new double[out];
                    for (int o = 0; o < out; o++) {
                        double s = theta[arch.biasOffset(l) + o];
                        for (int i = 0; i < in; i++) {
                            s = Math.fma(theta[arch.weightOffset(l) + o * in + i], x[i], s);
                        }
                        pre[l][o] = s;
                        post[l][o] = arch.activation(l).value(s);
                    }
                    x = post[l];
                }
                assertEquals(Double.doubleToLongBits(x[0]), Double.doubleToLongBits(e[r]), "energy of row " + r);
                double[] d = {1};
                for (int l = arch.layers() - 1; l >= 0; l--) {
                    int in = arch.layerInputs(l);
                    int out = arch.layerOutputs(l);
                    double[] below = new double[in];
                    for (int o = 0; o < out; o++) {
                        d[o] *= arch.activation(l).derivative(pre[l][o], post[l][o]);
                    }
                    for (int o = 0; o < out; o++) {
                        for (int i = 0; i < in; i++) {
                            below[i] = Math.fma(theta[arch.weightOffset(l) + o * in + i], d[o], below[i]);
                        }
                    }
                    d = below;
                }
                assertArrayEquals(d, java.util.Arrays.copyOfRange(grad, r * n, (r + 1) * n), 0, "∂E/∂z of row " + r);
            }
        }
    }

    @Test
    void noHiddenLayerIsLinear() {
        MlpArchitecture arch = MlpArchitecture.of(3, Activation.TANH);
        assertEquals(4, arch.parameterCount());
        MlpModel m = new MlpModel(arch, new double[] {1.5, -2, 0.25, 0.125});
        assertEquals(1.5 * 2 - 2 * 3 + 0.25 * 4 + 0.125, m.energy(new double[] {2, 3, 4}), 1e-15);
        double[] dEdz = new double[3];
        m.inputGradients(new double[] {2, 3, 4}, 1, new double[1], dEdz);
        assertArrayEquals(new double[] {1.5, -2, 0.25}, dEdz, 0);
    }

    @Test
    void parameterLayoutIsWeightsRowMajorThenBiasPerLayer() {
        MlpArchitecture arch = MlpArchitecture.of(2, Activation.IDENTITY, 3);
        assertEquals(2 * 3 + 3 + 3 + 1, arch.parameterCount());
        assertEquals(0, arch.weightOffset(0));
        assertEquals(6, arch.biasOffset(0));
        assertEquals(9, arch.weightOffset(1));
        assertEquals(12, arch.biasOffset(1));
        // W0 = [[1,2],[3,4],[5,6]] (row o = output), b0 = [0.1,0.2,0.3], W1 = [1,-1,2], b1 = 0.5
        MlpModel m = new MlpModel(arch, new double[] {1, 2, 3, 4, 5, 6, 0.1, 0.2, 0.3, 1, -1, 2, 0.5});
        double[] z = {1, -1};
        double h0 = 1 - 2 + 0.1;
        double h1 = 3 - 4 + 0.2;
        double h2 = 5 - 6 + 0.3;
        assertEquals(h0 - h1 + 2 * h2 + 0.5, m.energy(z), 1e-14);
    }

    @Test
    void wrongSizesAreRefused() {
        MlpModel m = new MlpModel(MlpArchitecture.of(3, Activation.TANH, 2));
        assertThrows(IllegalArgumentException.class, () -> m.setParameters(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> m.energies(new double[5], 2, new double[2]));
        assertThrows(IllegalArgumentException.class,
            () -> new MlpArchitecture(3, List.of(2, 2), List.of(Activation.TANH)));
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
