package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.potentials.BondedKind;
import org.junit.jupiter.api.Test;

/** The initial bonded tables: no well at the edge of a table from the Jacobian term of the Boltzmann inverse. */
class BondedTablesTest {
    @Test
    void aBroadAngleDistributionGetsNoWellAt180Degrees() {
        double kT = 2.5;
        double mean = 150;
        double sd = 15;
        int points = 21;
        ModelLayout.BondedSpec spec = new ModelLayout.BondedSpec(BondedKind.ANGLE, "BB-BB-BB", 100, 4, points, null);
        double[] e = new double[points];
        for (int k = 0; k < points; k++) {
            double q = spec.x(k);
            e[k] = kT * (q - mean) * (q - mean) / (2 * sd * sd)
                + kT * Math.log(Math.max(1e-3, Math.sin(Math.toRadians(q))));
        }
        int atMean = (int) Math.round((mean - 100) / 4.0);
        assertTrue(e[points - 1] < e[atMean] - kT, "the raw Boltzmann inverse has its well at 180°: " + e[points - 1]
            + " against " + e[atMean] + " at the mean");
        double lowest = Trainer.rising(e, spec, mean, sd);
        int minimum = 0;
        for (int k = 1; k < points; k++) {
            minimum = e[k] < e[minimum] ? k : minimum;
        }
        assertEquals(e[minimum], lowest, 0);
        assertTrue(Math.abs(spec.x(minimum) - mean) <= 2 * sd, "the minimum stays near the mean: " + spec.x(minimum));
        for (int k = minimum + 1; k < points; k++) {
            assertTrue(e[k] >= e[k - 1], "rising towards 180° at knot " + k);
        }
        for (int k = minimum - 1; k >= 0; k--) {
            assertTrue(e[k] >= e[k + 1], "rising towards small angles at knot " + k);
        }
    }
}
