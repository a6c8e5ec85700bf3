package io.cgflow.validate;

import io.cgflow.analysis.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One CG distribution against the atomistic one of the same state, kind and name, bin by bin on the atomistic
 * grid (a CG distribution on another grid is interpolated linearly onto it; bins outside its grid then drop out).
 *
 * <p>The compared range runs from the first to the last bin where either distribution exceeds a thousandth of
 * the atomistic peak: CG beads closer than the atomistic contact count against the model. Over that range:
 * <ul>
 *   <li>RMS and largest deviation, absolute and relative to the atomistic peak height;</li>
 *   <li>Jensen–Shannon divergence (bits, 0 to 1) of the two as probability distributions over the whole grid
 *       (an RDF weighted by r², the pair density of a shell; bonded densities as they are);</li>
 *   <li>first peak: the first local maximum of the running mean (over {@link #SMOOTHING} of the grid, at least 3
 *       bins) that reaches half the highest value; its position and smoothed height in both, so that single-bin
 *       noise neither moves the peak nor counts as one;</li>
 *   <li>RDF only: the coordination number n = 4πρ_B ∫₀^r_min g r² dr of both up to the atomistic first minimum
 *       r_min after the first peak (first local minimum of the same running mean; ρ_B the number density of the
 *       second type).</li>
 * </ul>
 *
 * <p>Judged against the statistical noise of both (their block errors): the RMS deviation fails its limit only
 * when it is also above {@link #NOISE_RMS} times the combined noise σ = √(mean of σ_atomistic² + σ_CG² over the
 * range), and the largest deviation only when it is also above {@link #NOISE_MAX} times the combined error of its
 * bin — as the CG temperature fails only beyond three standard errors. A short or small atomistic reference can
 * then not fail a model for differences it cannot resolve itself.
 */
public final class DistributionComparison {
    private static final double RANGE_FRACTION = 1e-3;
    /** Width of the running mean for peaks and minima, as a fraction of the grid's bins. */
    static final double SMOOTHING = 0.015;
    /** The RMS deviation fails only above this many combined noise RMS. */
    static final double NOISE_RMS = 3;
    /** The largest deviation fails only above this many combined block errors of its bin. */
    static final double NOISE_MAX = 5;

    private DistributionComparison() {
    }

    /** What the comparison found, and the limits it broke. */
    public record Result(Distribution.Kind kind, String name, boolean resampled, double rangeMin, double rangeMax,
                         int bins, double rms, double rmsRelative, double maxDeviation, double maxDeviationAt,
                         double maxRelative, double jsd, double referenceNoise, Peak referencePeak, Peak cgPeak,
                         double firstMinimum, double referenceCoordination, double cgCoordination,
                         double[] x, double[] reference, double[] referenceError, double[] cg, double[] cgError,
                         List<String> failures) {
        public Result {
            failures = List.copyOf(failures);
        }

        public boolean passed() {
            return failures.isEmpty();
        }

        public double peakShift() {
            return cgPeak.position() - referencePeak.position();
        }

        public double peakHeightRelative() {
            return referencePeak.height() > 0 ? (cgPeak.height() - referencePeak.height()) / referencePeak.height()
                : Double.NaN;
        }

        public double coordinationRelative() {
            return referenceCoordination > 0 ? (cgCoordination - referenceCoordination) / referenceCoordination
                : Double.NaN;
        }
    }

    /** A peak: position (nm or degrees) and height (NaN, NaN when the distribution is empty). */
    public record Peak(double position, double height) {
    }

    /**
     * Compares {@code cg} with {@code reference} (same kind); {@code densityB} is the number density (nm⁻³) of the
     * RDF's second type in the atomistic state (ignored for bonded kinds).
     */
    public static Result compare(Distribution reference, Distribution cg, double densityB, Tolerances.Limits limits) {
        if (reference.kind() != cg.kind()) {
            throw new IllegalArgumentException(reference.name() + ": " + reference.kind() + " against " + cg.kind());
        }
        double[] x = reference.x();
        double[] ref = reference.value();
        double[] refErr = reference.error();
        boolean resampled = !sameGrid(reference, cg);
        double[] c = resampled ? interpolate(cg.x(), cg.value(), x) : cg.value().clone();
        double[] cErr = resampled ? interpolate(cg.x(), cg.error(), x) : cg.error().clone();
        int n = x.length;
        double peak = 0;
        for (double v : ref) {
            peak = Math.max(peak, v);
        }
        double threshold = RANGE_FRACTION * peak;
        int lo = -1;
        int hi = -1;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(c[i])) {
                continue;
            }
            if (ref[i] > threshold || c[i] > threshold) {
                if (lo < 0) {
                    lo = i;
                }
                hi = i;
            }
        }
        double width = reference.grid().width();
        double sq = 0;
        double noise = 0;
        int noiseBins = 0;
        int bins = 0;
        double maxDev = 0;
        double maxAt = Double.NaN;
        double[] p = new double[n];
        double[] q = new double[n];
        double sp = 0;
        double sqq = 0;
        boolean rdf = reference.kind() == Distribution.Kind.RDF;
        for (int i = Math.max(lo, 0); lo >= 0 && i <= hi; i++) {
            if (Double.isNaN(c[i])) {
                continue;
            }
            double d = c[i] - ref[i];
            sq += d * d;
            bins++;
            if (Math.abs(d) > maxDev) {
                maxDev = Math.abs(d);
                maxAt = x[i];
            }
            if (Double.isFinite(refErr[i])) {
                noise += refErr[i] * refErr[i];
                noiseBins++;
            }
        }
        // JSD over the whole grid (bins where both are defined), so it does not depend on which is the reference
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(c[i]) || Double.isNaN(ref[i])) {
                continue;
            }
            double w = rdf ? x[i] * x[i] : 1;
            p[i] = Math.max(ref[i], 0) * w;
            q[i] = Math.max(c[i], 0) * w;
            sp += p[i];
            sqq += q[i];
        }
        double rms = bins > 0 ? Math.sqrt(sq / bins) : Double.NaN;
        double jsd = Double.NaN;
        if (sp > 0 && sqq > 0) {
            jsd = 0;
            for (int i = 0; i < n; i++) {
                double a = p[i] / sp;
                double b = q[i] / sqq;
                double m = 0.5 * (a + b);
                if (a > 0) {
                    jsd += 0.5 * a * log2(a / m);
                }
                if (b > 0) {
                    jsd += 0.5 * b * log2(b / m);
                }
            }
            jsd = Math.max(0, jsd);
        }
        Peak refPeak = firstPeak(x, ref);
        Peak cgPeak = firstPeak(x, c);
        double rMin = Double.NaN;
        double nRef = Double.NaN;
        double nCg = Double.NaN;
        if (rdf && Double.isFinite(refPeak.position()) && densityB > 0) {
            rMin = firstMinimumAfter(x, ref, refPeak.position());
            if (Double.isFinite(rMin)) {
                nRef = coordination(x, ref, width, rMin, densityB);
                nCg = coordination(x, c, width, rMin, densityB);
            }
        }
        double rel = peak > 0 ? 1 / peak : Double.NaN;
        Result partial = new Result(reference.kind(), reference.name(), resampled, lo >= 0 ? x[lo] - width / 2 : Double.NaN,
            hi >= 0 ? x[hi] + width / 2 : Double.NaN, bins, rms, rms * rel, maxDev, maxAt, maxDev * rel, jsd,
            noiseBins > 0 ? Math.sqrt(noise / noiseBins) : Double.NaN, refPeak, cgPeak, rMin, nRef, nCg, x, ref,
            refErr, c, cErr, List.of());
        return withFailures(partial, limits, reference.kind().unit());
    }

    private static Result withFailures(Result r, Tolerances.Limits l, String unit) {
        List<String> f = new ArrayList<>();
        if (r.bins() == 0) {
            f.add("no bins to compare (both distributions empty)");
        }
        if (!(r.rms() <= NOISE_RMS * combinedNoise(r))) {
            check(f, "rms_relative", r.rmsRelative(), l.rmsRelative(), "");
        }
        if (!(r.maxDeviation() <= NOISE_MAX * combinedError(r, r.maxDeviationAt()))) {
            check(f, "max_relative", r.maxRelative(), l.maxRelative(), "");
        }
        check(f, "jsd", r.jsd(), l.jsd(), " bits");
        check(f, "peak_shift", Math.abs(r.peakShift()), l.peakShift(), " " + unit);
        check(f, "peak_height_relative", Math.abs(r.peakHeightRelative()), l.peakHeightRelative(), "");
        check(f, "coordination_relative", Math.abs(r.coordinationRelative()), l.coordinationRelative(), "");
        return new Result(r.kind(), r.name(), r.resampled(), r.rangeMin(), r.rangeMax(), r.bins(), r.rms(),
            r.rmsRelative(), r.maxDeviation(), r.maxDeviationAt(), r.maxRelative(), r.jsd(), r.referenceNoise(),
            r.referencePeak(), r.cgPeak(), r.firstMinimum(), r.referenceCoordination(), r.cgCoordination(), r.x(),
            r.reference(), r.referenceError(), r.cg(), r.cgError(), f);
    }

    /**
     * The combined noise of the two over the compared range: √(mean of σ_atomistic² + σ_CG²) over the bins where the
     * atomistic block error is known (a CG error that is not known counts as 0); NaN when none is.
     */
    public static double combinedNoise(Result r) {
        double sum = 0;
        int bins = 0;
        for (int i = 0; i < r.x().length; i++) {
            double e = combinedAt(r, i);
            if (r.x()[i] >= r.rangeMin() && r.x()[i] <= r.rangeMax() && Double.isFinite(e)) {
                sum += e * e;
                bins++;
            }
        }
        return bins > 0 ? Math.sqrt(sum / bins) : Double.NaN;
    }

    /** √(σ_atomistic² + σ_CG²) of the bin at x (NaN without an atomistic error there). */
    private static double combinedError(Result r, double at) {
        for (int i = 0; i < r.x().length; i++) {
            if (r.x()[i] == at) {
                return combinedAt(r, i);
            }
        }
        return Double.NaN;
    }

    private static double combinedAt(Result r, int i) {
        double a = r.referenceError()[i];
        double b = r.cgError() == null || Double.isNaN(r.cgError()[i]) ? 0 : r.cgError()[i];
        return Double.isFinite(a) ? Math.sqrt(a * a + b * b) : Double.NaN;
    }

    /** Adds a failure when a judged value is above its limit or could not be computed. */
    static void check(List<String> failures, String key, double value, double limit, String unit) {
        if (Double.isNaN(limit)) {
            return;
        }
        if (Double.isNaN(value)) {
            return;   // not defined for this distribution (e.g. no peak): reported as null, not judged
        }
        if (value > limit) {
            failures.add(String.format(Locale.ROOT, "%s %.4g%s > %.4g%s", key, value, unit, limit, unit));
        }
    }

    private static boolean sameGrid(Distribution a, Distribution b) {
        return a.grid().bins() == b.grid().bins() && Math.abs(a.grid().min() - b.grid().min()) < 1e-9
            && Math.abs(a.grid().width() - b.grid().width()) < 1e-12;
    }

    /** Linear interpolation of (xs, ys) at x; NaN outside [xs₀, xs_last]. */
    static double[] interpolate(double[] xs, double[] ys, double[] x) {
        double[] out = new double[x.length];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            double t = x[i];
            if (xs.length == 0 || t < xs[0] - 1e-12 || t > xs[xs.length - 1] + 1e-12) {
                out[i] = Double.NaN;
                continue;
            }
            while (k + 1 < xs.length - 1 && xs[k + 1] < t) {
                k++;
            }
            if (xs.length == 1) {
                out[i] = ys[0];
                continue;
            }
            int j = Math.min(k + 1, xs.length - 1);
            double f = xs[j] == xs[k] ? 0 : (t - xs[k]) / (xs[j] - xs[k]);
            out[i] = ys[k] + Math.max(0, Math.min(1, f)) * (ys[j] - ys[k]);
        }
        return out;
    }

    /** Running mean over an odd window of max(3, SMOOTHING × bins) bins (NaN bins left out). */
    static double[] smooth(double[] y) {
        int half = Math.max(1, (int) Math.round(SMOOTHING * y.length / 2));
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double sum = 0;
            int c = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(y.length - 1, i + half); j++) {
                if (Double.isFinite(y[j])) {
                    sum += y[j];
                    c++;
                }
            }
            s[i] = c > 0 ? sum / c : Double.NaN;
        }
        return s;
    }

    /** The first local maximum of the running mean that reaches half its highest value: position, smoothed height. */
    static Peak firstPeak(double[] x, double[] y) {
        double[] s = smooth(y);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        if (!(max > 0)) {
            return new Peak(Double.NaN, Double.NaN);
        }
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] >= 0.5 * max)) {
                continue;
            }
            boolean left = i == 0 || !(s[i - 1] > s[i]);
            boolean right = i == s.length - 1 || !(s[i + 1] > s[i]);
            if (left && right) {
                return new Peak(x[i], s[i]);
            }
        }
        return new Peak(Double.NaN, Double.NaN);
    }

    /** The first local minimum of the running mean after {@code after}; NaN when the curve only falls. */
    static double firstMinimumAfter(double[] x, double[] y, double after) {
        double[] s = smooth(y);
        for (int i = 1; i + 1 < s.length; i++) {
            if (x[i] <= after) {
                continue;
            }
            if (s[i] <= s[i - 1] && s[i] < s[i + 1]) {
                return x[i];
            }
        }
        return Double.NaN;
    }

    /** 4πρ Σ g(r_i) r_i² Δr over the bins with centres below rMax. */
    static double coordination(double[] x, double[] g, double width, double rMax, double density) {
        double sum = 0;
        for (int i = 0; i < x.length && x[i] < rMax; i++) {
            if (Double.isFinite(g[i])) {
                sum += g[i] * x[i] * x[i] * width;
            }
        }
        return 4 * Math.PI * density * sum;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
