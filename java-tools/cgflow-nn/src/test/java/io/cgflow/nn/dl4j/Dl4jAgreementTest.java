package io.cgflow.nn.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.nn.TestSystems;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The Deeplearning4j network and the plain-Java perceptron are one model: same E, ∂E/∂z and ∂E/∂θ. */
class Dl4jAgreementTest {
    private static final double TOLERANCE = 1e-6;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<MlpArchitecture> architectures() {
        List<int[]> shapes = List.of(new int[0], new int[] {1}, new int[] {7}, new int[] {64}, new int[] {1, 1},
            new int[] {16, 5}, new int[] {64, 64}, new int[] {3, 1, 9}, new int[] {32, 64, 8});
        List<MlpArchitecture> list = new ArrayList<>();
        for (Activation a : List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID, Activation.RELU,
                Activation.IDENTITY)) {
            for (int[] hidden : shapes) {
                if (hidden.length > 0 || a == Activation.TANH) {
                    list.add(MlpArchitecture.of(11, a, hidden));
                }
            }
        }
        list.add(new MlpArchitecture(11, List.of(12, 6, 4),
            List.of(Activation.SOFTPLUS, Activation.TANH, Activation.SIGMOID)));
        return list.stream();
    }

    private static double[] theta(MlpArchitecture arch) {
        double[] t = MlpModel.initialised(arch, 31).parameters();
        double[] noise = TestSystems.uniform(t.length, 0.2, 32);
        for (int k = 0; k < t.length; k++) {
            t[k] += noise[k];
        }
        return t;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void sameEnergiesAndGradients(MlpArchitecture arch) {
        double[] theta = theta(arch);
        MlpModel plain = new MlpModel(arch, theta);
        Dl4jMlpModel dl4j = new Dl4jMlpModel(arch, theta);
        assertArrayEquals(theta, dl4j.parameters(), 0, "parameters survive the round trip through DL4J");

        int rows = 40;
        int n = arch.inputs();
        double[] z = TestSystems.uniform(rows * n, 2, 33);
        double[] e1 = new double[rows];
        double[] e2 = new double[rows];
        plain.energies(z, rows, e1);
        dl4j.energies(z, rows, e2);
        assertClose(e1, e2, "E", arch);

        double[] g1 = new double[rows * n];
        double[] g2 = new double[rows * n];
        double[] e3 = new double[rows];
        plain.inputGradients(z, rows, e1, g1);
        dl4j.inputGradients(z, rows, e3, g2);
        assertClose(e1, e3, "E (training pass)", arch);
        assertClose(g1, g2, "dE/dz", arch);

        double[] p1 = new double[arch.parameterCount()];
        double[] p2 = new double[arch.parameterCount()];
        plain.addParameterGradient(z, rows, p1);
        dl4j.addParameterGradient(z, rows, p2);
        assertClose(p1, p2, "sum of dE/dθ", arch);

        int few = 3;
        double[] r1 = new double[few * arch.parameterCount()];
        double[] r2 = new double[few * arch.parameterCount()];
        plain.parameterGradients(z, few, r1);
        dl4j.parameterGradients(z, few, r2);
        assertClose(r1, r2, "dE/dθ per row", arch);
    }

    @Test
    void setParametersReplacesTheNetworkWeights() {
        MlpArchitecture arch = MlpArchitecture.of(4, Activation.SOFTPLUS, 5, 3);
        Dl4jMlpModel dl4j = new Dl4jMlpModel(arch, theta(arch));
        double[] other = TestSystems.uniform(arch.parameterCount(), 1, 41);
        dl4j.setParameters(other);
        assertArrayEquals(other, dl4j.parameters(), 0);
        double[] z = TestSystems.uniform(4 * 6, 1, 42);
        double[] e1 = new double[6];
        double[] e2 = new double[6];
        new MlpModel(arch, other).energies(z, 6, e1);
        dl4j.energies(z, 6, e2);
        assertClose(e1, e2, "E after setParameters", arch);
    }

    @Test
    void backendIsReported() {
        assertTrue(Nd4jBackend.describe().contains("CPU") || Nd4jBackend.describe().contains("GPU"));
    }

    private static void assertClose(double[] expected, double[] actual, String what, MlpArchitecture arch) {
        double error = TestSystems.relativeError(actual, expected, 1e-12);
        assertTrue(error < TOLERANCE, what + " of " + arch + " differs by " + error + " (relative)");
    }
}
