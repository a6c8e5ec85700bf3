package io.cgflow.md;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import java.util.Arrays;

/**
 * The full neighbour list of single-bead Monte Carlo moves ({@link Forces#moveSkin}), with the beads that moved more
 * than skin/2 since its build ("far" beads): a far bead's pairs may have crossed into the cut-off unseen by the list,
 * so callers skip far partners in the list's rows and take them, in bead order, at the minimum image instead; a far
 * moving bead takes every bead so. The far beads are kept as a sorted list, so that it depends on the set only (a
 * restart that rebuilds the list from the same positions recomputes it). Rebuilt when more than
 * {@code max(8, n/32)} beads are far ({@link #crowded}). Not thread-safe.
 */
final class MoveList {
    private final int n;
    private final NeighbourList list;
    private double[] reference;
    private final boolean[] far;
    private int[] farBeads;
    private int farCount;

    MoveList(int n, double cutoff, double skin, Exclusions exclusions) {
        this.n = n;
        this.list = new NeighbourList(n, cutoff, skin, NeighbourList.Kind.FULL, exclusions);
        this.far = new boolean[n];
        this.farBeads = new int[limit() + 1];
    }

    private int limit() {
        return Math.max(8, n / 32);
    }

    /** Builds the list at {@code x} in {@code box}; no bead is far. */
    void build(double[] x, Box box) {
        list.build(x, box);
        reference = x.clone();
        Arrays.fill(far, false);
        farCount = 0;
    }

    /** The list itself (rows of every bead, with the shifts of their images). */
    NeighbourList list() {
        return list;
    }

    /** The positions of the last build (null before the first). */
    double[] reference() {
        return reference;
    }

    double skin() {
        return list.skin();
    }

    /** The box of the last build. */
    Box box() {
        return list.box();
    }

    /** Whether a bead at (tx, ty, tz) would be more than skin/2 from where bead i was at the build. */
    boolean displaced(double tx, double ty, double tz, int i) {
        double dx = tx - reference[3 * i];
        double dy = ty - reference[3 * i + 1];
        double dz = tz - reference[3 * i + 2];
        double half = 0.5 * list.skin();
        return dx * dx + dy * dy + dz * dz > half * half;
    }

    /** Whether bead i is far. */
    boolean far(int i) {
        return far[i];
    }

    /** Number of far beads. */
    int farCount() {
        return farCount;
    }

    /** The far beads in increasing order, the first {@link #farCount} entries. */
    int[] farBeads() {
        return farBeads;
    }

    /** Whether so many beads are far that the list should be rebuilt. */
    boolean crowded() {
        return farCount > limit();
    }

    /** Bead i now sits at (px, py, pz): it joins or leaves the far beads. */
    void moved(int i, double px, double py, double pz) {
        boolean now = displaced(px, py, pz, i);
        if (now == far[i]) {
            return;
        }
        far[i] = now;
        int k = 0;
        while (k < farCount && farBeads[k] < i) {
            k++;
        }
        if (now) {
            if (farCount == farBeads.length) {
                farBeads = Arrays.copyOf(farBeads, 2 * farBeads.length);
            }
            System.arraycopy(farBeads, k, farBeads, k + 1, farCount - k);
            farBeads[k] = i;
            farCount++;
        } else {
            System.arraycopy(farBeads, k + 1, farBeads, k, farCount - k - 1);
            farCount--;
        }
    }
}
