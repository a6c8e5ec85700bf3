package io.cgflow.validate;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Self-contained HTML reports: a Mustache template filled from the validation tree, with uPlot (from its WebJar),
 * the page's chart script and the chart data inlined, so the file opens with no network.
 */
public final class HtmlReport {
    static final String UPLOT = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";

    private HtmlReport() {
    }

    /** The report of one system's validation ({@link SystemValidation#run}). */
    @SuppressWarnings("unchecked")
    public static String system(Map<String, Object> v) {
        Charts charts = new Charts();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("system", v.get("system"));
        view.put("architecture", v.get("architecture"));
        view.put("verdict", v.get("verdict"));
        Map<String, Object> prov = (Map<String, Object>) v.get("provenance");
        view.put("tool", prov.get("tool"));
        view.put("version", prov.get("version"));
        view.put("command", prov.get("command"));

        List<Map<String, Object>> states = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) v.get("states")) {
            states.add(stateView(s, charts));
        }
        view.put("states", states);
        List<Map<String, Object>> roles = new ArrayList<>();
        ((Map<String, Object>) v.get("roles")).forEach((role, r) -> {
            if (r != null) {
                Map<String, Object> x = formatted((Map<String, Object>) r);
                x.put("role", role);
                roles.add(x);
            }
        });
        view.put("roles", roles);

        Map<String, Object> training = (Map<String, Object>) v.get("training");
        if (training != null) {
            Map<String, Object> t = formatted(training);
            Map<String, Object> curve = (Map<String, Object>) training.get("curve");
            List<Map<String, Object>> byIteration = new ArrayList<>();
            byIteration.add(Charts.series("loss", (List<?>) curve.get("loss"), 0));
            int c = 1;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) curve.get("state_loss")).entrySet()) {
                byIteration.add(Charts.series("loss " + e.getKey(), (List<?>) e.getValue(), c++));
            }
            List<String> ids = new ArrayList<>();
            ids.add(charts.add("Loss against iteration", "iteration", "loss", (List<?>) curve.get("iteration"),
                byIteration, true, true));
            ids.add(charts.add("Loss against wall time", "wall time (s)", "loss", (List<?>) curve.get("wall_s"),
                List.of(Charts.series("loss", (List<?>) curve.get("loss"), 0)), true, true));
            t.put("charts", ids);
            view.put("training", t);
        }
        Map<String, Object> model = (Map<String, Object>) v.get("model");
        if (model != null) {
            Map<String, Object> m = formatted(model);
            List<Map<String, Object>> nets = new ArrayList<>();
            for (Map<String, Object> n : (List<Map<String, Object>>) model.get("networks")) {
                Map<String, Object> x = formatted(n);
                List<?> hidden = (List<?>) n.get("hidden");
                x.put("hidden", hidden.isEmpty() ? "none (linear)" : hidden.toString());
                x.put("activations", String.join(", ", (List<String>) n.get("activations")));
                nets.add(x);
            }
            m.put("networks", nets);
            view.put("model", m);
        }
        List<String> pairIds = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) v.get("pair_energy")) {
            List<?> types = (List<?>) p.get("types");
            pairIds.add(charts.add("Pair energy " + types.get(0) + "–" + types.get(1), "r (nm)", "E (kJ/mol)",
                (List<?>) p.get("r_nm"), List.of(
                    Charts.series("total", clip((List<?>) p.get("total_kJ_mol")), 0),
                    Charts.series("network", clip((List<?>) p.get("network_kJ_mol")), null, null, 2, true),
                    Charts.series("prior", clip((List<?>) p.get("prior_kJ_mol")), null, null, 1, true)),
                false, false));
        }
        view.put("pair_charts", pairIds);
        view.put("has_pair_energy", !pairIds.isEmpty());

        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) v.get("metrics")) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", m.get("file"));
            List<Map<String, Object>> samples = new ArrayList<>();
            for (Map<String, Object> s : (List<Map<String, Object>>) m.get("samples")) {
                samples.add(formatted(s));
            }
            x.put("samples", samples);
            metrics.add(x);
        }
        view.put("metrics", metrics);
        Map<String, Object> tol = (Map<String, Object>) v.get("tolerances");
        List<Map<String, Object>> tolRows = new ArrayList<>();
        tol.forEach((kind, limits) -> {
            if (!kind.equals("thermo")) {
                Map<String, Object> x = formatted((Map<String, Object>) limits);
                x.put("kind", kind);
                tolRows.add(x);
            }
        });
        view.put("tolerances", tolRows);
        Map<String, Object> th = (Map<String, Object>) tol.get("thermo");
        view.put("thermo_temperature", fmt(th.get("temperature_relative")));
        view.put("thermo_density", fmt(th.get("density_relative")));
        view.put("thermo_pressure", fmt(th.get("pressure_drift_bar")));
        view.put("thermo_pressure_target", fmt(th.get("pressure_bar")));
        return render("system-report.html.mustache", view, charts);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stateView(Map<String, Object> s, Charts charts) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("state", s.get("state"));
        x.put("role", s.get("role"));
        x.put("verdict", s.get("verdict"));
        x.put("temperature", fmt(s.get("temperature")));
        List<String> failures = (List<String>) s.get("failures");
        x.put("failures", failures);
        x.put("has_failures", !failures.isEmpty());
        List<Map<String, Object>> ds = (List<Map<String, Object>>) s.get("distributions");
        x.put("distribution_count", ds.size());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        double rdf = 0;
        int nRdf = 0;
        double worst = Double.NaN;
        double jsd = 0;
        int nJsd = 0;
        for (Map<String, Object> d : ds) {
            Map<String, Object> r = formatted(d);
            List<?> range = (List<?>) d.get("range");
            r.put("range", fmt(range.get(0)) + "–" + fmt(range.get(1)) + " " + d.get("unit"));
            Map<String, Object> peak = (Map<String, Object>) d.get("first_peak");
            r.put("peak_reference", peakText((Map<String, Object>) peak.get("reference")));
            r.put("peak_cg", peakText((Map<String, Object>) peak.get("cg")));
            Map<String, Object> cn = (Map<String, Object>) d.get("coordination");
            r.put("coordination", cn == null ? "–" : fmt(cn.get("reference")) + " / " + fmt(cn.get("cg")) + " ("
                + fmt(cn.get("first_minimum")) + ")");
            rows.add(r);
            if ("rdf".equals(d.get("kind")) && d.get("rms") instanceof Number n) {
                rdf += n.doubleValue();
                nRdf++;
            }
            if (d.get("rms_relative") instanceof Number n) {
                worst = Double.isNaN(worst) ? n.doubleValue() : Math.max(worst, n.doubleValue());
            }
            if (d.get("jsd") instanceof Number n) {
                jsd += n.doubleValue();
                nJsd++;
            }
            Map<String, Object> curve = (Map<String, Object>) d.get("curve");
            List<?> ref = (List<?>) curve.get("reference");
            List<?> refErr = (List<?>) curve.get("reference_error");
            List<?> cg = (List<?>) curve.get("cg");
            List<?> cgErr = (List<?>) curve.get("cg_error");
            String yLabel = switch ((String) d.get("kind")) {
                case "rdf" -> "g(r)";
                case "bond" -> "P (1/nm)";
                default -> "P (1/deg)";
            };
            ids.add(charts.add(s.get("state") + ": " + d.get("kind") + " " + d.get("name") + " (" + d.get("verdict")
                + ")", d.get("kind") + " (" + d.get("unit") + ")", yLabel, (List<?>) curve.get("x"), List.of(
                    Charts.series("atomistic", ref, Charts.offset(ref, refErr, -1), Charts.offset(ref, refErr, 1), 0,
                        false),
                    Charts.series("CG", cg, Charts.offset(cg, cgErr, -1), Charts.offset(cg, cgErr, 1), 1, true)),
                false, false));
        }
        x.put("rdf_rms", nRdf > 0 ? fmt(rdf / nRdf) : "–");
        x.put("rms_relative_max", fmt(worst));
        x.put("jsd_mean", nJsd > 0 ? fmt(jsd / nJsd) : "–");
        x.put("distributions", rows);
        Map<String, Object> thermo = (Map<String, Object>) s.get("thermo");
        if (thermo != null) {
            Map<String, Object> t = formatted(thermo);
            t.put("potential_drift", fmt(thermo.get("potential_drift_kJ_mol_per_bead_ns")));
            x.put("thermo", t);
            x.put("cg_temperature", fmt(thermo.get("temperature_K")));
            x.put("cg_pressure", fmt(thermo.get("pressure_bar")));
            x.put("reference_pressure", fmt(thermo.get("reference_pressure_bar")));
            Map<String, Object> series = (Map<String, Object>) thermo.get("series");
            List<?> time = (List<?>) series.get("time_ps");
            ids.add(charts.add(s.get("state") + ": CG potential energy", "time (ps)", "kJ/mol", time,
                List.of(Charts.series("potential", (List<?>) series.get("potential_kJ_mol"), 0)), false, false));
            ids.add(charts.add(s.get("state") + ": CG temperature", "time (ps)", "K", time,
                List.of(Charts.series("temperature", (List<?>) series.get("temperature_K"), 1)), false, false));
            ids.add(charts.add(s.get("state") + ": CG pressure", "time (ps)", "bar", time,
                List.of(Charts.series("pressure", (List<?>) series.get("pressure_bar"), 2)), false, false));
        } else {
            x.put("cg_temperature", "–");
            x.put("cg_pressure", "–");
            x.put("reference_pressure", "–");
        }
        x.put("charts", ids);
        return x;
    }

    private static String peakText(Map<String, Object> p) {
        return fmt(p.get("position")) + ", " + fmt(p.get("height"));
    }

    /** Energies above this are left out of pair-energy charts (the wall would flatten the rest), kJ/mol. */
    static final double PAIR_CLIP = 30;

    private static List<Double> clip(List<?> y) {
        List<Double> out = new ArrayList<>(y.size());
        for (Object o : y) {
            out.add(o instanceof Number n && n.doubleValue() <= PAIR_CLIP ? n.doubleValue() : null);
        }
        return out;
    }

    /** A copy with every number as text (4 significant digits; '–' for null) and nested values as they are. */
    static Map<String, Object> formatted(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(k, val == null || val instanceof Number ? fmt(val) : val));
        return out;
    }

    static String fmt(Object o) {
        if (o == null) {
            return "–";
        }
        if (o instanceof Integer || o instanceof Long) {
            return o.toString();
        }
        if (o instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return "–";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e7) {
                return Long.toString((long) d);
            }
            double a = Math.abs(d);
            if (a >= 1e-3 && a < 1e6) {
                return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros()
                    .toPlainString();
            }
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return o.toString();
    }

    static String render(String template, Map<String, Object> view, Charts charts) {
        Map<String, Object> v = new LinkedHashMap<>(view);
        v.put("uplot_js", resource(UPLOT + "uPlot.iife.min.js"));
        v.put("uplot_css", resource(UPLOT + "uPlot.min.css"));
        v.put("style_css", resource("/io/cgflow/validate/style.css"));
        v.put("charts_js", resource("/io/cgflow/validate/charts.js"));
        v.put("charts_json", JsonFiles.forScript(charts.specs()));
        Mustache m = new DefaultMustacheFactory("io/cgflow/validate").compile(template);
        StringWriter w = new StringWriter();
        m.execute(w, v);
        return w.toString();
    }

    private static String uplotVersion() {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream("/io/cgflow/validate/uplot.properties")) {
            if (in == null) {
                throw new IllegalStateException("uplot.properties missing from the tool's jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the tool's jar");
            }
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // inlined into <script>/<style>: a closing tag inside would end the element early
            return s.replace("</script", "<\\/script").replace("</style", "<\\/style");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
