package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sampling-noise part of the loss ({@link Estimate#noise}) against the spread it estimates. */
class EstimateNoiseTest {
    /**
     * Frames of an AR(1) series per element (correlation {@code rho} from frame to frame), replica by replica, each
     * value {@code offset + scale·x} with x of unit variance.
     */
    static double[][] frames(SplittableRandom random, int replicas, int perReplica, int elements, double rho,
                             double offset, double scale) {
        double[][] s = new double[replicas * perReplica][elements];
        for (int r = 0; r < replicas; r++) {
            double[] x = new double[elements];
            for (int c = 0; c < elements; c++) {
                x[c] = gaussian(random);
            }
            for (int f = 0; f < perReplica; f++) {
                for (int c = 0; c < elements; c++) {
                    x[c] = rho * x[c] + Math.sqrt(1 - rho * rho) * gaussian(random);
                    s[r * perReplica + f][c] = offset + scale * x[c];
                }
            }
        }
        return s;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static double[] mean(double[][] s, double[] w) {
        double[] m = new double[s[0].length];
        for (int i = 0; i < s.length; i++) {
            for (int c = 0; c < m.length; c++) {
                m[c] += w[i] * s[i][c];
            }
        }
        return m;
    }

    @Test
    void estimatesTheSquaredErrorOfTheMeanOfCorrelatedFrames() {
        // 2 replicas × 100 frames with frame-to-frame correlation 0.6: the naive variance / N would be 4 times too
        // small (integrated autocorrelation (1 + ρ)/(1 − ρ)); the batch means of 20 frames see the correlation (they
        // underestimate by about (1 + ρ)/((1 − ρ) · 20) when it lasts longer)
        int replicas = 2;
        int per = 100;
        int elements = 20;
        double rho = 0.6;
        double[] weights = new double[elements];
        Arrays.fill(weights, 1.0 / elements);
        double[] w = new double[replicas * per];
        Arrays.fill(w, 1.0 / w.length);
        SplittableRandom random = new SplittableRandom(7);
        double estimated = 0;
        double actual = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            double[][] s = frames(random, replicas, per, elements, rho, 1, 0.1);
            double[] m = mean(s, w);
            estimated += Estimate.noise(s, w, m, weights, 5 * replicas) / trials;
            for (int c = 0; c < elements; c++) {
                actual += weights[c] * (m[c] - 1) * (m[c] - 1) / trials;
            }
        }
        double exact = 0.01 * (1 + rho) / (1 - rho) / (replicas * per);
        assertEquals(exact, actual, 0.1 * exact, "the spread of the mean itself");
        assertEquals(actual, estimated, 0.2 * actual, "batch means of 20 frames");
        assertTrue(estimated > 2.5 * 0.01 / (replicas * per), "well above the uncorrelated value");
    }

    @Test
    void weightsCountAsInTheMeanAndFewRunsGiveNaN() {
        double[][] s = {{1}, {3}, {1}, {3}};
        double[] equal = {0.25, 0.25, 0.25, 0.25};
        // runs {1, 3} and {1, 3}: equal means, no spread between them
        assertEquals(0, Estimate.noise(s, equal, mean(s, equal), new double[] {1}, 2), 1e-15);
        // four runs of one frame: means 1, 3, 1, 3 around 2 → Σ (w (S − 2))² · 4/3 = 4 · 0.0625 · 4/3
        assertEquals(1.0 / 3, Estimate.noise(s, equal, mean(s, equal), new double[] {1}, 4), 1e-15);
        // a frame of weight 0 adds nothing
        double[] one = {0.5, 0.5, 0, 0};
        assertEquals(4.0 / 3 * 0.5, Estimate.noise(s, one, mean(s, one), new double[] {1}, 4), 1e-15);
        assertTrue(Double.isNaN(Estimate.noise(s, equal, mean(s, equal), new double[] {1}, 1)));
    }
}
