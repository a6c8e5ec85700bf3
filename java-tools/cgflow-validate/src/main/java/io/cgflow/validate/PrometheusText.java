package io.cgflow.validate;

import io.cgflow.core.InputException;
import io.cgflow.core.config.TextFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a metrics file in the Prometheus text format (what every cgflow tool writes with --metrics):
 * name, labels as written, value, and the metric's HELP text.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern HELP = Pattern.compile("^#\\s*HELP\\s+(\\S+)\\s+(.*)$");

    private PrometheusText() {
    }

    /** One sample. */
    public record Sample(String name, String labels, double value, String help) {
    }

    public static List<Sample> read(Path file) {
        List<String> lines = TextFiles.lines(file, "metrics file", 256L << 20);
        Map<String, String> help = new HashMap<>();
        List<String[]> raw = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher h = HELP.matcher(line);
                if (h.matches()) {
                    help.put(h.group(1), h.group(2));
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw InputException.at(file, "line " + (i + 1), "not a Prometheus sample: " + line);
            }
            raw.add(new String[] {m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3), String.valueOf(i + 1)});
        }
        List<Sample> out = new ArrayList<>();
        for (String[] r : raw) {
            double v;
            try {
                v = switch (r[2]) {
                    case "NaN" -> Double.NaN;
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(r[2]);
                };
            } catch (NumberFormatException e) {
                throw InputException.at(file, "line " + r[3], "'" + r[2] + "' is not a sample value");
            }
            String base = r[0].replaceAll("_(total|sum|count|max|bucket)$", "");
            out.add(new Sample(r[0], r[1], v, help.getOrDefault(r[0], help.getOrDefault(base, ""))));
        }
        return out;
    }
}
