package io.cgflow.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActivationTest {
    /** Distance in ulps of the reference value. */
    private static double ulps(double value, double reference) {
        return Math.abs(value - reference) / Math.ulp(reference);
    }

    @Test
    void tanhIsWithinAFewUlpsOfStrictMathEverywhere() {
        SplittableRandom random = new SplittableRandom(3);
        double worst = 0;
        for (int k = 0; k < 2_000_000; k++) {
            // log-uniform magnitudes from 1e-12 to 40, both signs: every branch and both of its edges
            double z = Math.copySign(Math.pow(10, random.nextDouble(-12, Math.log10(40))), random.nextDouble() - 0.5);
            worst = Math.max(worst, ulps(Activation.tanh(z), StrictMath.tanh(z)));
        }
        for (double z : new double[] {0x1p-4, Math.nextDown(0x1p-4), 22, Math.nextUp(22.0), 1e-300, 0.5, 1, 3}) {
            worst = Math.max(worst, ulps(Activation.tanh(z), StrictMath.tanh(z)));
            worst = Math.max(worst, ulps(Activation.tanh(-z), StrictMath.tanh(-z)));
        }
        assertTrue(worst <= 6, "worst error " + worst + " ulps");
    }

    @Test
    void tanhKeepsItsLimitsSignsAndSpecialValues() {
        assertEquals(0.0, Activation.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Activation.tanh(-0.0)));
        assertEquals(1.0, Activation.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Activation.tanh(-1e6));
        assertTrue(Double.isNaN(Activation.tanh(Double.NaN)));
        for (double z = -5; z <= 5; z += 0.01) {
            assertEquals(-Activation.tanh(z), Activation.tanh(-z));
            assertTrue(Math.abs(Activation.tanh(z)) <= 1);
        }
        assertEquals(Activation.TANH.value(0.3), Activation.tanh(0.3));
    }
}
