package io.cgflow.io.h5md;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The box of an H5MD particle group (H5MD 1.1 §box): its boundary and its edges, fixed (a [3] diagonal or a
 * [3][3] matrix) or time-dependent ([T][3] or [T][3][3]) and then sampled at steps of its own. A frame gets
 * the box sampled last at or before its step; edges without steps must have one value per frame.
 * A boundary of {@code none} in any dimension makes the box non-periodic: frames then carry no box.
 */
final class H5mdBox {
    private final Path file;
    private final String where;
    private final boolean periodic;
    private final double[][] edges;
    private final long[] steps;

    /**
     * @param where    the path of the edges in the file (for messages)
     * @param periodic false when the boundary is {@code none}
     * @param edges    edge values in nm, 9 numbers (a row-major matrix) per sample; null when there are none
     * @param steps    the step of each sample, null when samples are one per frame or the edges are fixed
     */
    H5mdBox(Path file, String where, boolean periodic, double[][] edges, long[] steps) {
        this.file = file;
        this.where = where;
        this.periodic = periodic;
        this.edges = edges;
        this.steps = steps;
        if (periodic && (edges == null || edges.length == 0)) {
            throw InputException.in(file, where + ": a periodic box needs edges");
        }
        if (steps != null) {
            for (int j = 1; j < steps.length; j++) {
                if (steps[j] < steps[j - 1]) {
                    throw InputException.in(file, where + "/step decreases at entry " + j + " (" + steps[j - 1]
                        + " then " + steps[j] + ")");
                }
            }
        }
    }

    /** Edges given as 3 (diagonal) or 9 (matrix) numbers per sample, scaled to nm. */
    static double[][] samples(Path file, String where, double[] flat, int count, int per) {
        if (per != 3 && per != 9) {
            throw InputException.in(file, where + " has " + per + " numbers per box, expected 3 or 9");
        }
        double[][] out = new double[count][];
        for (int j = 0; j < count; j++) {
            double[] v = Arrays.copyOfRange(flat, j * per, (j + 1) * per);
            out[j] = per == 9 ? v : new double[] {v[0], 0, 0, 0, v[1], 0, 0, 0, v[2]};
        }
        return out;
    }

    boolean periodic() {
        return periodic;
    }

    /** Number of edge samples (1 for fixed edges, 0 for none). */
    int samples() {
        return edges == null ? 0 : edges.length;
    }

    /** True when the edges have no steps of their own and so must have one sample per frame. */
    boolean perFrame() {
        return edges != null && edges.length > 1 && steps == null;
    }

    /** The box of frame {@code k} at {@code step} (or {@link Frame#NO_STEP}); null when not periodic. */
    Box at(int k, long step) {
        if (!periodic) {
            return null;
        }
        int j;
        if (edges.length == 1) {
            j = 0;
        } else if (steps == null || step == Frame.NO_STEP) {
            j = k;
        } else {
            int found = Arrays.binarySearch(steps, step);
            if (found >= 0) {
                while (found + 1 < steps.length && steps[found + 1] == step) {
                    found++;
                }
                j = found;
            } else {
                j = -found - 2;
            }
            if (j < 0) {
                throw InputException.at(file, "frame " + k, where + " has no box at or before step " + step
                    + " (its first step is " + steps[0] + ")");
            }
        }
        if (j >= edges.length) {
            throw InputException.at(file, "frame " + k, where + " has only " + edges.length + " boxes");
        }
        double[] m = edges[j];
        for (int i = 0; i < m.length; i++) {
            if (!Double.isFinite(m[i])) {
                throw InputException.at(file, "frame " + k, where + " box element [" + i / 3 + "][" + i % 3 + "] is "
                    + m[i]);
            }
        }
        Box box = Box.ofMatrix(m);
        if (!box.isValid()) {
            throw InputException.at(file, "frame " + k, where + " gives a box of zero or negative volume "
                + Arrays.toString(m));
        }
        return box;
    }
}
