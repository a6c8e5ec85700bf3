package io.cgflow.analysis;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;

/**
 * Counts bead pairs per type pair and distance bin in one configuration, with a cell list built in
 * fractional coordinates: cells are at least r_max wide perpendicular to every face, so for any cell —
 * orthorhombic or triclinic — every image of a bead within r_max lies in one of the 27 neighbouring cells,
 * each visited with its own image shift. With r_max at most half the smallest perpendicular width, each
 * pair has at most one image within r_max, so every pair is counted once. Not thread-safe: one per thread.
 */
public final class PairCounter {
    private static final int MAX_CELLS_PER_DIMENSION = 512;
    private final CgTopology topology;
    private final int n;
    private final int[] type;
    private final int[] molecule;
    private final int types;
    private final int[] pairIndex;
    private final Grid grid;
    private final double rmax2;
    private final double invWidth;
    private final boolean exclusions;
    private final double[] wrapped;
    private final int[] cellOf;
    private final int[] sorted;
    private int[] cellStart = new int[1];
    private final long[][] counts;

    public PairCounter(CgTopology topology, Grid grid) {
        this.topology = topology;
        this.n = topology.size();
        this.type = topology.typeIndices();
        this.molecule = topology.moleculeIndices();
        this.types = topology.types().size();
        this.pairIndex = new int[types * types];
        int p = 0;
        for (int a = 0; a < types; a++) {
            for (int b = a; b < types; b++) {
                pairIndex[a * types + b] = p;
                pairIndex[b * types + a] = p;
                p++;
            }
        }
        this.grid = grid;
        this.rmax2 = grid.max() * grid.max();
        this.invWidth = 1.0 / grid.width();
        this.exclusions = !topology.excludedPairs().isEmpty();
        this.wrapped = new double[3 * n];
        this.cellOf = new int[n];
        this.sorted = new int[n];
        this.counts = new long[p][grid.bins()];
    }

    /** Number of type pairs (A ≤ B). */
    public int pairs() {
        return counts.length;
    }

    /** Index of the type pair (a, b) in {@link #counts()}. */
    public int pair(int a, int b) {
        return pairIndex[a * types + b];
    }

    /** Counts of the last frame, [pair][bin]. Overwritten by the next call of {@link #count}. */
    public long[][] counts() {
        return counts;
    }

    /**
     * Counts the pairs of one frame. Throws IllegalArgumentException when r_max exceeds half the box's
     * smallest perpendicular width.
     */
    public void count(float[] x, Box box) {
        PeriodicCell cell = new PeriodicCell(box);
        double rmax = grid.max();
        if (rmax > 0.5 * cell.minWidth() * (1 + 1e-12)) {
            throw new IllegalArgumentException("r_max " + rmax + " nm exceeds half the box's smallest width "
                + cell.minWidth() + " nm");
        }
        for (long[] c : counts) {
            java.util.Arrays.fill(c, 0);
        }
        double[] w = cell.widths();
        int[] nd = new int[3];
        for (int d = 0; d < 3; d++) {
            nd[d] = (int) Math.max(1, Math.min(MAX_CELLS_PER_DIMENSION, Math.floor(w[d] / rmax)));
        }
        int ncells = nd[0] * nd[1] * nd[2];
        if (cellStart.length < ncells + 1) {
            cellStart = new int[ncells + 1];
        } else {
            java.util.Arrays.fill(cellStart, 0, ncells + 1, 0);
        }
        double m00 = cell.get(0, 0), m01 = cell.get(0, 1), m02 = cell.get(0, 2);
        double m10 = cell.get(1, 0), m11 = cell.get(1, 1), m12 = cell.get(1, 2);
        double m20 = cell.get(2, 0), m21 = cell.get(2, 1), m22 = cell.get(2, 2);
        double[] s = new double[3];
        for (int i = 0; i < n; i++) {
            cell.toFractional(x[3 * i], x[3 * i + 1], x[3 * i + 2], s);
            double s0 = s[0] - Math.floor(s[0]);
            double s1 = s[1] - Math.floor(s[1]);
            double s2 = s[2] - Math.floor(s[2]);
            int c0 = Math.min(nd[0] - 1, (int) (s0 * nd[0]));
            int c1 = Math.min(nd[1] - 1, (int) (s1 * nd[1]));
            int c2 = Math.min(nd[2] - 1, (int) (s2 * nd[2]));
            int c = (c0 * nd[1] + c1) * nd[2] + c2;
            cellOf[i] = c;
            cellStart[c + 1]++;
            wrapped[3 * i] = s0 * m00 + s1 * m10 + s2 * m20;
            wrapped[3 * i + 1] = s0 * m01 + s1 * m11 + s2 * m21;
            wrapped[3 * i + 2] = s0 * m02 + s1 * m12 + s2 * m22;
        }
        for (int c = 0; c < ncells; c++) {
            cellStart[c + 1] += cellStart[c];
        }
        int[] fill = new int[ncells];
        for (int i = 0; i < n; i++) {
            int c = cellOf[i];
            sorted[cellStart[c] + fill[c]++] = i;
        }
        for (int c0 = 0; c0 < nd[0]; c0++) {
            for (int c1 = 0; c1 < nd[1]; c1++) {
                for (int c2 = 0; c2 < nd[2]; c2++) {
                    int home = (c0 * nd[1] + c1) * nd[2] + c2;
                    for (int o0 = -1; o0 <= 1; o0++) {
                        int k0 = Math.floorDiv(c0 + o0, nd[0]);
                        int n0 = c0 + o0 - k0 * nd[0];
                        for (int o1 = -1; o1 <= 1; o1++) {
                            int k1 = Math.floorDiv(c1 + o1, nd[1]);
                            int n1 = c1 + o1 - k1 * nd[1];
                            for (int o2 = -1; o2 <= 1; o2++) {
                                int k2 = Math.floorDiv(c2 + o2, nd[2]);
                                int n2 = c2 + o2 - k2 * nd[2];
                                int other = (n0 * nd[1] + n1) * nd[2] + n2;
                                double tx = k0 * m00 + k1 * m10 + k2 * m20;
                                double ty = k0 * m01 + k1 * m11 + k2 * m21;
                                double tz = k0 * m02 + k1 * m12 + k2 * m22;
                                countCells(home, other, tx, ty, tz);
                            }
                        }
                    }
                }
            }
        }
    }

    private void countCells(int home, int other, double tx, double ty, double tz) {
        int hEnd = cellStart[home + 1];
        int oStart = cellStart[other];
        int oEnd = cellStart[other + 1];
        for (int a = cellStart[home]; a < hEnd; a++) {
            int i = sorted[a];
            double xi = wrapped[3 * i] - tx;
            double yi = wrapped[3 * i + 1] - ty;
            double zi = wrapped[3 * i + 2] - tz;
            int ti = type[i] * types;
            for (int b = oStart; b < oEnd; b++) {
                int j = sorted[b];
                if (j <= i) {
                    continue;
                }
                double dx = wrapped[3 * j] - xi;
                double dy = wrapped[3 * j + 1] - yi;
                double dz = wrapped[3 * j + 2] - zi;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rmax2) {
                    continue;
                }
                if (exclusions && molecule[i] == molecule[j] && topology.excluded(i, j)) {
                    continue;
                }
                int bin = (int) (Math.sqrt(r2) * invWidth);
                if (bin < counts[0].length) {
                    counts[pairIndex[ti + type[j]]][bin]++;
                }
            }
        }
    }
}
