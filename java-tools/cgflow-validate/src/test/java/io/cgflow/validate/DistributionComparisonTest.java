package io.cgflow.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.Grid;
import org.junit.jupiter.api.Test;

class DistributionComparisonTest {
    private static final Grid GRID = Grid.of(0, 1.5, 0.002);
    private final Tolerances.Limits rdfLimits = Tolerances.defaults().limits(Distribution.Kind.RDF);

    @Test
    void identicalDistributionsPassWithZeroDeviation() {
        Distribution g = Fixtures.rdf("A", "B", GRID, Fixtures.liquid(0.4, 1.5), 0.01);
        DistributionComparison.Result r = DistributionComparison.compare(g, g, 10, rdfLimits);
        assertEquals(0, r.rms(), 0);
        assertEquals(0, r.jsd(), 1e-15);
        assertEquals(0, r.peakShift(), 0);
        assertEquals(r.referenceCoordination(), r.cgCoordination(), 0);
        assertEquals(0.01, r.referenceNoise(), 1e-12);
        assertTrue(r.passed(), r.failures().toString());
        assertFalse(r.resampled());
        assertEquals(0.4, r.referencePeak().position(), 0.002);
    }

    @Test
    void coordinationNumberMatchesAnIndependentIntegral() {
        var f = Fixtures.liquid(0.4, 1.5);
        Distribution g = Fixtures.rdf("A", "B", GRID, f, 0.01);
        DistributionComparison.Result r = DistributionComparison.compare(g, g, 10, rdfLimits);
        double rMin = r.firstMinimum();
        // the minimum of the analytic curve after its peak, by a fine scan
        double best = 0.41;
        for (double x = 0.41; x < 0.7; x += 1e-5) {
            if (f.applyAsDouble(x) < f.applyAsDouble(best)) {
                best = x;
            }
        }
        assertEquals(best, rMin, 0.006);
        // Simpson's rule on the analytic g up to the same r_min
        int n = 20000;
        double h = rMin / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double x = i * h;
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            s += w * Math.max(0, f.applyAsDouble(x)) * x * x;
        }
        double expected = 4 * Math.PI * 10 * s * h / 3;
        assertEquals(expected, r.referenceCoordination(), 0.01 * expected);
    }

    @Test
    void aShiftedPeakIsMeasuredAndFails() {
        Distribution ref = Fixtures.rdf("A", "B", GRID, Fixtures.liquid(0.4, 1.5), 0.01);
        Distribution cg = Fixtures.rdf("A", "B", GRID, Fixtures.liquid(0.43, 1.5), 0.01);
        DistributionComparison.Result r = DistributionComparison.compare(ref, cg, 10, rdfLimits);
        assertEquals(0.03, r.peakShift(), 0.004);
        assertFalse(r.passed());
        assertTrue(r.failures().stream().anyMatch(s -> s.startsWith("peak_shift")), r.failures().toString());
        assertTrue(r.rmsRelative() > 0.02);
        // the largest deviation sits on a flank of the peak
        assertEquals(0.4, r.maxDeviationAt(), 0.05);
    }

    /**
     * A reference with block errors of 0.08 whose values scatter by that much: a CG curve equal to the true one
     * differs from it by more than the rms_relative and max_relative limits, but within the noise — it passes;
     * the same CG curve 30 % too high differs beyond the noise and fails.
     */
    @Test
    void deviationsWithinTheNoiseOfTheReferencePass() {
        var f = Fixtures.liquid(0.4, 1.5);
        Distribution truth = Fixtures.rdf("A", "B", GRID, f, 0.01);
        java.util.Random rnd = new java.util.Random(4);
        double[] noisy = truth.value().clone();
        double[] error = new double[noisy.length];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = Math.max(0, noisy[i] + (noisy[i] > 0 ? 0.08 * rnd.nextGaussian() : 0));
            error[i] = 0.08;
        }
        Distribution ref = new Distribution(Distribution.Kind.RDF, "A-B", "A", "B", GRID, truth.x(), noisy, error,
            truth.counts(), 1000, 0);
        DistributionComparison.Result r = DistributionComparison.compare(ref, truth, 10, rdfLimits);
        assertTrue(r.rmsRelative() > rdfLimits.rmsRelative(), "beyond the limit: " + r.rmsRelative());
        assertTrue(r.maxRelative() > rdfLimits.maxRelative() / 2, "a large single-bin deviation: " + r.maxRelative());
        assertEquals(Math.sqrt(0.08 * 0.08 + 0.01 * 0.01), DistributionComparison.combinedNoise(r), 1e-12);
        assertTrue(r.failures().stream().noneMatch(s -> s.startsWith("rms_relative") || s.startsWith("max_relative")),
            r.failures() + " max " + r.maxDeviation() + " at " + r.maxDeviationAt() + " ref " + r.referencePeak());

        var high = Fixtures.rdf("A", "B", GRID, x -> 1.3 * f.applyAsDouble(x), 0.01);
        DistributionComparison.Result off = DistributionComparison.compare(ref, high, 10, rdfLimits);
        assertTrue(off.failures().stream().anyMatch(s -> s.startsWith("rms_relative")), off.failures().toString());
    }

    @Test
    void jensenShannonIsOneBitForDisjointAndSymmetric() {
        Grid grid = Grid.of(0.1, 0.2, 0.001);
        Distribution a = Fixtures.bond("A-B", grid, 0.12, 0.002);
        Distribution b = Fixtures.bond("A-B", grid, 0.18, 0.002);
        Tolerances.Limits l = Tolerances.defaults().limits(Distribution.Kind.BOND);
        assertEquals(1, DistributionComparison.compare(a, b, 0, l).jsd(), 1e-6);
        Distribution c = Fixtures.bond("A-B", grid, 0.125, 0.004);
        assertEquals(DistributionComparison.compare(a, c, 0, l).jsd(), DistributionComparison.compare(c, a, 0, l).jsd(),
            1e-12);
        assertTrue(DistributionComparison.compare(a, c, 0, l).jsd() > 0.05);
    }

    @Test
    void cgOnAnotherGridIsInterpolatedOntoTheReference() {
        var f = Fixtures.liquid(0.4, 1.5);
        Distribution ref = Fixtures.rdf("A", "B", GRID, f, 0.01);
        Distribution cg = Fixtures.rdf("A", "B", Grid.of(0, 1.2, 0.001), f, 0.01);
        DistributionComparison.Result r = DistributionComparison.compare(ref, cg, 10, rdfLimits);
        assertTrue(r.resampled());
        assertTrue(r.rms() < 0.01, "rms " + r.rms());
        // bins beyond the CG grid (1.2 nm) drop out
        assertEquals(1.2, r.rangeMax(), 0.003);
    }

    @Test
    void nullLimitsAreReportedNotJudged() {
        Distribution ref = Fixtures.rdf("A", "B", GRID, Fixtures.liquid(0.4, 1.5), 0.01);
        Distribution cg = Fixtures.rdf("A", "B", GRID, Fixtures.liquid(0.43, 1.5), 0.01);
        Tolerances.Limits none = new Tolerances.Limits(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);
        DistributionComparison.Result r = DistributionComparison.compare(ref, cg, 10, none);
        assertTrue(r.passed());
        assertTrue(r.rms() > 0);
    }
}
