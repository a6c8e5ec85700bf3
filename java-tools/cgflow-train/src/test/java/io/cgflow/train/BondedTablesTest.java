package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.potentials.BondedKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The initial bonded tables: no well at the edge of a table from the Jacobian term of the Boltzmann inverse. */
class BondedTablesTest {
    /** Broad angle distributions: 150° ± 15° on 100–180°, and a peptide backbone's 133° ± 23° on 0–180°. */
    @ParameterizedTest
    @CsvSource({"150, 15, 100, 4, 21", "133.1, 22.67, 0, 5.142857142857143, 36"})
    void aBroadAngleDistributionGetsNoWellAt180Degrees(double mean, double sd, double start, double step, int points) {
        double kT = 2.5;
        ModelLayout.BondedSpec spec = new ModelLayout.BondedSpec(BondedKind.ANGLE, "BB-BB-BB", start, step, points,
            null);
        double[] e = new double[points];
        for (int k = 0; k < points; k++) {
            double q = spec.x(k);
            e[k] = kT * (q - mean) * (q - mean) / (2 * sd * sd)
                + kT * Math.log(Math.max(1e-3, Math.sin(Math.toRadians(q))));
        }
        int atMean = (int) Math.round((mean - start) / step);
        assertTrue(e[points - 1] < e[atMean] - kT, "the raw Boltzmann inverse has its well at 180°: " + e[points - 1]
            + " against " + e[atMean] + " at the mean");
        double lowest = Trainer.rising(e, spec, mean, sd);
        int minimum = 0;
        for (int k = 1; k < points; k++) {
            minimum = e[k] < e[minimum] ? k : minimum;
        }
        assertEquals(e[minimum], lowest, 0);
        assertTrue(Math.abs(spec.x(minimum) - mean) <= sd + step, "the minimum stays within a standard deviation"
            + " of the mean: " + spec.x(minimum));
        assertTrue(e[points - 1] > lowest, "180° is not the lowest point of the table");
        for (int k = minimum + 1; k < points; k++) {
            assertTrue(e[k] >= e[k - 1], "rising towards 180° at knot " + k);
        }
        for (int k = minimum - 1; k >= 0; k--) {
            assertTrue(e[k] >= e[k + 1], "rising towards small angles at knot " + k);
        }
    }
}
