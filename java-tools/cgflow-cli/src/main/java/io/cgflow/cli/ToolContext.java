package io.cgflow.cli;

import io.cgflow.core.metrics.RunMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What every tool run gets from the launcher: the verbatim command line (for provenance), the thread
 * count, the metrics registry and where to publish it, and the streams to report on.
 */
public record ToolContext(String tool, String version, List<String> arguments, int threads, RunMetrics metrics,
                          Path metricsFile, PrintStream out, PrintStream err) {
    /** The command line as one string, arguments quoted where they contain blanks. */
    public String commandLine() {
        StringBuilder sb = new StringBuilder(tool);
        for (String a : arguments) {
            sb.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return sb.toString();
    }
}
