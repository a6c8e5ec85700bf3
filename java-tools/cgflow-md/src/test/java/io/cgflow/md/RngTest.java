package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    private static final int N = 2_000_000;

    /** The standard normal density integrated over [a, b] by Simpson's rule. */
    private static double probability(double a, double b) {
        int m = 400;
        double h = (b - a) / m;
        double s = 0;
        for (int i = 0; i <= m; i++) {
            double x = a + i * h;
            double w = i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2;
            s += w * Math.exp(-0.5 * x * x);
        }
        return s * h / 3 / Math.sqrt(2 * Math.PI);
    }

    @Test
    void normalDeviatesHaveTheMomentsTheHistogramAndTheTailsOfTheNormal() {
        Rng rng = new Rng(42, 7);
        double lo = -5;
        double width = 0.25;
        long[] counts = new long[40];
        long outside = 0;
        long tail = 0;
        double m1 = 0;
        double m2 = 0;
        double m4 = 0;
        for (int k = 0; k < N; k++) {
            double x = rng.nextGaussian();
            m1 += x;
            m2 += x * x;
            m4 += x * x * x * x;
            int bin = (int) Math.floor((x - lo) / width);
            if (bin >= 0 && bin < counts.length) {
                counts[bin]++;
            } else {
                outside++;
            }
            if (Math.abs(x) > 4) {
                tail++;
            }
        }
        m1 /= N;
        m2 /= N;
        m4 /= N;
        assertEquals(0, m1, 4 * Math.sqrt(1.0 / N));
        assertEquals(1, m2, 4 * Math.sqrt(2.0 / N));
        assertEquals(3, m4, 4 * Math.sqrt(96.0 / N));
        // χ² over 40 bins of 0.25 from −5 to 5 (39 degrees of freedom; 99.9 % quantile 72.1)
        double chi2 = 0;
        for (int b = 0; b < counts.length; b++) {
            double expected = N * probability(lo + b * width, lo + (b + 1) * width);
            if (expected >= 5) {
                chi2 += (counts[b] - expected) * (counts[b] - expected) / expected;
            }
        }
        assertTrue(chi2 < 72.1, "chi² " + chi2);
        // beyond 4σ (6.33·10⁻⁵), which the ziggurat's tail and wedges produce; beyond 5σ: 5.7·10⁻⁷
        double expectedTail = N * 2 * probability(4, 12);
        assertEquals(expectedTail, tail, 4 * Math.sqrt(expectedTail));
        assertTrue(outside < 10, "beyond ±5σ: " + outside);
    }

    @Test
    void theSameCounterGivesTheSameDeviates() {
        Rng a = new Rng(3, 1);
        for (int k = 0; k < 1000; k++) {
            a.nextGaussian();
        }
        long at = a.counter();
        double[] first = new double[100];
        for (int k = 0; k < first.length; k++) {
            first[k] = a.nextGaussian();
        }
        Rng b = new Rng(3, 1);
        b.setCounter(at);
        for (double x : first) {
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(b.nextGaussian()));
        }
    }
}
