package io.cgflow.train;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.core.InputException;
import io.cgflow.md.MdSettings;
import io.cgflow.nn.model.Activation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.cgflow.core.config.YamlFiles;

/**
 * The settings file of {@code cgflow-train} (YAML, keys as in docs/training.md) and the defaults derived from the
 * references for every key it leaves out. Unknown keys and values of the wrong kind or range are errors naming the
 * file and the key.
 */
public final class TrainSettingsFile {
    static final Set<String> KEYS = Set.of("hidden", "activation", "cutoff", "descriptor-min", "descriptor-spacing",
        "descriptor-width", "fit-max", "contact-threshold", "prior-strength", "optimizer", "learning-rate", "damping",
        "jacobian-shrinkage", "max-iterations", "patience", "replicas", "frames", "max-frames", "frame-interval", "equilibration", "dt", "friction", "sampler",
        "ess-threshold", "weights", "beads", "pretrain", "pair-stage", "pretrain-epochs",
        "backend");
    static final List<String> OPTIMIZERS = List.of("gauss-newton", "adam", "amsgrad");
    static final List<String> SAMPLERS = List.of("langevin", "mc");
    static final List<String> BACKENDS = List.of("auto", "plain", "nd4j");

    private final Path file;
    private final Map<String, Object> values;

    private TrainSettingsFile(Path file, Map<String, Object> values) {
        this.file = file;
        this.values = values;
    }

    /** No file: every setting from its default. */
    public static TrainSettingsFile empty() {
        return new TrainSettingsFile(null, new LinkedHashMap<>());
    }

    public static TrainSettingsFile read(Path file) {
        Object root = YamlFiles.read(file, "settings file");
        Map<String, Object> map = new LinkedHashMap<>();
        if (root != null) {
            if (!(root instanceof Map<?, ?> m)) {
                throw InputException.in(file, "must be a mapping of setting: value");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!KEYS.contains(key)) {
                    throw InputException.in(file, "unknown setting '" + key + "' (known: " + new java.util.TreeSet<>(KEYS)
                        + ")");
                }
                map.put(key, e.getValue());
            }
        }
        return new TrainSettingsFile(file, map);
    }

    /** Sets a value as if the file had it (command-line options that override the file). */
    public TrainSettingsFile with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new TrainSettingsFile(file, copy);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** An error naming the settings file (or "settings" when there is none) and the setting. */
    InputException bad(String key, String problem) {
        String where = file == null ? "settings" : file.toString();
        return new InputException(where + ": setting '" + key + "': " + problem);
    }

    double number(String key, double defaultValue, double min, double max, boolean minOpen) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number n)) {
            throw bad(key, "must be a number, not '" + v + "'");
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d > max || (minOpen ? d <= min : d < min)) {
            throw bad(key, "must be " + (minOpen ? "> " : "≥ ") + min + (max < Double.MAX_VALUE ? " and ≤ " + max : "")
                + ", not " + v);
        }
        return d;
    }

    int integer(String key, int defaultValue, int min) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Integer i)) {
            throw bad(key, "must be a whole number, not '" + v + "'");
        }
        if (i < min) {
            throw bad(key, "must be at least " + min + ", not " + i);
        }
        return i;
    }

    String choice(String key, String defaultValue, List<String> allowed) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw bad(key, "must be one of " + allowed + ", not '" + v + "'");
        }
        return s;
    }

    /** A switch: true or false, {@code defaultValue} when the file does not set it. */
    boolean flag(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v != null && !(v instanceof Boolean)) {
            throw bad(key, "must be true or false, not '" + v + "'");
        }
        return v == null ? defaultValue : (Boolean) v;
    }

    List<Integer> hidden(List<Integer> defaultValue) {
        Object v = values.get("hidden");
        if (v == null) {
            return defaultValue;
        }
        return parseHidden(v, msg -> bad("hidden", msg));
    }

    /**
     * The most parameters a model may have, all bead types' networks together (each is a row of the fluctuation
     * Jacobian and a column of every cached frame's ∂E/∂θ): a hundred times the widest networks studied (3 × 64 on 40
     * descriptors, about 11 000 per type). Checked on the hidden layers alone when the settings are read, and on the
     * whole model once the descriptor's length is known.
     */
    static final long MAX_PARAMETERS = 1_000_000L;

    /** Hidden widths from {@code linear}, {@code 32,32}, {@code 2x32}, a YAML list or a number. */
    static List<Integer> parseHidden(Object v, java.util.function.Function<String, RuntimeException> error) {
        List<Integer> out = parseHiddenWidths(v, error);
        long weights = 0;
        for (int k = 0; k < out.size(); k++) {
            weights += (out.get(k) + 1L) * (k + 1 < out.size() ? out.get(k + 1) : 1);
        }
        if (weights > MAX_PARAMETERS) {
            throw error.apply("hidden layers " + v + " make " + weights + " weights between the hidden layers alone; at"
                + " most " + MAX_PARAMETERS + " (every parameter is a row of the fluctuation gradient's Jacobian)");
        }
        return out;
    }

    private static List<Integer> parseHiddenWidths(Object v, java.util.function.Function<String, RuntimeException> error) {
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Integer i) || i < 1) {
                    throw error.apply("hidden-layer widths must be whole numbers ≥ 1, not '" + o + "'");
                }
                out.add(i);
            }
            return out;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("linear") || s.equals("none")) {
            return out;
        }
        try {
            if (s.matches("\\d+x\\d+")) {
                int depth = Integer.parseInt(s.substring(0, s.indexOf('x')));
                int width = Integer.parseInt(s.substring(s.indexOf('x') + 1));
                if (depth < 1 || width < 1) {
                    throw new NumberFormatException();
                }
                for (int k = 0; k < depth; k++) {
                    out.add(width);
                }
                return out;
            }
            for (String part : s.split(",")) {
                int w = Integer.parseInt(part.trim());
                if (w < 1) {
                    throw new NumberFormatException();
                }
                out.add(w);
            }
        } catch (NumberFormatException e) {
            throw error.apply("give hidden-layer widths as 'linear', 'DxW' (e.g. 2x16) or 'W1,W2,…' (e.g. 32,16),"
                + " not '" + v + "'");
        }
        return out;
    }

    /**
     * The contact distance of every ordered type pair: the centre of the first RDF bin whose g exceeds
     * {@code threshold}, smallest over the references ([a·T + b], types of the first reference). A pair with fewer
     * than {@link #MIN_CONTACT_SAMPLES} pair samples gets at most the mean of its two types' smallest contacts with
     * well-sampled partners.
     */
    static double[] contacts(List<String> types, List<ReferenceDistributions> refs, double threshold) {
        int n = types.size();
        double[] c = new double[n * n];
        long[] samples = new long[n * n];
        java.util.Arrays.fill(c, Double.POSITIVE_INFINITY);
        for (ReferenceDistributions ref : refs) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    Distribution d = ref.rdf(types.get(a), types.get(b)).orElse(null);
                    if (d == null) {
                        continue;
                    }
                    for (long count : d.counts()) {
                        samples[a * n + b] += count;
                    }
                    c[a * n + b] = Math.min(c[a * n + b], contact(d, threshold));
                }
            }
        }
        // a pair seen in few samples (two aromatic side chains of one peptide: 101 in 101 frames) has as its contact
        // the closest approach those happened to show; it gets at most the mean of its types' contacts with partners
        // seen often enough. Else the prior's wall (0.9 of the contact) forbade what another state samples: a
        // peptide's 300 K contact of 1.04 nm against 0.50 nm in its 340 K holdout.
        double[] own = new double[n];
        java.util.Arrays.fill(own, Double.POSITIVE_INFINITY);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (samples[a * n + b] >= MIN_CONTACT_SAMPLES && Double.isFinite(c[a * n + b])) {
                    own[a] = Math.min(own[a], c[a * n + b]);
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (samples[a * n + b] < MIN_CONTACT_SAMPLES && Double.isFinite(own[a]) && Double.isFinite(own[b])) {
                    c[a * n + b] = Math.min(c[a * n + b], 0.5 * (own[a] + own[b]));
                }
            }
        }
        double fallback = java.util.Arrays.stream(c).filter(Double::isFinite).min().orElse(0.2);
        for (int k = 0; k < c.length; k++) {
            if (!Double.isFinite(c[k])) {
                c[k] = fallback;
            }
        }
        return c;
    }

    /**
     * The contact distance of one RDF: the centre of its first bin whose g exceeds {@code threshold}, or 0 when that
     * centre lies below {@link #OVERLAP}: the beads overlap (soft, penetrable beads such as polymer coils mapped to one
     * bead have g(0) &gt; 0), and there is no core to guard with a wall. Infinite for an RDF that never exceeds it.
     */
    static double contact(Distribution d, double threshold) {
        for (int k = 0; k < d.value().length; k++) {
            if (d.value()[k] > threshold) {
                return d.x()[k] < OVERLAP ? 0 : d.x()[k];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Whether g is within {@code tolerance} of 1 in every bin whose centre is below {@code fitMax}. */
    static boolean flat(Distribution d, double fitMax, double tolerance) {
        for (int k = 0; k < d.value().length && d.x()[k] < fitMax; k++) {
            if (!(Math.abs(d.value()[k] - 1) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /**
     * First contacts closer than this (nm) mean beads that overlap: no bead of a molecular CG model comes this close
     * to another it does not share a bond with (hydrogen bonds are 0.15 nm and longer).
     */
    static final double OVERLAP = 0.05;

    /** Pair samples (summed RDF counts over the references) below which a pair's own contact distance is not trusted. */
    static final long MIN_CONTACT_SAMPLES = 1000;

    /** The contact threshold (before the states exist: placement of beads needs it). */
    double contactThreshold() {
        return number("contact-threshold", 0.01, 0, 1, true);
    }

    /** Largest sampling system built from the composition. */
    static final int MAX_BEADS = 1_000_000;
    /** Largest number of Gaussians per neighbour type (the network's inputs are types × Gaussians). */
    static final int MAX_GAUSSIANS = 1000;

    /**
     * Refuses settings whose stored samples (per state, replica and frame: positions, descriptors and the energy
     * gradient) would not fit in a quarter of the heap, before anything is sampled: an exit for lack of memory would
     * read as an out-of-memory failure to a workflow, which retries it with more. The frames of a round may grow to
     * max-frames, so that is what must fit; a default max-frames is lowered (by halves, not below frames) to what
     * fits, and the settings are returned with it.
     */
    TrainSettings checkSampleMemory(int states, TrainSettings s, int beads, int descriptorLength, int types) {
        double parameters = 0;
        int in = descriptorLength;
        for (int width : s.hidden()) {
            parameters += (in + 1.0) * width;
            in = width;
        }
        parameters = types * (parameters + in + 1);
        if (parameters > MAX_PARAMETERS) {
            String where = file == null ? "settings" : file.toString();
            throw new InputException(String.format(Locale.ROOT, "%s: hidden layers %s on %d descriptors make %.0f"
                + " parameters for %d bead type(s); at most %d (each is a row of the fluctuation gradient's Jacobian and"
                + " of every cached frame's ∂E/∂θ)", where, s.hidden(), descriptorLength, parameters, types,
                MAX_PARAMETERS));
        }
        double perFrame = 8.0 * ((double) beads * (3 + descriptorLength) + parameters);
        double heap = Runtime.getRuntime().maxMemory();
        if (values.get("max-frames") == null) {
            // the default max-frames: the largest frames × 2^k up to its value whose samples fit
            int max = s.frames();
            while (2L * max <= s.maxFrames() && (double) states * s.replicas() * 2 * max * perFrame <= heap / 4) {
                max *= 2;
            }
            s = s.withMaxFrames(max);
        }
        double bytes = (double) states * s.replicas() * s.maxFrames() * perFrame;
        if (bytes > heap / 4) {
            String where = file == null ? "settings" : file.toString();
            throw new InputException(String.format(Locale.ROOT, "%s: the samples of %d state(s) × replicas %d × frames"
                + " %d (max-frames), each %d beads × %d descriptors and %.0f parameters, would take %.3g GiB, more than a"
                + " quarter of the %.1f GiB heap: lower frames, max-frames, replicas or beads, or widen"
                + " descriptor-spacing", where, states, s.replicas(), s.maxFrames(), beads, descriptorLength, parameters,
                bytes / (1L << 30), heap / (1L << 30)));
        }
        return s;
    }

    /**
     * max-frames as given (at least frames), or by default {@link TrainSettings#MAX_FRAMES_FACTOR_PAIR} × frames for a
     * linear model (a pair potential, sampled on its exact tables) and {@link TrainSettings#MAX_FRAMES_FACTOR} ×
     * frames for a network ({@link #checkSampleMemory} lowers a default that would not fit in memory).
     */
    private int maxFrames(int frames, boolean pairPotential) {
        if (values.get("max-frames") == null) {
            int factor = pairPotential ? TrainSettings.MAX_FRAMES_FACTOR_PAIR : TrainSettings.MAX_FRAMES_FACTOR;
            return (int) Math.min(Integer.MAX_VALUE, (long) factor * frames);
        }
        return integer("max-frames", frames, frames);
    }

    /**
     * The MD time step, ps: at least {@link #MIN_DT} (a CG step below 0.1 fs is a unit slip — fs for ps — and the
     * samplers would not move in their equilibration) and at most 1 ps.
     */
    private double timeStep(double defaultValue) {
        double dt = number("dt", defaultValue, 0, 1, true);
        if (has("dt") && dt < MIN_DT) {
            throw bad("dt", values.get("dt") + " ps is below 0.0001 ps (0.1 fs): the time step is in ps (2 fs is"
                + " 0.002)");
        }
        return dt;
    }

    /** The shortest time step a setting may give, ps. */
    static final double MIN_DT = 1e-4;

    /** Beads of a system built from the composition. */
    int beads(List<ReferenceDistributions> refs) {
        int fewest = refs.stream().mapToInt(r -> r.summary().beads()).min().orElse(512);
        int beads = integer("beads", Math.min(512, fewest), 2);
        if (beads > MAX_BEADS) {
            throw bad("beads", "must be at most " + MAX_BEADS + ", not " + beads + " (a sampling system of a few "
                + "hundred to a few thousand beads is what training needs)");
        }
        return beads;
    }

    /**
     * The longest time step for the RDFs of overlapping beads (contact 0, no core): their PMF −k_BT ln g changes by
     * k_BT over ℓ = 1/max |d ln ḡ/dr| (ḡ: g averaged over five bins, where it exceeds the contact threshold, from
     * {@link #OVERLAP} on: the few pairs of the shells below it make their g noise), and a
     * bead at the thermal speed √(k_BT/m) moves at most 0.15 ℓ per step — for a hard core the default's
     * 0.003 × contact is about that fraction of its wall's ℓ (argon: ℓ ≈ 0.006 nm). Infinite without such RDFs.
     */
    static double overlapTimeStep(List<TrainingState> states, double threshold, double kT, double mMin) {
        double steepest = 0;
        for (TrainingState s : states) {
            for (Distribution d : s.reference().distributions()) {
                if (d.kind() != Distribution.Kind.RDF || contact(d, threshold) != 0) {
                    continue;
                }
                double[] g = d.value();
                double previous = Double.NaN;
                for (int k = 0; k < g.length; k++) {
                    double mean = Pretraining.smoothed(g, k);
                    double log = mean > threshold && d.x()[k] >= OVERLAP ? Math.log(mean) : Double.NaN;
                    if (k > 0 && !Double.isNaN(log) && !Double.isNaN(previous)) {
                        steepest = Math.max(steepest, Math.abs(log - previous) / (d.x()[k] - d.x()[k - 1]));
                    }
                    previous = log;
                }
            }
        }
        return steepest == 0 ? Double.POSITIVE_INFINITY : 0.15 / steepest / Math.sqrt(kT / mMin);
    }

    /**
     * The longest time step that resolves the fastest bonded vibration of the references: a bond of spread σ
     * (standard deviation of its length) is a harmonic spring of k = k_BT/σ² and oscillates at ω = √(k_BT/μ)/σ,
     * with the reduced mass μ ≥ m_min/2; an angle of spread σ_θ moves the end bead by about b σ_θ with b the
     * shortest mean bond length. The step keeps ω dt ≤ 0.25 (25 steps per period): velocity Verlet at ω dt = 0.46
     * widened a propane bond's distribution into tails absent from the reference and threw a bond beyond its table
     * within 4000 steps, at 0.31 it sampled the reference's distribution. Infinite without bonded distributions.
     */
    static double bondedTimeStep(List<TrainingState> states, double kT, double mMin) {
        double speed = Math.sqrt(2 * kT / mMin);
        double shortestBond = Double.POSITIVE_INFINITY;
        double stiffest = Double.POSITIVE_INFINITY;
        for (TrainingState s : states) {
            for (Distribution d : s.reference().distributions()) {
                if (d.kind() == Distribution.Kind.BOND && d.mean() > 0) {
                    shortestBond = Math.min(shortestBond, d.mean());
                    stiffest = Math.min(stiffest, d.spread());
                }
            }
        }
        for (TrainingState s : states) {
            for (Distribution d : s.reference().distributions()) {
                if (d.kind() == Distribution.Kind.ANGLE && Double.isFinite(shortestBond)) {
                    stiffest = Math.min(stiffest, shortestBond * Math.toRadians(d.spread()));
                }
            }
        }
        return 0.25 * stiffest / speed;
    }

    /** Every setting, with defaults derived from the references and the sampling systems of the states. */
    public TrainSettings resolve(List<TrainingState> states, double[] contact, int beads) {
        List<Integer> hidden = hidden(List.of(16, 16));
        String act = choice("activation", "tanh", List.of("tanh", "sigmoid", "softplus", "relu"));
        double half = states.stream().mapToDouble(TrainingState::halfWidth).min().orElseThrow();
        double refMax = Double.POSITIVE_INFINITY;
        double minContact = Double.POSITIVE_INFINITY;
        double minCore = Double.POSITIVE_INFINITY;
        for (double c : contact) {
            minContact = Math.min(minContact, c);
            if (c > 0) {
                minCore = Math.min(minCore, c);
            }
        }
        for (TrainingState s : states) {
            for (Distribution d : s.reference().distributions()) {
                if (d.kind() == Distribution.Kind.RDF) {
                    refMax = Math.min(refMax, d.grid().max());
                }
            }
        }
        double fitMax = number("fit-max", Math.min(refMax, half), 0, Double.MAX_VALUE, true);
        if (fitMax > half * (1 + 1e-9) || fitMax > refMax * (1 + 1e-9)) {
            throw bad("fit-max", String.format(Locale.ROOT, "%.4g nm reaches beyond half the sampling box (%.4g nm) or"
                + " the reference RDFs (%.4g nm)", fitMax, half, refMax));
        }
        for (TrainingState st : states) {
            for (Distribution d : st.reference().distributions()) {
                if (d.kind() == Distribution.Kind.RDF && flat(d, fitMax, contactThreshold())) {
                    throw InputException.in(st.file(), String.format(Locale.ROOT, "the RDF %s is flat: g(r) is"
                        + " within contact-threshold %s of 1 from the first bin to fit-max %.4g nm, the structure of an"
                        + " ideal gas, which a zero potential gives; check the reference", d.name(), contactThreshold(),
                        fitMax));
                }
            }
        }
        double peak = 0;
        for (TrainingState st : states) {
            for (Distribution d : st.reference().distributions()) {
                if (d.kind() == Distribution.Kind.RDF) {
                    // not in the shells below OVERLAP: of overlapping beads they hold a few pairs, and one bin of
                    // them can outgrow the first peak by noise alone (a Gaussian-core liquid: g = 0.45 ± 0.24 there)
                    int best = -1;
                    for (int k = 0; k < d.value().length; k++) {
                        if (d.x()[k] >= OVERLAP && (best < 0 || d.value()[k] > d.value()[best])) {
                            best = k;
                        }
                    }
                    peak = Math.max(peak, best < 0 ? 0 : d.x()[best]);
                }
            }
        }
        double cutoffDefault = Math.round(Math.min(0.8 * fitMax, 2.5 * peak) * 1000) / 1000.0;
        double cutoff = number("cutoff", cutoffDefault, 0, Double.MAX_VALUE, true);
        if (cutoff > half * (1 + 1e-9)) {
            throw bad("cutoff", String.format(Locale.ROOT, "%.4g nm is longer than half the sampling box (%.4g nm)",
                cutoff, half));
        }
        double rMin = number("descriptor-min", minContact == 0 ? 0 : Math.max(0.05, minContact - 0.02), 0,
            Double.MAX_VALUE, false);
        if (rMin >= cutoff) {
            // blame the one the user set: a cut-off set too short, or a descriptor start set too long
            if (has("cutoff") && !has("descriptor-min")) {
                throw bad("cutoff", cutoff + " nm is not above the first Gaussian's centre " + rMin + " nm (the"
                    + " default descriptor-min: the smallest contact distance of the references − 0.02 nm)");
            }
            if (!has("cutoff") && !has("descriptor-min") && !has("fit-max") && 0.8 * fitMax < 2.5 * peak) {
                // the default cut-off is short because the sampling box is small: that is what to change
                throw new InputException(String.format(Locale.ROOT, "%s: the sampling box is too small for the"
                    + " references: half its smallest width, %.4g nm, leaves a default cut-off of %.4g nm, not above"
                    + " the first Gaussian's centre %.4g nm (the smallest contact distance − 0.02 nm); give more beads"
                    + " (setting 'beads', now %d) or a larger --start", file == null ? "settings" : file.toString(),
                    half, cutoff, rMin, beads));
            }
            if (!has("cutoff") && !has("descriptor-min") && has("fit-max") && 0.8 * fitMax < 2.5 * peak) {
                throw bad("fit-max", String.format(Locale.ROOT, "%s nm leaves a default cut-off of 0.8 × fit-max = %.4g"
                    + " nm, not above the first Gaussian's centre %.4g nm (the smallest contact distance − 0.02 nm);"
                    + " give a fit-max above %.4g nm", values.get("fit-max"), cutoff, rMin, rMin / 0.8));
            }
            if (!has("cutoff") && !has("descriptor-min")) {
                // the default cut-off is 2.5 × the highest point of the RDFs: a reference whose RDF has no peak
                // beyond contact (flat, g ≈ 1 from the first bin) gives a cut-off shorter than any contact
                throw new InputException(String.format(Locale.ROOT, "%s: the highest point of the references' RDFs"
                    + " lies at %.4g nm and their first contact (g above contact-threshold) at %.4g nm, which leave a"
                    + " default cut-off of %.4g nm, not above the first Gaussian's centre %.4g nm: an RDF of a liquid is"
                    + " zero at short distances and peaks beyond its contact; check the references (%s), or give"
                    + " cutoff and descriptor-min", file == null ? states.get(0).file().toString() : file.toString(), peak,
                    minContact, cutoff, rMin, states.stream().map(st -> st.file().getFileName().toString()).toList()));
            }
            throw bad("descriptor-min", rMin + " nm is not below the cut-off " + cutoff + " nm");
        }
        double spacing = number("descriptor-spacing", 0.02, 0, cutoff, true);
        if ((cutoff - rMin) / spacing > MAX_GAUSSIANS) {
            throw bad("descriptor-spacing", String.format(Locale.ROOT, "%s nm puts %.3g Gaussians per neighbour type "
                + "between %s and %s nm; at most %d", spacing, (cutoff - rMin) / spacing, rMin, cutoff, MAX_GAUSSIANS));
        }
        double width = number("descriptor-width", 0.02, 0, cutoff, true);
        double kTmax = 0;
        double mMin = Double.POSITIVE_INFINITY;
        for (TrainingState s : states) {
            kTmax = Math.max(kTmax, MdSettings.KB * s.temperature());
            mMin = Math.min(mMin, s.minMass());
        }
        double dtDefault = Math.min(0.005, Math.max(0.0005, Math.min(Math.min(
            0.003 * minCore / Math.sqrt(kTmax / mMin), overlapTimeStep(states, contactThreshold(), kTmax, mMin)),
            bondedTimeStep(states, kTmax, mMin))));
        dtDefault = Math.round(dtDefault * 1e4) / 1e4;
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String k : TrainSettings.WEIGHT_KINDS) {
            weights.put(k, k.equals("pressure") ? TrainSettings.DEFAULT_PRESSURE_WEIGHT : 1.0);
        }
        Object w = values.get("weights");
        if (w != null) {
            if (!(w instanceof Map<?, ?> m)) {
                throw bad("weights", "must be a mapping like {rdf: 1, bond: 1, angle: 1}");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!weights.containsKey(k)) {
                    throw bad("weights", "unknown observable kind '" + k + "' (" + String.join(", ",
                        TrainSettings.WEIGHT_KINDS) + ")");
                }
                if (!(e.getValue() instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
                    throw bad("weights", k + " must be a number ≥ 0, not '" + e.getValue() + "'");
                }
                weights.put(k, ((Number) e.getValue()).doubleValue());
            }
        }
        int frames = integer("frames", 50, 2);
        return new TrainSettings(hidden, Activation.byId(act), cutoff, rMin, spacing, width, fitMax,
            contactThreshold(), number("prior-strength", 1.0, 0, 1e6, false),
            choice("optimizer", "gauss-newton", OPTIMIZERS), number("learning-rate", 0.01, 0, 1e6, true),
            number("damping", 0.3, 0, 1e12, false), flag("jacobian-shrinkage", false), integer("max-iterations", 30, 0), integer("patience", 5, 0),
            integer("replicas", 2, 1),
            frames, maxFrames(frames, hidden.isEmpty()), integer("frame-interval", 50, 1), integer("equilibration", 500, 0),
            timeStep(dtDefault), number("friction", 2.0, 0, 1e6, true),
            choice("sampler", "langevin", SAMPLERS), number("ess-threshold", 0.9, 0, 1, true), weights,
            beads, flag("pretrain", true), flag("pair-stage", true), integer("pretrain-epochs", 2000, 0),
            choice("backend", "auto", BACKENDS));
    }
}
