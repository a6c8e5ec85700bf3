package io.cgflow.nn.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElementaryTest {
    private static double ulps(double value, double reference) {
        return reference == 0 ? Math.abs(value) / Double.MIN_NORMAL : Math.abs(value - reference) / Math.ulp(reference);
    }

    @Test
    void expIsWithinTwoUlpsOverItsWholeRange() {
        SplittableRandom random = new SplittableRandom(5);
        double worst = 0;
        for (int k = 0; k < 2_000_000; k++) {
            // the descriptors' arguments (|x| ≲ 50) densely, then the whole range
            double x = k % 2 == 0 ? random.nextDouble(-50, 5) : random.nextDouble(-745, 709);
            worst = Math.max(worst, ulps(Elementary.exp(x), StrictMath.exp(x)));
        }
        for (double x : new double[] {0, -0.0, 1, -1, 700, -700, Math.log(2) / 128, -Math.log(2) / 128, 1e-300}) {
            worst = Math.max(worst, ulps(Elementary.exp(x), StrictMath.exp(x)));
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulps");
        assertEquals(1.0, Elementary.exp(0));
        assertEquals(0.0, Elementary.exp(-1000));
        assertEquals(Double.POSITIVE_INFINITY, Elementary.exp(1000));
        assertTrue(Double.isNaN(Elementary.exp(Double.NaN)));
    }

    @Test
    void cosAndSinAreWithinTwoUlpsOrOneUlpOfOneOnZeroToPi() {
        SplittableRandom random = new SplittableRandom(6);
        double worstCos = 0;
        double worstSin = 0;
        for (int k = 0; k <= 2_000_000; k++) {
            double x = k < 1000 ? k * Math.PI / 1000 : random.nextDouble(0, Math.PI);
            // absolute error in ulps of 1 where the value passes through zero (cos at π/2), relative elsewhere
            worstCos = Math.max(worstCos, Math.min(ulps(Elementary.cos(x), StrictMath.cos(x)),
                Math.abs(Elementary.cos(x) - StrictMath.cos(x)) / Math.ulp(1.0)));
            worstSin = Math.max(worstSin, Math.min(ulps(Elementary.sin(x), StrictMath.sin(x)),
                Math.abs(Elementary.sin(x) - StrictMath.sin(x)) / Math.ulp(1.0)));
        }
        assertTrue(worstCos <= 2 && worstSin <= 2, "worst errors " + worstCos + ", " + worstSin + " ulps");
        assertEquals(1.0, Elementary.cos(0));
        assertEquals(0.0, Elementary.sin(0));
        assertEquals(Math.cos(4.0), Elementary.cos(4.0)); // outside [0, π]: Math's
        assertEquals(Math.sin(-1.0), Elementary.sin(-1.0));
    }
}
