package io.cgflow.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chart specifications for the reports' script (charts.js draws them with uPlot): an element id, a title, axis
 * labels, the shared x values and the series, each with optional lower and upper band values (error bands).
 */
final class Charts {
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
        "#e377c2"};

    private final List<Map<String, Object>> specs = new ArrayList<>();

    /** A new chart; returns its element id. */
    String add(String title, String xLabel, String yLabel, List<?> x, List<Map<String, Object>> series, boolean logY,
               boolean points) {
        String id = "chart-" + specs.size();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("el", id);
        c.put("title", title);
        c.put("x_label", xLabel);
        c.put("y_label", yLabel);
        c.put("log_y", logY);
        c.put("points", points);
        c.put("x", x);
        c.put("series", series);
        specs.add(c);
        return id;
    }

    static Map<String, Object> series(String label, List<?> y, int colour) {
        return series(label, y, null, null, colour, false);
    }

    static Map<String, Object> series(String label, List<?> y, List<?> lo, List<?> hi, int colour, boolean dashed) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("label", label);
        s.put("y", y);
        s.put("lo", lo);
        s.put("hi", hi);
        s.put("color", COLOURS[Math.floorMod(colour, COLOURS.length)]);
        s.put("dash", dashed);
        return s;
    }

    /** y ± e element by element (null where either is null). */
    static List<Double> offset(List<?> y, List<?> e, double sign) {
        List<Double> out = new ArrayList<>(y.size());
        for (int i = 0; i < y.size(); i++) {
            Object a = y.get(i);
            Object b = i < e.size() ? e.get(i) : null;
            out.add(a instanceof Number n && b instanceof Number m ? n.doubleValue() + sign * m.doubleValue() : null);
        }
        return out;
    }

    List<Map<String, Object>> specs() {
        return specs;
    }
}
