package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The significance shrinkage of the fluctuation Jacobian ({@link Estimate#shrink}) on frames whose true Jacobian is
 * known: one observable follows one parameter's ∂E/∂θ, every other pair is independent (true element 0).
 */
class JacobianShrinkageTest {
    private static final double BETA = 0.4;
    private static final int REPLICAS = 2;
    private static final int PER = 200;
    private static final int NOISE_PARAMETERS = 40;

    /** AR(1) series of unit variance, correlation rho from frame to frame, restarted per replica. */
    private static double[][] series(SplittableRandom random, int columns, double rho) {
        return EstimateNoiseTest.frames(random, REPLICAS, PER, columns, rho, 0, 1);
    }

    @Test
    void noiseElementsShrinkAndTheSignalStays() {
        SplittableRandom random = new SplittableRandom(11);
        int n = REPLICAS * PER;
        // ∂E/∂θ: column 0 carries the signal, the others are independent of every observable
        double[][] d = series(random, 1 + NOISE_PARAMETERS, 0.5);
        double[][] extra = series(random, 2, 0.5);
        double[][] s = new double[n][2];
        for (int i = 0; i < n; i++) {
            s[i][0] = 3 + d[i][0] + 0.5 * extra[i][0];   // Cov(S0, D0) = 1: J00 = −β
            s[i][1] = 2 + extra[i][1];                   // independent of every D
        }
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        double[] target = {3, 2};
        double[] weights = {1, 1};
        Estimate plain = Estimate.of(s, d, -1, null, w, target, weights, BETA, true, 0);
        Estimate shrunk = Estimate.of(s, d, -1, null, w, target, weights, BETA, true, 5 * REPLICAS);

        // averages, loss and the loss gradient are the plain estimate's
        assertArrayEquals(plain.mean(), shrunk.mean());
        assertEquals(plain.loss(), shrunk.loss());
        assertArrayEquals(plain.gradient(), shrunk.gradient());

        double signal = plain.jacobian()[0][0];
        assertEquals(-BETA, signal, 0.15 * BETA, "the plain estimate of the signal element");
        assertEquals(signal, shrunk.jacobian()[0][0], 0.03 * Math.abs(signal),
            "an element ten times its standard error stays within a few per cent");

        double plainNoise = 0;
        double shrunkNoise = 0;
        int zero = 0;
        int count = 0;
        for (int c = 0; c < 2; c++) {
            for (int q = 0; q < 1 + NOISE_PARAMETERS; q++) {
                if (c == 0 && q == 0) {
                    continue;
                }
                double a = plain.jacobian()[c][q];
                double b = shrunk.jacobian()[c][q];
                assertTrue(Math.abs(b) <= Math.abs(a) && a * b >= 0, "shrunk towards zero, never past it: " + a
                    + " → " + b);
                plainNoise += a * a;
                shrunkNoise += b * b;
                zero += b == 0 ? 1 : 0;
                count++;
            }
        }
        // the true value of these elements is 0: the shrunk Jacobian is closer to it, most elements exactly
        assertTrue(zero > count / 2, zero + " of " + count + " noise elements set to zero");
        assertTrue(shrunkNoise < 0.3 * plainNoise, "squared error of the noise elements " + shrunkNoise
            + " against " + plainNoise + " unshrunk");
    }

    @Test
    void theExplicitDerivativeIsNotShrunk() {
        SplittableRandom random = new SplittableRandom(5);
        int n = REPLICAS * PER;
        double[][] d = series(random, 3, 0.3);
        double[][] s = series(random, 2, 0.3);
        double[][] explicit = new double[n][3];
        for (double[] e : explicit) {
            Arrays.fill(e, 0.25);
        }
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        Estimate shrunk = Estimate.of(s, d, 1, explicit, w, new double[2], new double[] {1, 1}, BETA, true, 10);
        Estimate covariance = Estimate.of(s, d, -1, null, w, new double[2], new double[] {1, 1}, BETA, true, 10);
        for (int q = 0; q < 3; q++) {
            assertEquals(covariance.jacobian()[1][q] + 0.25, shrunk.jacobian()[1][q], 1e-12);
        }
    }
}
