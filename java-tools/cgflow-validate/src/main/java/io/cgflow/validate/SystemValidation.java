package io.cgflow.validate;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.analysis.SystemSummary;
import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.model.PairEnergy;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.file.ModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validation of one system's model (one architecture): every state's CG distributions against its atomistic
 * ones ({@link DistributionComparison}), the CG run's thermodynamics ({@link ThermoSummary}), the training curve, the
 * learned pair energies and the runs' metrics, with a verdict per distribution, state, role and system. The result
 * is the JSON tree of {@code *.validation.json} (schema in docs/validation.md), which the HTML report draws.
 */
public final class SystemValidation {
    public static final String FORMAT = "cgflow-validation";
    public static final int VERSION = 1;
    /** Points of a pair-energy curve. */
    static final int PAIR_POINTS = 200;

    private SystemValidation() {
    }

    /** Everything a validation reads. */
    public record Request(String system, String architecture, List<StateInput> states, Path model, Path trainLog,
                          List<Path> metrics, Tolerances tolerances, Provenance provenance) {
        public Request {
            states = List.copyOf(states);
            metrics = List.copyOf(metrics);
        }
    }

    public static Map<String, Object> run(Request q) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("system", q.system());
        root.put("architecture", q.architecture());
        List<Map<String, Object>> states = new ArrayList<>();
        Map<String, List<Map<String, Object>>> byRole = new LinkedHashMap<>();
        // the model file is read once, for its size and its pair energies
        TrainedModel trained = q.model() == null ? null : ModelFile.read(q.model());
        for (StateInput s : q.states()) {
            Map<String, Object> st = state(s, q.tolerances(), trained, q.model());
            states.add(st);
            byRole.computeIfAbsent(s.role(), k -> new ArrayList<>()).add(st);
        }
        boolean pass = states.stream().allMatch(s -> "pass".equals(s.get("verdict")));
        root.put("verdict", pass ? "pass" : "fail");
        Map<String, Object> roles = new LinkedHashMap<>();
        for (String role : List.of(StateInput.TRAIN, StateInput.HOLDOUT)) {
            List<Map<String, Object>> list = byRole.getOrDefault(role, List.of());
            roles.put(role, list.isEmpty() ? null : summary(list));
        }
        root.put("roles", roles);
        root.put("model", trained == null ? null : model(q.model(), trained));
        root.put("training", q.trainLog() == null ? null : training(TrainingHistory.read(q.trainLog()), trained));
        root.put("states", states);
        root.put("pair_energy", trained == null ? List.of() : pairEnergies(q.model(), trained));
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Path m : q.metrics()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("file", m.getFileName().toString());
            List<Map<String, Object>> samples = new ArrayList<>();
            for (PrometheusText.Sample s : PrometheusText.read(m)) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", s.name());
                x.put("labels", s.labels());
                x.put("value", s.value());
                x.put("help", s.help());
                samples.add(x);
            }
            mm.put("samples", samples);
            metrics.add(mm);
        }
        root.put("metrics", metrics);
        root.put("tolerances", tolerances(q.tolerances()));
        root.put("provenance", provenance(q.provenance()));
        return root;
    }

    /**
     * A state's CG temperature may differ from its reference's by this share at most (both as the distribution files
     * record them): a state is validated at its own temperature.
     */
    static final double TEMPERATURE_MATCH = 0.005;

    private static Map<String, Object> state(StateInput s, Tolerances tol, TrainedModel model, Path modelFile) {
        ReferenceDistributions ref = DistributionsFile.read(s.reference());
        ReferenceDistributions cg = DistributionsFile.read(s.cg());
        for (io.cgflow.analysis.Distribution d : ref.distributions()) {
            if (java.util.Arrays.stream(d.value()).allMatch(v -> v == 0)) {
                // a CG distribution that is empty fails its comparison; an empty reference has nothing to compare with
                throw InputException.in(s.reference(), "the " + d.kind().prefix() + " distribution " + d.name()
                    + " is empty (zero in every bin): nothing to validate against");
            }
        }
        SystemSummary rs = ref.summary();
        if (!rs.types().equals(cg.summary().types())) {
            throw InputException.in(s.cg(), "state " + s.name() + ": CG bead types " + cg.summary().types()
                + " differ from the atomistic reference's " + rs.types() + " (" + s.reference() + ")");
        }
        if (model != null && !model.beadTypes().containsAll(rs.types())) {
            throw InputException.in(modelFile, "the model's bead types " + model.beadTypes() + " do not cover the bead"
                + " types " + rs.types() + " of state " + s.name() + " (" + s.reference() + "): a model of another system?");
        }
        double tCg = cg.summary().temperature();
        if (Double.isFinite(rs.temperature()) && Double.isFinite(tCg)
            && Math.abs(tCg - rs.temperature()) > TEMPERATURE_MATCH * rs.temperature()) {
            throw InputException.in(s.cg(), String.format(java.util.Locale.ROOT, "state %s: CG distributions recorded"
                + " at %.1f K, the atomistic reference at %.1f K (%s): a state is validated at its own temperature",
                s.name(), tCg, rs.temperature(), s.reference()));
        }
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("state", s.name());
        st.put("role", s.role());
        st.put("reference_file", s.reference().getFileName().toString());
        st.put("cg_file", s.cg().getFileName().toString());
        st.put("temperature", num(rs.temperature()));
        st.put("reference_frames", rs.frames());
        st.put("cg_frames", cg.summary().frames());
        List<String> failures = new ArrayList<>();
        List<Map<String, Object>> dists = new ArrayList<>();
        for (Distribution d : ref.distributions()) {
            Optional<Distribution> c = cg.find(d.kind(), d.name());
            if (c.isEmpty()) {
                failures.add(d.kind().prefix() + " " + d.name() + ": missing from the CG distributions");
                continue;
            }
            double densityB = Double.NaN;
            if (d.kind() == Distribution.Kind.RDF) {
                int b = rs.types().indexOf(d.typeB());
                densityB = b >= 0 ? rs.densities()[b] : Double.NaN;
            }
            DistributionComparison.Result r = DistributionComparison.compare(d, c.get(), densityB,
                tol.limits(d.kind()));
            for (String f : r.failures()) {
                failures.add(d.kind().prefix() + " " + d.name() + ": " + f);
            }
            dists.add(distribution(r));
        }
        st.put("distributions", dists);
        if (s.thermo() != null) {
            double refDensity = rs.beads() / rs.meanVolume();
            ThermoSummary t = ThermoSummary.of(s.thermo(), cg.summary().beads(), rs.temperature(), refDensity,
                rs.pressure(), tol.thermo());
            for (String f : t.failures()) {
                failures.add("thermo: " + f);
            }
            st.put("thermo", thermo(t));
        } else {
            st.put("thermo", null);
        }
        st.put("verdict", failures.isEmpty() ? "pass" : "fail");
        st.put("failures", failures);
        return st;
    }

    /** A peak's position and height, in that order (a fixed key order: the same inputs give the same bytes). */
    private static Map<String, Object> peak(double position, double height) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", num(position));
        m.put("height", num(height));
        return m;
    }

    private static Map<String, Object> distribution(DistributionComparison.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind().prefix());
        m.put("name", r.name());
        m.put("unit", r.kind().unit());
        m.put("verdict", r.passed() ? "pass" : "fail");
        m.put("failures", r.failures());
        m.put("range", Arrays.asList(num(r.rangeMin()), num(r.rangeMax())));
        m.put("bins", r.bins());
        m.put("resampled", r.resampled());
        m.put("rms", num(r.rms()));
        m.put("rms_relative", num(r.rmsRelative()));
        m.put("max_deviation", num(r.maxDeviation()));
        m.put("max_deviation_at", num(r.maxDeviationAt()));
        m.put("max_relative", num(r.maxRelative()));
        m.put("jsd", num(r.jsd()));
        m.put("reference_noise", num(r.referenceNoise()));
        m.put("noise", num(DistributionComparison.combinedNoise(r)));
        Map<String, Object> peak = new LinkedHashMap<>();
        peak.put("reference", peak(r.referencePeak().position(), r.referencePeak().height()));
        peak.put("cg", peak(r.cgPeak().position(), r.cgPeak().height()));
        peak.put("shift", num(r.peakShift()));
        peak.put("height_relative", num(r.peakHeightRelative()));
        m.put("first_peak", peak);
        if (r.kind() == Distribution.Kind.RDF) {
            Map<String, Object> cn = new LinkedHashMap<>();
            cn.put("first_minimum", num(r.firstMinimum()));
            cn.put("reference", num(r.referenceCoordination()));
            cn.put("cg", num(r.cgCoordination()));
            cn.put("relative", num(r.coordinationRelative()));
            m.put("coordination", cn);
        } else {
            m.put("coordination", null);
        }
        Map<String, Object> curve = new LinkedHashMap<>();
        curve.put("x", nums(r.x()));
        curve.put("reference", nums(r.reference()));
        curve.put("reference_error", nums(r.referenceError()));
        curve.put("cg", nums(r.cg()));
        curve.put("cg_error", nums(r.cgError()));
        m.put("curve", curve);
        return m;
    }

    private static Map<String, Object> thermo(ThermoSummary t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", t.passed() ? "pass" : "fail");
        m.put("failures", t.failures());
        m.put("rows", t.rows());
        m.put("duration_ps", num(t.durationPs()));
        m.put("temperature_K", num(t.temperature()));
        m.put("temperature_error_K", num(t.temperatureError()));
        m.put("target_temperature_K", num(t.targetTemperature()));
        m.put("temperature_relative", num(t.temperatureRelative()));
        m.put("density_nm3", num(t.density()));
        m.put("reference_density_nm3", num(t.referenceDensity()));
        m.put("density_relative", num(t.densityRelative()));
        m.put("pressure_bar", num(t.pressure()));
        m.put("pressure_error_bar", num(t.pressureError()));
        m.put("pressure_drift_bar", num(t.pressureDrift()));
        m.put("reference_pressure_bar", num(t.referencePressure()));
        m.put("potential_drift_kJ_mol_per_bead_ns", num(t.potentialDriftPerBeadPerNs()));
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("time_ps", nums(t.series().time()));
        series.put("potential_kJ_mol", nums(t.series().potential()));
        series.put("temperature_K", nums(t.series().temperature()));
        series.put("pressure_bar", nums(t.series().pressure()));
        m.put("series", series);
        return m;
    }

    /** Means over a role's states: RDF RMS (absolute), and relative RMS and JSD over every distribution. */
    private static Map<String, Object> summary(List<Map<String, Object>> states) {
        double rdf = 0;
        int nRdf = 0;
        double rel = 0;
        double worst = 0;
        double jsd = 0;
        int n = 0;
        int passed = 0;
        for (Map<String, Object> s : states) {
            if ("pass".equals(s.get("verdict"))) {
                passed++;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ds = (List<Map<String, Object>>) s.get("distributions");
            for (Map<String, Object> d : ds) {
                Object rr = d.get("rms_relative");
                if (rr instanceof Double v) {
                    rel += v;
                    worst = Math.max(worst, v);
                    n++;
                }
                if (d.get("jsd") instanceof Double v) {
                    jsd += v;
                }
                if ("rdf".equals(d.get("kind")) && d.get("rms") instanceof Double v) {
                    rdf += v;
                    nRdf++;
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("states", states.size());
        m.put("states_passed", passed);
        m.put("verdict", passed == states.size() ? "pass" : "fail");
        m.put("rdf_rms_mean", nRdf > 0 ? num(rdf / nRdf) : null);
        m.put("rms_relative_mean", n > 0 ? num(rel / n) : null);
        m.put("rms_relative_max", n > 0 ? num(worst) : null);
        m.put("jsd_mean", n > 0 ? num(jsd / n) : null);
        return m;
    }

    private static Map<String, Object> model(Path file, TrainedModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.getFileName().toString());
        out.put("bead_types", m.beadTypes());
        long parameters = 0;
        List<Map<String, Object>> nets = new ArrayList<>();
        for (BeadNetwork n : m.networks()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("bead_type", n.beadType());
            x.put("inputs", n.architecture().inputs());
            x.put("hidden", n.architecture().hidden());
            x.put("activations", n.architecture().activations().stream().map(a -> a.toString().toLowerCase(java.util.Locale.ROOT)).toList());
            x.put("parameters", n.parameters().length);
            parameters += n.parameters().length;
            nets.add(x);
        }
        out.put("networks", nets);
        out.put("network_parameters", parameters);
        out.put("bonded_tables", m.bonded().size());
        out.put("cutoff_nm", num(m.cutoff()));
        return out;
    }

    private static List<Map<String, Object>> pairEnergies(Path file, TrainedModel m) {
        PairEnergy pe;
        try {
            pe = new PairEnergy(m);
        } catch (IllegalArgumentException e) {
            throw InputException.in(file, e.getMessage());
        }
        double rMax = Math.max(m.cutoff(), pe.priorCutoff());
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> types = m.beadTypes();
        for (int i = 0; i < types.size(); i++) {
            for (int j = i; j < types.size(); j++) {
                String a = types.get(i);
                String b = types.get(j);
                double start = pe.priorTable(a, b).map(t -> t.table().start()).orElse(0.1 * rMax);
                start = Math.max(start, 1e-3);
                double[] r = new double[PAIR_POINTS + 1];
                double[] net = new double[r.length];
                double[] prior = new double[r.length];
                double[] total = new double[r.length];
                for (int k = 0; k < r.length; k++) {
                    r[k] = start + (rMax - start) * k / PAIR_POINTS;
                    net[k] = pe.network(a, b, r[k]);
                    prior[k] = pe.prior(a, b, r[k], true);
                    total[k] = net[k] + prior[k];
                }
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("types", List.of(a, b));
                x.put("pair_potential", pe.linear());
                x.put("r_nm", nums(r));
                x.put("network_kJ_mol", nums(net));
                x.put("prior_kJ_mol", nums(prior));
                x.put("total_kJ_mol", nums(total));
                out.add(x);
            }
        }
        return out;
    }

    /**
     * Why the training stopped, as the model's settings record it ({@code converged}, {@code stalled},
     * {@code max-iterations} or {@code max-time}); null without a model or for a model that does not say.
     */
    static String stopped(TrainedModel trained) {
        return trained == null ? null : trained.trainingSetting("stopped").orElse(null);
    }

    /**
     * The iteration whose model cgflow-train wrote, as the model's settings record it ({@code best-iteration}); null
     * without a model or for a model that does not say.
     */
    static Integer modelIteration(TrainedModel trained) {
        if (trained == null) {
            return null;
        }
        try {
            return trained.trainingSetting("best-iteration").map(Integer::valueOf).filter(i -> i >= 0).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> training(TrainingHistory h, TrainedModel trained) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stopped", stopped(trained));
        m.put("model_iteration", modelIteration(trained));
        // the iterations run, as cgflow-train counts them: the log's rows are the start (iteration 0) and one per step
        m.put("iterations", h.count() > 0 ? h.iterations()[h.count() - 1] : 0);
        m.put("final_loss", h.count() > 0 ? num(h.loss()[h.count() - 1]) : null);
        m.put("best_loss", num(h.bestLoss()));
        m.put("best_iteration", h.bestIteration() >= 0 ? h.bestIteration() : null);
        m.put("converged_iteration", h.convergedIteration() >= 0 ? h.convergedIteration() : null);
        m.put("converged_seconds", num(h.convergedSeconds()));
        m.put("total_seconds", num(h.totalSeconds()));
        m.put("converged_factor", TrainingHistory.CONVERGED_FACTOR);
        Map<String, Object> curve = new LinkedHashMap<>();
        List<Integer> it = new ArrayList<>();
        for (int i : h.iterations()) {
            it.add(i);
        }
        curve.put("iteration", it);
        curve.put("loss", nums(h.loss()));
        curve.put("wall_s", nums(h.wallSeconds()));
        Map<String, Object> per = new LinkedHashMap<>();
        for (int k = 0; k < h.stateColumns().size(); k++) {
            per.put(h.stateColumns().get(k), nums(h.stateLoss().get(k)));
        }
        curve.put("state_loss", per);
        m.put("curve", curve);
        return m;
    }

    private static Map<String, Object> tolerances(Tolerances t) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Distribution.Kind k : Distribution.Kind.values()) {
            Tolerances.Limits l = t.limits(k);
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rms_relative", num(l.rmsRelative()));
            x.put("max_relative", num(l.maxRelative()));
            x.put("jsd", num(l.jsd()));
            x.put("peak_shift", num(l.peakShift()));
            x.put("peak_height_relative", num(l.peakHeightRelative()));
            x.put("coordination_relative", num(l.coordinationRelative()));
            m.put(k.prefix(), x);
        }
        Map<String, Object> th = new LinkedHashMap<>();
        th.put("temperature_relative", num(t.thermo().temperatureRelative()));
        th.put("density_relative", num(t.thermo().densityRelative()));
        th.put("pressure_drift_bar", num(t.thermo().pressureDriftBar()));
        th.put("pressure_bar", num(t.thermo().pressureBar()));
        m.put("thermo", th);
        return m;
    }

    static Map<String, Object> provenance(Provenance p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", p.tool());
        m.put("version", p.version());
        m.put("command", p.commandLine());
        List<Map<String, Object>> in = new ArrayList<>();
        for (Provenance.InputFile f : p.inputs()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", Path.of(f.path()).getFileName().toString());
            x.put("sha256", f.sha256());
            in.add(x);
        }
        m.put("inputs", in);
        return m;
    }

    /** A finite number, or null (JSON has no NaN). */
    static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static List<Double> nums(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(num(x));
        }
        return out;
    }
}
