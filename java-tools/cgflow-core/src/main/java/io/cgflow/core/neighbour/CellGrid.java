package io.cgflow.core.neighbour;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import java.util.Arrays;

/**
 * The cell grid behind every pair search. Particles are binned in fractional coordinates into cells at
 * least r_c/2 wide perpendicular to every face, so that for any cell — orthorhombic or triclinic — every
 * image of a particle within r_c lies within two cells in each direction. Each neighbouring cell is
 * visited with its own image shift, and only half of them (the other half sees the same pairs from the
 * other side). With r_c at most half the smallest perpendicular width, each pair has at most one image
 * within r_c, so {@link #forEachPair} reports every pair within r_c exactly once.
 *
 * <p>Positions, indices and types are kept in cell order in contiguous arrays, reused between calls: after
 * the first configuration of a given size nothing is allocated per pair or per particle. Not thread-safe:
 * one grid per thread.
 */
public final class CellGrid {
    private static final int MAX_CELLS_PER_DIMENSION = 512;
    /** Cells are r_c / REACH wide; neighbours up to REACH cells away are searched. */
    private static final int REACH = 2;
    private final int n;
    private final Exclusions exclusions;
    private final boolean excluding;
    private final int[] cellOf;
    private final int[] sorted;
    private final double[] wrapped;
    /** Positions in cell order, for contiguous access in the inner loop. */
    private final double[] sx;
    private final double[] sy;
    private final double[] sz;
    private int[] cellStart = new int[1];
    private int[] fill = new int[0];
    private final int[] nd = new int[3];
    private final double[] s = new double[3];
    private final double[] m = new double[9];
    private double cutoff2;
    private boolean assigned;

    /** A grid for {@code n} particles whose pairs in {@code exclusions} are never reported. */
    public CellGrid(int n, Exclusions exclusions) {
        if (exclusions.size() != n && !exclusions.isEmpty()) {
            throw new IllegalArgumentException("exclusions are for " + exclusions.size() + " particles, not " + n);
        }
        this.n = n;
        this.exclusions = exclusions;
        this.excluding = !exclusions.isEmpty();
        this.cellOf = new int[n];
        this.sorted = new int[n];
        this.wrapped = new double[3 * n];
        this.sx = new double[n];
        this.sy = new double[n];
        this.sz = new double[n];
    }

    /** Number of particles. */
    public int size() {
        return n;
    }

    /**
     * Throws IllegalArgumentException unless {@code cutoff} is at most half the smallest perpendicular width
     * of {@code box} (where minimum images stop being unique). {@code what} names the distance in the message.
     */
    public static void checkCutoff(double cutoff, Box box, String what) {
        double half = 0.5 * new PeriodicCell(box).minWidth();
        if (!(cutoff > 0) || cutoff > half * (1 + 1e-12)) {
            throw new IllegalArgumentException(what + " " + cutoff + " nm exceeds half the box's smallest perpendicular"
                + " width (" + half + " nm): minimum images are not unique there; use a larger box or a shorter"
                + " distance");
        }
    }

    /** Bins one configuration ({@code x}: 3n coordinates, anywhere, also outside the cell) for pairs within {@code cutoff}. */
    public void assign(float[] x, Box box, double cutoff) {
        PeriodicCell cell = begin(x.length, box, cutoff);
        for (int i = 0; i < n; i++) {
            place(cell, i, x[3 * i], x[3 * i + 1], x[3 * i + 2]);
        }
        finish();
    }

    /** Bins one configuration ({@code x}: 3n coordinates, anywhere, also outside the cell) for pairs within {@code cutoff}. */
    public void assign(double[] x, Box box, double cutoff) {
        PeriodicCell cell = begin(x.length, box, cutoff);
        for (int i = 0; i < n; i++) {
            place(cell, i, x[3 * i], x[3 * i + 1], x[3 * i + 2]);
        }
        finish();
    }

    /**
     * The cells per dimension of a grid over a cell of perpendicular {@code widths} whose cells are at least
     * {@code reach} / {@code reachCells} wide: as many as fit, at most {@value #MAX_CELLS_PER_DIMENSION} per dimension and
     * at most max(64, 8 × {@code particles}) in all (wider cells, fewer of them), so that a dilute system — a molecule
     * in a large box — does not sweep millions of empty cells. Any count is correct: a cell is never narrower than
     * reach / reachCells.
     */
    public static void cellCounts(double[] widths, double reach, int reachCells, int particles, int[] nd) {
        for (int d = 0; d < 3; d++) {
            nd[d] = (int) Math.max(1, Math.min(MAX_CELLS_PER_DIMENSION, Math.floor(widths[d] * reachCells / reach)));
        }
        long cap = Math.max(64L, 8L * particles);
        while ((long) nd[0] * nd[1] * nd[2] > cap) {
            int widest = nd[0] >= nd[1] && nd[0] >= nd[2] ? 0 : nd[1] >= nd[2] ? 1 : 2;
            nd[widest] = Math.max(1, (int) Math.floor(nd[widest] * 0.8));
        }
    }

    private PeriodicCell begin(int length, Box box, double cutoff) {
        if (length < 3 * n) {
            throw new IllegalArgumentException("positions for " + length / 3 + " particles, the grid has " + n);
        }
        checkCutoff(cutoff, box, "cut-off");
        PeriodicCell cell = new PeriodicCell(box);
        double[] w = cell.widths();
        cellCounts(w, cutoff, REACH, n, nd);
        int ncells = nd[0] * nd[1] * nd[2];
        if (cellStart.length < ncells + 1) {
            cellStart = new int[ncells + 1];
            fill = new int[ncells];
        } else {
            Arrays.fill(cellStart, 0, ncells + 1, 0);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[3 * r + c] = cell.get(r, c);
            }
        }
        cutoff2 = cutoff * cutoff;
        return cell;
    }

    private void place(PeriodicCell cell, int i, double x, double y, double z) {
        cell.toFractional(x, y, z, s);
        double s0 = s[0] - Math.floor(s[0]);
        double s1 = s[1] - Math.floor(s[1]);
        double s2 = s[2] - Math.floor(s[2]);
        int c0 = Math.min(nd[0] - 1, (int) (s0 * nd[0]));
        int c1 = Math.min(nd[1] - 1, (int) (s1 * nd[1]));
        int c2 = Math.min(nd[2] - 1, (int) (s2 * nd[2]));
        int c = (c0 * nd[1] + c1) * nd[2] + c2;
        cellOf[i] = c;
        cellStart[c + 1]++;
        wrapped[3 * i] = s0 * m[0] + s1 * m[3] + s2 * m[6];
        wrapped[3 * i + 1] = s0 * m[1] + s1 * m[4] + s2 * m[7];
        wrapped[3 * i + 2] = s0 * m[2] + s1 * m[5] + s2 * m[8];
    }

    private void finish() {
        int ncells = nd[0] * nd[1] * nd[2];
        for (int c = 0; c < ncells; c++) {
            cellStart[c + 1] += cellStart[c];
        }
        Arrays.fill(fill, 0, ncells, 0);
        for (int i = 0; i < n; i++) {
            int c = cellOf[i];
            int slot = cellStart[c] + fill[c]++;
            sorted[slot] = i;
            sx[slot] = wrapped[3 * i];
            sy[slot] = wrapped[3 * i + 1];
            sz[slot] = wrapped[3 * i + 2];
        }
        assigned = true;
    }

    /**
     * Reports every non-excluded pair of the last assigned configuration closer than the cut-off, once, in a
     * fixed order (by cell, then by offset, then by slot), to {@code visitor}.
     */
    public void forEachPair(PairVisitor visitor) {
        if (!assigned) {
            throw new IllegalStateException("no configuration assigned");
        }
        // half shell: the home cell itself (pairs j > i), and the offsets o > 0 in lexicographic order; the
        // pair seen from the other cell is offset −o with the opposite shift, the same image
        for (int c0 = 0; c0 < nd[0]; c0++) {
            for (int c1 = 0; c1 < nd[1]; c1++) {
                for (int c2 = 0; c2 < nd[2]; c2++) {
                    int home = (c0 * nd[1] + c1) * nd[2] + c2;
                    visitCells(home, home, 0, 0, 0, true, visitor);
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
                                double tx = k0 * m[0] + k1 * m[3] + k2 * m[6];
                                double ty = k0 * m[1] + k1 * m[4] + k2 * m[7];
                                double tz = k0 * m[2] + k1 * m[5] + k2 * m[8];
                                visitCells(home, other, tx, ty, tz, false, visitor);
                            }
                        }
                    }
                }
            }
        }
    }

    private void visitCells(int home, int other, double tx, double ty, double tz, boolean self,
                            PairVisitor visitor) {
        int hEnd = cellStart[home + 1];
        int oStart = cellStart[other];
        int oEnd = cellStart[other + 1];
        double rc2 = cutoff2;
        for (int a = cellStart[home]; a < hEnd; a++) {
            double xi = sx[a] - tx;
            double yi = sy[a] - ty;
            double zi = sz[a] - tz;
            for (int b = self ? a + 1 : oStart; b < oEnd; b++) {
                double dx = sx[b] - xi;
                double dy = sy[b] - yi;
                double dz = sz[b] - zi;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) {
                    continue;
                }
                if (excluding && exclusions.contains(sorted[a], sorted[b])) {
                    continue;
                }
                visitor.pair(sorted[a], sorted[b], dx, dy, dz, r2);
            }
        }
    }
}
