package io.cgflow.md;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.CellGrid;
import io.cgflow.core.neighbour.Exclusions;
import java.util.Arrays;

/**
 * A half Verlet list over a cell-ordered copy of the positions, for the pair loop of {@link KernelForces}.
 *
 * <p>At each build the beads are binned into cells (the same cells and the same half shell of neighbour
 * cells as {@link CellGrid}) and numbered by cell: slot s holds bead {@link #bead(int) order[s]}. Each bead
 * also gets the lattice vector W that took its position into the cell at the build. Between builds
 * {@link #gather} writes {@code x[order[s]] + W[s]} into a contiguous array, so neighbours in space are
 * neighbours in memory, and most pairs need no image shift. The rows of the list are slots; an entry packs
 * the partner's slot and one of 27 image shifts (the lattice vectors k·M with k ∈ {−1, 0, 1}³):
 * {@code slot << 5 | code}. The displacement of the pair of row a and entry (b, code) is
 * {@code y_b − y_a + shift(code)} with y the gathered positions — exact for the positions as given, also when
 * they are unwrapped, and valid while the beads move continuously until the next rebuild.
 *
 * <p>Rebuilds happen on the first call, when the box changed, or when some bead moved more than skin/2 since
 * the last build. Every non-excluded pair within r_c + skin at the build is listed once. The order of rows and
 * entries depends on the positions only. Arrays are reused between builds. Not thread-safe while building.
 */
final class CellOrderedPairs {
    /** Beads per list: the slot takes the upper 27 bits of an entry. */
    static final int MAX_BEADS = 1 << 26;
    private static final int MAX_CELLS_PER_DIMENSION = 512;
    private static final int REACH = 2;

    private final int n;
    private final double cutoff;
    private final double skin;
    private final Exclusions exclusions;
    private final boolean excluding;
    private final int[] order;
    private final double[] wrap;
    private final int[] start;
    private int[] entries = new int[0];
    private final double[] shifts = new double[81];
    private final int[] cellOf;
    private int[] cellStart = new int[1];
    private int[] fill = new int[0];
    private final int[] nd = new int[3];
    private final double[] m = new double[9];
    private final double[] s = new double[3];
    private final double[] reference;
    private Box builtFor;
    private long builds;

    CellOrderedPairs(int n, double cutoff, double skin, Exclusions exclusions) {
        if (!(cutoff > 0) || !(skin >= 0) || !Double.isFinite(cutoff + skin)) {
            throw new IllegalArgumentException("neighbour list: cut-off must be positive and skin non-negative, not "
                + cutoff + " and " + skin);
        }
        if (n >= MAX_BEADS) {
            throw new IllegalArgumentException("neighbour list: at most " + (MAX_BEADS - 1) + " beads, not " + n);
        }
        this.n = n;
        this.cutoff = cutoff;
        this.skin = skin;
        this.exclusions = exclusions;
        this.excluding = !exclusions.isEmpty();
        this.order = new int[n];
        this.wrap = new double[3 * n];
        this.start = new int[n + 1];
        this.cellOf = new int[n];
        this.reference = new double[3 * n];
    }

    double skin() {
        return skin;
    }

    long builds() {
        return builds;
    }

    /**
     * Makes the list valid for {@code x} in {@code box}: rebuilds when this is the first call, the box changed,
     * or some bead moved more than skin/2 since the last build. Returns whether it rebuilt.
     */
    boolean update(double[] x, Box box) {
        if (builtFor != null && builtFor.equals(box) && maxDisplacement2(x) <= 0.25 * skin * skin) {
            return false;
        }
        build(x, box);
        return true;
    }

    private double maxDisplacement2(double[] x) {
        double max = 0;
        for (int k = 0; k < 3 * n; k += 3) {
            double dx = x[k] - reference[k];
            double dy = x[k + 1] - reference[k + 1];
            double dz = x[k + 2] - reference[k + 2];
            max = Math.max(max, dx * dx + dy * dy + dz * dz);
        }
        return max;
    }

    /** Rebuilds the list for {@code x} in {@code box}, unconditionally. */
    void build(double[] x, Box box) {
        double reach = cutoff + skin;
        CellGrid.checkCutoff(reach, box, "neighbour list: cut-off + skin " + cutoff + " + " + skin + " =");
        PeriodicCell cell = new PeriodicCell(box);
        double[] widths = cell.widths();
        for (int d = 0; d < 3; d++) {
            nd[d] = (int) Math.max(1, Math.min(MAX_CELLS_PER_DIMENSION, Math.floor(widths[d] * REACH / reach)));
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[3 * r + c] = cell.get(r, c);
            }
        }
        for (int code = 0; code < 27; code++) {
            int k0 = code / 9 - 1;
            int k1 = code / 3 % 3 - 1;
            int k2 = code % 3 - 1;
            for (int d = 0; d < 3; d++) {
                shifts[3 * code + d] = k0 * m[d] + k1 * m[3 + d] + k2 * m[6 + d];
            }
        }
        int ncells = nd[0] * nd[1] * nd[2];
        if (cellStart.length < ncells + 1) {
            cellStart = new int[ncells + 1];
            fill = new int[ncells];
        } else {
            Arrays.fill(cellStart, 0, ncells + 1, 0);
        }
        // bin, remembering the lattice vector that brings each bead into the cell (in wrap, by bead for now)
        double[] image = new double[3 * n];
        for (int i = 0; i < n; i++) {
            cell.toFractional(x[3 * i], x[3 * i + 1], x[3 * i + 2], s);
            double k0 = Math.floor(s[0]);
            double k1 = Math.floor(s[1]);
            double k2 = Math.floor(s[2]);
            int c0 = Math.min(nd[0] - 1, Math.max(0, (int) ((s[0] - k0) * nd[0])));
            int c1 = Math.min(nd[1] - 1, Math.max(0, (int) ((s[1] - k1) * nd[1])));
            int c2 = Math.min(nd[2] - 1, Math.max(0, (int) ((s[2] - k2) * nd[2])));
            int c = (c0 * nd[1] + c1) * nd[2] + c2;
            cellOf[i] = c;
            cellStart[c + 1]++;
            for (int d = 0; d < 3; d++) {
                image[3 * i + d] = -(k0 * m[d] + k1 * m[3 + d] + k2 * m[6 + d]);
            }
        }
        for (int c = 0; c < ncells; c++) {
            cellStart[c + 1] += cellStart[c];
        }
        Arrays.fill(fill, 0, ncells, 0);
        for (int i = 0; i < n; i++) {
            int c = cellOf[i];
            int slot = cellStart[c] + fill[c]++;
            order[slot] = i;
            wrap[3 * slot] = image[3 * i];
            wrap[3 * slot + 1] = image[3 * i + 1];
            wrap[3 * slot + 2] = image[3 * i + 2];
        }
        double[] y = new double[3 * n];
        gather(x, y, 0, n);
        search(y, reach * reach);
        System.arraycopy(x, 0, reference, 0, 3 * n);
        builtFor = box;
        builds++;
    }

    /** Rows in slot order: the home cell's later slots, then the half shell of neighbour cells. */
    private void search(double[] y, double reach2) {
        int count = 0;
        int[] other = new int[(2 * REACH + 1) * (2 * REACH + 1) * (2 * REACH + 1)];
        int[] codes = new int[other.length];
        for (int c0 = 0; c0 < nd[0]; c0++) {
            for (int c1 = 0; c1 < nd[1]; c1++) {
                for (int c2 = 0; c2 < nd[2]; c2++) {
                    int home = (c0 * nd[1] + c1) * nd[2] + c2;
                    int neighbours = 0;
                    for (int o0 = 0; o0 <= REACH; o0++) {
                        int k0 = Math.floorDiv(c0 + o0, nd[0]);
                        int n0 = c0 + o0 - k0 * nd[0];
                        for (int o1 = o0 == 0 ? 0 : -REACH; o1 <= REACH; o1++) {
                            int k1 = Math.floorDiv(c1 + o1, nd[1]);
                            int n1 = c1 + o1 - k1 * nd[1];
                            for (int o2 = o0 == 0 && o1 == 0 ? 1 : -REACH; o2 <= REACH; o2++) {
                                int k2 = Math.floorDiv(c2 + o2, nd[2]);
                                int n2 = c2 + o2 - k2 * nd[2];
                                other[neighbours] = (n0 * nd[1] + n1) * nd[2] + n2;
                                // r_c + skin is at most half the width, so nd ≥ 3 and |k| ≤ 1
                                codes[neighbours] = (k0 + 1) * 9 + (k1 + 1) * 3 + (k2 + 1);
                                neighbours++;
                            }
                        }
                    }
                    int hEnd = cellStart[home + 1];
                    for (int a = cellStart[home]; a < hEnd; a++) {
                        start[a] = count;
                        double xa = y[3 * a];
                        double ya = y[3 * a + 1];
                        double za = y[3 * a + 2];
                        int needed = count + n;
                        if (entries.length < needed) {
                            entries = Arrays.copyOf(entries, Math.max(needed, entries.length + entries.length / 2));
                        }
                        for (int b = a + 1; b < hEnd; b++) {
                            double dx = y[3 * b] - xa;
                            double dy = y[3 * b + 1] - ya;
                            double dz = y[3 * b + 2] - za;
                            if (dx * dx + dy * dy + dz * dz < reach2 && keep(a, b)) {
                                entries[count++] = b << 5 | 13;
                            }
                        }
                        for (int q = 0; q < neighbours; q++) {
                            int o = other[q];
                            int code = codes[q];
                            double tx = shifts[3 * code] - xa;
                            double ty = shifts[3 * code + 1] - ya;
                            double tz = shifts[3 * code + 2] - za;
                            for (int b = cellStart[o], oEnd = cellStart[o + 1]; b < oEnd; b++) {
                                double dx = y[3 * b] + tx;
                                double dy = y[3 * b + 1] + ty;
                                double dz = y[3 * b + 2] + tz;
                                if (dx * dx + dy * dy + dz * dz < reach2 && keep(a, b)) {
                                    entries[count++] = b << 5 | code;
                                }
                            }
                        }
                    }
                }
            }
        }
        start[n] = count;
    }

    private boolean keep(int a, int b) {
        return !excluding || !exclusions.contains(order[a], order[b]);
    }

    /** Writes the cell-ordered positions of slots [from, to): y[s] = x[order[s]] + W[s]. */
    void gather(double[] x, double[] y, int from, int to) {
        for (int slot = from; slot < to; slot++) {
            int i = 3 * order[slot];
            y[3 * slot] = x[i] + wrap[3 * slot];
            y[3 * slot + 1] = x[i + 1] + wrap[3 * slot + 1];
            y[3 * slot + 2] = x[i + 2] + wrap[3 * slot + 2];
        }
    }

    /** The bead in slot s. */
    int bead(int slot) {
        return order[slot];
    }

    /** Slot → bead, for reading in loops (do not modify). */
    int[] order() {
        return order;
    }

    /** Row starts by slot, n + 1 of them (do not modify). */
    int[] starts() {
        return start;
    }

    /** Packed entries {@code slot << 5 | code} (do not modify). */
    int[] entries() {
        return entries;
    }

    /** Image shifts by code, x y z for each of 27 codes (do not modify). */
    double[] shifts() {
        return shifts;
    }
}
