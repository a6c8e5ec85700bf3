package io.cgflow.core.metrics;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long work, printed to stderr at most every {@code interval} seconds: items done, rate,
 * MB/s of input and, when the total input size is known, percentage and ETA.
 */
public final class Progress {
    private final String what;
    private final PrintStream out;
    private final long intervalNanos;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private long lastReport = start;
    private long items;
    private long bytes;

    public Progress(String what, long totalBytes, double intervalSeconds, PrintStream out) {
        this.what = what;
        this.totalBytes = totalBytes;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.out = out;
    }

    /** Records that {@code items} are done after reading {@code bytesRead} bytes of input in all. */
    public void update(long itemsDone, long bytesRead) {
        this.items = itemsDone;
        this.bytes = bytesRead;
        long now = System.nanoTime();
        if (out != null && now - lastReport >= intervalNanos) {
            lastReport = now;
            out.println(line(now));
        }
    }

    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %d (%.1f/s, %.1f MB/s)",
            what, items, items / seconds, bytes / seconds / 1e6));
        if (totalBytes > 0 && bytes > 0) {
            double fraction = Math.min(1.0, (double) bytes / totalBytes);
            double eta = seconds * (1 - fraction) / fraction;
            sb.append(String.format(Locale.ROOT, ", %.0f%%, ETA %.0f s", 100 * fraction, eta));
        }
        return sb.toString();
    }
}
