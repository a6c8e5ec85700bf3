package io.cgflow.train;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.Grid;
import io.cgflow.analysis.ReferenceAccumulator;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.md.MdSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The structural observables S(x) of one state as the trainer uses them: the distributions of one configuration,
 * computed by the reference tool's own code ({@link ReferenceAccumulator#frameValues}: the same bins, normalisation
 * and exclusions as the reference), cut to the fitted bins and laid end to end in one vector, with the reference
 * values and the loss weight of every element.
 *
 * <p>Fitted bins: an RDF from the first bin where the reference g(r) exceeds the contact threshold up to
 * {@code fit-max}; a bonded distribution over the bins between its first and last non-zero reference value. Weights:
 * every observable counts with its kind's weight divided by its number of fitted bins and by the square of its
 * reference peak height (1 for an RDF), so the loss of one observable is its mean squared deviation in units of its
 * peak: for an RDF, the square of the per-bin RMS deviation of g(r). An RDF whose reference is noisier (RMS block
 * error over its fitted bins) than {@link #NOISY_RDF} times the state's most precise RDF weighs (NOISY_RDF σ_min/σ)²
 * of that: a dilute component's pairs, whose few samples would otherwise make the steps follow their noise. The
 * RDF of overlapping beads, fitted from r ≈ 0, weighs its bins below {@link TrainSettingsFile#OVERLAP} by
 * (r/OVERLAP)², as their pair counts fall.
 *
 * <p>Pressure: when the reference records the state's pressure, S ends with one more element, the instantaneous
 * pressure P(x; θ) = (N k_BT + W(x; θ)/3)/V in bar (N beads, W the virial of the model's forces). It depends on θ as
 * well as on x, so {@link FrameCache} fills it per θ; its loss weight is {@code weights.pressure} / (ρ k_BT)², ρ the
 * bead number density: the loss term is the squared deviation in units of the beads' ideal-gas pressure.
 */
public final class Observables {
    /** One observable's fitted bins: {@code [lo, hi)} of its grid at {@code offset} in S. */
    public record Segment(Distribution.Kind kind, String name, int key, int lo, int hi, int offset, double scale,
                          double weight, Grid grid) {
        public int bins() {
            return hi - lo;
        }

        /** Bin centre of fitted element {@code k} (0-based within the segment). */
        public double x(int k) {
            return grid.min() + (lo + k + 0.5) * grid.width();
        }
    }

    /**
     * Reference noise (RMS block error over the fitted bins), relative to the state's most precise RDF, beyond which
     * an RDF's weight falls as the square of the ratio.
     */
    static final double NOISY_RDF = 3;

    private final ReferenceAccumulator accumulator;
    private final List<Segment> segments;
    private final double[] target;
    private final double[] weights;
    private final int keys;
    /** Index of the pressure in S, or −1 when the reference has no pressure. */
    private final int pressureIndex;
    /** Σ_k W_k σ_k² over the reference's block errors σ_k: the loss that its own noise makes. */
    private final double floor;

    private Observables(ReferenceAccumulator accumulator, List<Segment> segments, double[] target, double[] weights,
                        int keys, int pressureIndex, double floor) {
        this.accumulator = accumulator;
        this.floor = floor;
        this.segments = List.copyOf(segments);
        this.target = target;
        this.weights = weights;
        this.keys = keys;
        this.pressureIndex = pressureIndex;
    }

    /** The observables of {@code state} with the fitted range and weights of {@code settings}. */
    public static Observables of(TrainingState state, TrainSettings settings) {
        ReferenceDistributions ref = state.reference();
        Distribution anyRdf = ref.distributions().stream().filter(d -> d.kind() == Distribution.Kind.RDF)
            .findFirst().orElseThrow();
        double w = anyRdf.grid().width();
        int fitBins = (int) Math.floor(settings.fitMax() / w + 1e-9);
        if (settings.fitMax() > state.halfWidth() * (1 + 1e-9)) {
            throw new InputException(String.format(Locale.ROOT, "fit-max %.4g nm is longer than half the sampling box"
                + " of %s (%.4g nm)", settings.fitMax(), state.name(), state.halfWidth()));
        }
        Grid bond = grid(ref, Distribution.Kind.BOND, Grid.of(0, DistributionSettings.DEFAULT_BOND_MAX,
            DistributionSettings.DEFAULT_BOND_BIN));
        Grid angle = grid(ref, Distribution.Kind.ANGLE, Grid.of(0, 180, DistributionSettings.DEFAULT_ANGLE_BIN));
        Grid dihedral = grid(ref, Distribution.Kind.DIHEDRAL, Grid.of(-180, 180,
            DistributionSettings.DEFAULT_DIHEDRAL_BIN));
        if (bond.min() != 0) {
            throw InputException.in(state.file(), "bond distributions must start at 0 nm, not " + bond.min());
        }
        DistributionSettings ds = new DistributionSettings(fitBins * w, w, bond.max(), bond.width(), angle.width(),
            dihedral.width());
        ReferenceAccumulator acc = new ReferenceAccumulator(state.topology(), ds, 1, 1);
        List<ReferenceAccumulator.Key> keys = acc.keys();
        for (Distribution r : ref.distributions()) {
            if (r.kind() != Distribution.Kind.RDF
                && keys.stream().noneMatch(k -> k.kind() == r.kind() && k.name().equals(r.name()))) {
                // the term would drop out of the loss silently, and the RDFs would count pairs the reference excluded
                Path where = state.startFile() == null ? state.file() : state.startFile();
                throw InputException.in(where, "the reference " + state.file().getFileName() + " has the "
                    + r.kind().prefix() + " distribution " + r.name() + ", which the sampled system's molecules do not"
                    + " have: make the start file with the reference's mapping (cgflow-reference --cg-output)");
            }
        }
        List<Segment> segments = new ArrayList<>();
        List<double[]> targets = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        List<Double> noise = new ArrayList<>();
        int offset = 0;
        for (int d = 0; d < keys.size(); d++) {
            ReferenceAccumulator.Key key = keys.get(d);
            Optional<Distribution> found;
            if (key.kind() == Distribution.Kind.RDF) {
                String[] ab = rdfTypes(key.name(), state.types());
                found = ref.rdf(ab[0], ab[1]);
            } else {
                found = ref.find(key.kind(), key.name());
            }
            if (found.isEmpty()) {
                throw InputException.in(state.file(), "has no " + key.kind().prefix() + " distribution " + key.name()
                    + ", which the sampled system" + (state.startFile() == null ? "" : " (" + state.startFile()
                    .getFileName() + ")") + " has");
            }
            Distribution r = found.get();
            double[] v = r.value();
            int lo;
            int hi;
            double scale;
            if (key.kind() == Distribution.Kind.RDF) {
                if (r.grid().min() != 0 || fitBins > r.grid().bins()) {
                    throw InputException.in(state.file(), String.format(Locale.ROOT, "the RDF %s reaches %.4g nm, the"
                        + " fit range needs %.4g nm", r.name(), r.grid().max(), fitBins * w));
                }
                lo = 0;
                while (lo < fitBins && !(v[lo] > settings.contactThreshold())) {
                    lo++;
                }
                hi = fitBins;
                scale = 1;
            } else {
                if (!r.grid().equals(key.grid())) {
                    throw InputException.in(state.file(), "the " + key.kind().prefix() + " distribution " + r.name()
                        + " has the grid " + r.grid() + ", expected " + key.grid());
                }
                lo = 0;
                while (lo < v.length && v[lo] == 0) {
                    lo++;
                }
                hi = v.length;
                while (hi > lo && v[hi - 1] == 0) {
                    hi--;
                }
                scale = 0;
                for (double y : v) {
                    scale = Math.max(scale, y);
                }
            }
            if (hi <= lo) {
                if (key.kind() == Distribution.Kind.RDF) {
                    double largest = 0;
                    for (int k = 0; k < Math.min(fitBins, v.length); k++) {
                        largest = Math.max(largest, v[k]);
                    }
                    throw InputException.in(state.file(), String.format(Locale.ROOT, "the RDF %s has no bin with g"
                        + " above contact-threshold %.3g below fit-max %.4g nm (its largest value there is %.4g): a"
                        + " g(r) of a liquid reaches about 1 and above; check the reference, or the settings"
                        + " contact-threshold and fit-max", r.name(), settings.contactThreshold(), settings.fitMax(),
                        largest));
                }
                throw InputException.in(state.file(), "the " + key.kind().prefix() + " distribution " + r.name()
                    + " has no bins to fit below fit-max " + settings.fitMax() + " nm");
            }
            String kind = key.kind().prefix();
            double weight = settings.weight(kind) / (hi - lo) / (scale * scale);
            if (key.kind() == Distribution.Kind.RDF) {
                double e2 = 0;
                for (int k = lo; k < hi; k++) {
                    e2 += r.error()[k] * r.error()[k];
                }
                noise.add(e2 / (hi - lo));
            } else {
                noise.add(Double.NaN);
            }
            segments.add(new Segment(key.kind(), key.name(), d, lo, hi, offset, scale, weight, key.grid()));
            double[] t = new double[hi - lo];
            System.arraycopy(v, lo, t, 0, hi - lo);
            targets.add(t);
            errors.add(Arrays.copyOfRange(r.error(), lo, hi));
            offset += hi - lo;
        }
        double pressure = ref.summary().pressure();
        int pressureIndex = Double.isFinite(pressure) ? offset : -1;
        int size = offset + (pressureIndex >= 0 ? 1 : 0);
        double[] target = new double[size];
        double[] weights = new double[size];
        double quietest = noise.stream().filter(v -> v > 0 && Double.isFinite(v)).mapToDouble(Double::doubleValue)
            .min().orElse(Double.NaN);
        for (int s = 0; s < segments.size(); s++) {
            Segment seg = segments.get(s);
            System.arraycopy(targets.get(s), 0, target, seg.offset(), seg.bins());
            double v = noise.get(s);
            if (v > 0 && Double.isFinite(v) && NOISY_RDF * NOISY_RDF * quietest < v) {
                seg = new Segment(seg.kind(), seg.name(), seg.key(), seg.lo(), seg.hi(), seg.offset(), seg.scale(),
                    seg.weight() * NOISY_RDF * NOISY_RDF * quietest / v, seg.grid());
                segments.set(s, seg);
            }
            Arrays.fill(weights, seg.offset(), seg.offset() + seg.bins(), seg.weight());
            if (seg.kind() == Distribution.Kind.RDF && seg.x(0) < TrainSettingsFile.OVERLAP) {
                // overlapping beads (g above the threshold from r ≈ 0): a shell's pairs, and so the precision of its
                // g, fall as r², and the first bins are noise (a thousand beads of a Gaussian-core liquid, 400
                // frames: g = 0.45 ± 0.24 in the bin at 0.005 nm, 2 pairs); weighted by (r/OVERLAP)² below OVERLAP,
                // every bin there adds about the noise of the bin at OVERLAP, and the loss still sees beads that
                // pile up at r ≈ 0
                for (int k = 0; k < seg.bins(); k++) {
                    double q = seg.x(k) / TrainSettingsFile.OVERLAP;
                    weights[seg.offset() + k] *= Math.min(1, q * q);
                }
            }
        }
        if (pressureIndex >= 0) {
            double ideal = state.topology().size() / Math.abs(state.box().volume()) * MdSettings.KB
                * state.temperature() * MdSettings.BAR;
            target[pressureIndex] = pressure;
            weights[pressureIndex] = settings.weight("pressure") / (ideal * ideal);
        }
        double floor = 0;
        for (int s = 0; s < segments.size(); s++) {
            double[] e = errors.get(s);
            for (int k = 0; k < e.length; k++) {
                floor += Double.isFinite(e[k]) ? weights[segments.get(s).offset() + k] * e[k] * e[k] : 0;
            }
        }
        return new Observables(acc, segments, target, weights, keys.size(), pressureIndex, floor);
    }

    private static Grid grid(ReferenceDistributions ref, Distribution.Kind kind, Grid fallback) {
        return ref.distributions().stream().filter(d -> d.kind() == kind).map(Distribution::grid).findFirst()
            .orElse(fallback);
    }

    /** Splits an RDF name {@code A-B} into two of the given types (type names may contain '-'). */
    static String[] rdfTypes(String name, List<String> types) {
        for (String a : types) {
            if (name.startsWith(a + "-") && types.contains(name.substring(a.length() + 1))) {
                return new String[] {a, name.substring(a.length() + 1)};
            }
        }
        throw new IllegalArgumentException("RDF name " + name + " is not two of " + types);
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Index of the pressure (bar) in S, or −1 when the state has no pressure target. */
    public int pressureIndex() {
        return pressureIndex;
    }

    /**
     * The part of the loss that the reference's own noise makes, Σ_k W_k σ_k² with σ_k its block standard errors
     * (the pressure's error is not recorded: 0): a model as good as the true potential, sampled without end, still
     * shows it, and no step can remove it but by fitting that noise.
     */
    public double floor() {
        return floor;
    }

    /** Elements of S. */
    public int size() {
        return target.length;
    }

    /** The reference values of S (a copy). */
    public double[] target() {
        return target.clone();
    }

    /** Loss weight of every element of S (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** A calculator of S(x) (holds the pair counter's buffers: one per thread). */
    public Calculator calculator() {
        return new Calculator();
    }

    /** Computes S(x) for configurations of this state's sampling system. */
    public final class Calculator {
        private final ReferenceAccumulator.Observer observer = accumulator.observer();
        private final double[][] values;
        private float[] buffer = new float[0];

        Calculator() {
            List<ReferenceAccumulator.Key> k = accumulator.keys();
            values = new double[keys][];
            for (int d = 0; d < keys; d++) {
                values[d] = new double[k.get(d).grid().bins()];
            }
        }

        /** S(x) of positions {@code x} (nm) in {@code box}. */
        public double[] of(double[] x, Box box) {
            if (buffer.length != x.length) {
                buffer = new float[x.length];
            }
            for (int i = 0; i < x.length; i++) {
                buffer[i] = (float) x[i];
            }
            accumulator.frameValues(observer.observe(buffer, box), values);
            double[] s = new double[target.length];
            for (Segment seg : segments) {
                System.arraycopy(values[seg.key()], seg.lo(), s, seg.offset(), seg.bins());
            }
            return s;
        }
    }
}
