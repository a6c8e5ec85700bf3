package io.cgflow.analysis;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;

/**
 * Counts bead pairs per type pair and distance bin in one configuration, with a cell list built in
 * fractional coordinates: cells are at least r_max/2 wide perpendicular to every face, so for any cell —
 * orthorhombic or triclinic — every image of a bead within r_max lies within two cells in each direction;
 * each neighbouring cell is visited with its own image shift, half of them (the other half sees the same
 * pairs from the other side). With r_max at most half the smallest perpendicular width, each pair has at
 * most one image within r_max, so every pair is counted once. Not thread-safe: one per thread.
 */
public final class PairCounter {
    private static final int MAX_CELLS_PER_DIMENSION = 512;
    /** Cells are r_max / REACH wide; neighbours up to REACH cells away are searched. */
    private static final int REACH = 2;
    private final CgTopology topology;
    private final int n;
    private final int[] type;
    private final int[] molecule;
    private final int types;
    private final int[] pairIndex;
    private final Grid grid;
    private final double rmax2;
    private final double invWidth;
    private final int bins;
    private final boolean exclusions;
    private final double[] wrapped;
    private final int[] cellOf;
    private final int[] sorted;
    /** Positions, types and molecules in cell order, for contiguous access in the inner loop. */
    private final double[] sx;
    private final double[] sy;
    private final double[] sz;
    private final int[] stype;
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
        this.bins = grid.bins();
        this.exclusions = !topology.excludedPairs().isEmpty();
        this.wrapped = new double[3 * n];
        this.cellOf = new int[n];
        this.sorted = new int[n];
        this.sx = new double[n];
        this.sy = new double[n];
        this.sz = new double[n];
        this.stype = new int[n];
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
            nd[d] = (int) Math.max(1, Math.min(MAX_CELLS_PER_DIMENSION, Math.floor(w[d] * REACH / rmax)));
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
            int slot = cellStart[c] + fill[c]++;
            sorted[slot] = i;
            sx[slot] = wrapped[3 * i];
            sy[slot] = wrapped[3 * i + 1];
            sz[slot] = wrapped[3 * i + 2];
            stype[slot] = type[i];
        }
        // half shell: the home cell itself (pairs j > i), and the offsets o > 0 in lexicographic order; the
        // pair seen from the other cell is offset −o with the opposite shift, the same image
        for (int c0 = 0; c0 < nd[0]; c0++) {
            for (int c1 = 0; c1 < nd[1]; c1++) {
                for (int c2 = 0; c2 < nd[2]; c2++) {
                    int home = (c0 * nd[1] + c1) * nd[2] + c2;
                    countCells(home, home, 0, 0, 0, true);
                    for (int o0 = 0; o0 <= REACH; o0++) {
                        int k0 = Math.floorDiv(c0 + o0, nd[0]);
                        int n0 = c0 + o0 - k0 * nd[0];
                        for (int o1 = o0 == 0 ? 0 : -REACH; o1 <= REACH; o1++) {
                            int k1 = Math.floorDiv(c1 + o1, nd[1]);
                            int n1 = c1 + o1 - k1 * nd[1];
                            for (int o2 = o0 == 0 && o1 == 0 ? 1 : -REACH; o2 <= REACH; o2++) {
                                int k2 = Math.floorDiv(c2 + o2, nd[2]);
                                int n2 = c2 + o2 - k2 * nd[2];
                                int other = (n0 * nd[1] + n1) * nd[2] + n2;
                                double tx = k0 * m00 + k1 * m10 + k2 * m20;
                                double ty = k0 * m01 + k1 * m11 + k2 * m21;
                                double tz = k0 * m02 + k1 * m12 + k2 * m22;
                                countCells(home, other, tx, ty, tz, false);
                            }
                        }
                    }
                }
            }
        }
    }

    private void countCells(int home, int other, double tx, double ty, double tz, boolean self) {
        int hEnd = cellStart[home + 1];
        int oStart = cellStart[other];
        int oEnd = cellStart[other + 1];
        for (int a = cellStart[home]; a < hEnd; a++) {
            double xi = sx[a] - tx;
            double yi = sy[a] - ty;
            double zi = sz[a] - tz;
            int ti = stype[a] * types;
            for (int b = self ? a + 1 : oStart; b < oEnd; b++) {
                double dx = sx[b] - xi;
                double dy = sy[b] - yi;
                double dz = sz[b] - zi;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rmax2) {
                    continue;
                }
                if (exclusions && isExcluded(sorted[a], sorted[b])) {
                    continue;
                }
                int bin = (int) (Math.sqrt(r2) * invWidth);
                if (bin < bins) {
                    counts[pairIndex[ti + stype[b]]][bin]++;
                }
            }
        }
    }

    private boolean isExcluded(int i, int j) {
        return molecule[i] == molecule[j] && topology.excluded(i, j);
    }
}
