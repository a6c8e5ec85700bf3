package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.md.MdSettings;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.TabulatedPair;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pair tables of linear networks, and the tangent pair tables of networks with hidden layers. */
class LinearPairTablesTest {
    private static ModelLayout layout(int... hidden) {
        List<String> types = List.of("A", "B");
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(types, 0.9, 0.3, 10, 0.04);
        int inputs = descriptor.length();
        SplittableRandom random = new SplittableRandom(5);
        double[] mean = new double[inputs];
        double[] std = new double[inputs];
        for (int c = 0; c < inputs; c++) {
            mean[c] = random.nextDouble(0, 2);
            std[c] = random.nextDouble(0.5, 1.5);
        }
        InputScaling scaling = new InputScaling(mean, std);
        return new ModelLayout(types, descriptor, MlpArchitecture.of(inputs, Activation.TANH, hidden),
            List.of(scaling, scaling), new ModelLayout.Prior(types, new double[] {0.3, 0.32, 0.32, 0.34},
                MdSettings.KB * 300, 1), List.of());
    }

    private static double[] randomTheta(ModelLayout layout, long seed) {
        double[] theta = layout.initial(seed, new double[0]);
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < theta.length; k++) {
            theta[k] += random.nextDouble(-0.2, 0.2);
        }
        return theta;
    }

    @Test
    void theTangentOfALinearNetworkIsItselfAndGivesTheSameTables() {
        ModelLayout layout = layout();
        double[] theta = randomTheta(layout, 3);
        double[][] tangent = LinearPairTables.tangent(layout, theta, null);
        for (int a = 0; a < 2; a++) {
            double[] w = layout.network(theta, a);
            for (int c = 0; c < tangent[a].length; c++) {
                assertEquals(w[c], tangent[a][c], 1e-15, "type " + a + ", input " + c);
            }
        }
        TabulatedPair direct = LinearPairTables.tables(layout, theta, true);
        TabulatedPair viaTangent = LinearPairTables.tables(layout, tangent, true);
        assertEquals(3, direct.tables().size());
        assertEquals(direct.tables().size(), viaTangent.tables().size());
        for (int e = 0; e < direct.tables().size(); e++) {
            assertEquals(direct.tables().get(e).types(), viaTangent.tables().get(e).types());
            assertArrayEquals(direct.tables().get(e).table().energies(), viaTangent.tables().get(e).table().energies(),
                1e-12, "table " + e);
        }
    }

    /** With hidden layers the tangent is ∂E/∂z at z = 0: against central differences of the network's energy. */
    @Test
    void theTangentOfAHiddenLayerNetworkIsItsSlopeAtTheMeanInput() {
        ModelLayout layout = layout(8, 6);
        double[] theta = randomTheta(layout, 4);
        double[][] tangent = LinearPairTables.tangent(layout, theta, null);
        double h = 1e-5;
        boolean nonlinear = false;
        for (int a = 0; a < 2; a++) {
            MlpModel net = layout.model(theta, null).networks().get(a).plainModel();
            int length = net.architecture().inputs();
            assertEquals(length, tangent[a].length);
            double[] e = new double[1];
            for (int c = 0; c < length; c++) {
                double[] z = new double[length];
                z[c] = h;
                net.energies(z, 1, e);
                double plus = e[0];
                z[c] = -h;
                net.energies(z, 1, e);
                double minus = e[0];
                assertEquals((plus - minus) / (2 * h), tangent[a][c], 1e-7 * Math.max(1, Math.abs(tangent[a][c])),
                    "type " + a + ", input " + c);
                // the network is not linear: a finite step away from z = 0 leaves the tangent
                z[c] = 1;
                net.energies(z, 1, e);
                double one = e[0];
                net.energies(new double[length], 1, e);
                nonlinear |= Math.abs(one - e[0] - tangent[a][c]) > 1e-6;
            }
        }
        assertTrue(nonlinear, "a network with hidden layers should differ from its tangent");
        assertArrayEquals(tangent[0], LinearPairTables.tangent(layout, theta, null)[0], "deterministic");
    }
}
