package io.cgflow.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One page across a campaign's systems and network architectures, from their {@code *.validation.json}: per
 * system × architecture the network size, iterations and wall time to converge, training time, final training
 * error and held-out error (mean RMS relative to the peak over the role's distributions, and mean RDF RMS), the
 * verdicts; a depth × width table per system; and the metrics of every task. The tree is {@code campaign.json}.
 */
public final class CampaignReport {
    public static final String FORMAT = "cgflow-campaign";
    public static final int VERSION = 1;
    private static final Pattern ARCH = Pattern.compile("^(\\d+)x(\\d+)$");

    private CampaignReport() {
    }

    public static Map<String, Object> run(List<Path> validations, List<Path> metrics, Provenance provenance) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path p : validations) {
            rows.add(row(p, JsonFiles.read(p)));
        }
        rows.sort(Comparator.<Map<String, Object>, String>comparing(r -> (String) r.get("system"))
            .thenComparingLong(r -> r.get("parameters") instanceof Number n ? n.longValue() : -1)
            .thenComparing(r -> (String) r.get("architecture")));
        for (int i = 1; i < rows.size(); i++) {
            Map<String, Object> a = rows.get(i - 1);
            Map<String, Object> b = rows.get(i);
            if (a.get("system").equals(b.get("system")) && a.get("architecture").equals(b.get("architecture"))) {
                throw InputException.in(validations.get(i), "system " + b.get("system") + ", architecture "
                    + b.get("architecture") + " is given twice");
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("systems", rows.stream().map(r -> r.get("system")).distinct().toList());
        root.put("verdict", rows.stream().allMatch(r -> "pass".equals(r.get("verdict"))) ? "pass" : "fail");
        root.put("rows", rows);
        List<Map<String, Object>> m = new ArrayList<>();
        List<Path> sorted = new ArrayList<>(metrics);
        sorted.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path p : sorted) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", p.getFileName().toString());
            List<Map<String, Object>> samples = new ArrayList<>();
            for (PrometheusText.Sample s : PrometheusText.read(p)) {
                Map<String, Object> y = new LinkedHashMap<>();
                y.put("name", s.name());
                y.put("labels", s.labels());
                y.put("value", s.value());
                samples.add(y);
            }
            x.put("samples", samples);
            m.add(x);
        }
        root.put("metrics", m);
        root.put("provenance", SystemValidation.provenance(provenance));
        return root;
    }

    private static Map<String, Object> row(Path file, JsonNode v) {
        if (!SystemValidation.FORMAT.equals(v.path("format").asText())) {
            throw InputException.in(file, "not a validation file (format '" + v.path("format").asText()
                + "', expected '" + SystemValidation.FORMAT + "')");
        }
        if (v.path("version").asInt() != SystemValidation.VERSION) {
            throw InputException.in(file, "validation file version " + v.path("version").asInt() + "; this tool reads "
                + SystemValidation.VERSION);
        }
        // what a campaign row is made of; a file without it (edited by hand, cut short) would give an empty "pass" row
        for (String key : List.of("system", "architecture", "verdict")) {
            if (!v.path(key).isTextual() || v.path(key).asText().isBlank()) {
                throw InputException.in(file, "/" + key + " is missing or not a string; a validation file of"
                    + " cgflow-validate has it");
            }
        }
        if (!List.of("pass", "fail").contains(v.path("verdict").asText())) {
            throw InputException.in(file, "/verdict is '" + v.path("verdict").asText() + "', not pass or fail");
        }
        if (!v.path("states").isArray() || v.path("states").isEmpty() || !v.path("roles").isObject()) {
            throw InputException.in(file, "/states (a non-empty list) or /roles (an object) is missing; a validation"
                + " file of cgflow-validate has both");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("system", v.path("system").asText());
        r.put("architecture", v.path("architecture").asText());
        String arch = v.path("architecture").asText();
        // depth and width when the architecture says them (linear, DxW); other labels (cgflow-validate's default
        // "model", a user's own) have neither
        Matcher m = ARCH.matcher(arch);
        boolean sized = m.matches() && m.group(1).length() <= 9 && m.group(2).length() <= 9;
        r.put("depth", sized ? Integer.valueOf(m.group(1)) : arch.equals("linear") ? Integer.valueOf(0) : null);
        r.put("width", sized ? Integer.valueOf(m.group(2)) : null);
        JsonNode model = v.path("model");
        r.put("parameters", model.isObject() ? model.path("network_parameters").asLong() : null);
        JsonNode t = v.path("training");
        r.put("iterations", t.isObject() ? t.path("iterations").asInt() : null);
        r.put("stopped", t.path("stopped").isTextual() ? t.path("stopped").asText() : null);
        r.put("converged_iteration", number(t.path("converged_iteration")));
        r.put("converged_seconds", number(t.path("converged_seconds")));
        r.put("training_seconds", number(t.path("total_seconds")));
        r.put("best_loss", number(t.path("best_loss")));
        r.put("final_loss", number(t.path("final_loss")));
        for (String role : List.of("train", "holdout")) {
            JsonNode x = v.path("roles").path(role);
            r.put(role + "_states", x.isObject() ? x.path("states").asInt() : 0);
            r.put(role + "_error", number(x.path("rms_relative_mean")));
            r.put(role + "_rdf_rms", number(x.path("rdf_rms_mean")));
            r.put(role + "_verdict", x.isObject() ? x.path("verdict").asText() : null);
        }
        r.put("verdict", v.path("verdict").asText());
        r.put("validation", file.getFileName().toString());
        String name = file.getFileName().toString();
        r.put("report", name.endsWith(".validation.json")
            ? name.substring(0, name.length() - ".validation.json".length()) + ".validation.html" : null);
        return r;
    }

    private static Object number(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        return n.isNumber() ? n.asDouble() : null;
    }

    /** The campaign page. */
    @SuppressWarnings("unchecked")
    public static String html(Map<String, Object> c) {
        Charts charts = new Charts();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("verdict", c.get("verdict"));
        Map<String, Object> prov = (Map<String, Object>) c.get("provenance");
        view.put("tool", prov.get("tool"));
        view.put("version", prov.get("version"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) c.get("rows");
        List<Map<String, Object>> rowViews = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            rowViews.add(HtmlReport.formatted(r));
        }
        view.put("rows", rowViews);
        List<Map<String, Object>> systems = new ArrayList<>();
        for (Object s : (List<Object>) c.get("systems")) {
            List<Map<String, Object>> mine = rows.stream().filter(r -> s.equals(r.get("system"))).toList();
            Map<String, Object> sv = new LinkedHashMap<>();
            sv.put("system", s);
            List<Object> x = new ArrayList<>();
            List<Object> train = new ArrayList<>();
            List<Object> hold = new ArrayList<>();
            List<Object> conv = new ArrayList<>();
            List<Object> total = new ArrayList<>();
            for (Map<String, Object> r : mine) {
                x.add(r.get("parameters"));
                train.add(r.get("train_error"));
                hold.add(r.get("holdout_error"));
                conv.add(r.get("converged_seconds"));
                total.add(r.get("training_seconds"));
            }
            List<String> ids = new ArrayList<>();
            if (x.stream().allMatch(o -> o instanceof Number)) {
                ids.add(charts.add(s + ": error against network size", "network parameters", "RMS / peak (mean)", x,
                    List.of(Charts.series("training states", train, 0), Charts.series("held-out states", hold, 1)),
                    false, true));
                ids.add(charts.add(s + ": training cost against network size", "network parameters", "seconds", x,
                    List.of(Charts.series("to converge", conv, 2), Charts.series("total", total, 3)), false, true));
            }
            sv.put("charts", ids);
            sv.put("grid", grid(mine));
            systems.add(sv);
        }
        view.put("systems", systems);
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) c.get("metrics")) {
            for (Map<String, Object> s : (List<Map<String, Object>>) m.get("samples")) {
                Map<String, Object> x = HtmlReport.formatted(s);
                x.put("file", m.get("file"));
                metrics.add(x);
            }
        }
        view.put("metrics", metrics);
        view.put("has_metrics", !metrics.isEmpty());
        return HtmlReport.render("campaign-report.html.mustache", view, charts);
    }

    /** Depth × width: rows of cells "held-out error · seconds to converge"; empty without DxW architectures. */
    private static Map<String, Object> grid(List<Map<String, Object>> rows) {
        TreeSet<Integer> widths = new TreeSet<>();
        TreeMap<Integer, Map<Integer, Map<String, Object>>> byDepth = new TreeMap<>();
        for (Map<String, Object> r : rows) {
            if (r.get("depth") instanceof Integer d && d > 0 && r.get("width") instanceof Integer w) {
                widths.add(w);
                byDepth.computeIfAbsent(d, k -> new TreeMap<>()).put(w, r);
            }
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("widths", new ArrayList<>(widths));
        List<Map<String, Object>> out = new ArrayList<>();
        byDepth.forEach((d, cells) -> {
            List<String> texts = new ArrayList<>();
            for (Integer w : widths) {
                Map<String, Object> r = cells.get(w);
                texts.add(r == null ? "" : HtmlReport.fmt(r.get("holdout_error") != null ? r.get("holdout_error")
                    : r.get("train_error")) + " · " + HtmlReport.fmt(r.get("converged_seconds")) + " s");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("depth", d);
            row.put("cells", texts);
            out.add(row);
        });
        g.put("rows", out);
        g.put("show", !out.isEmpty());
        return g;
    }
}
