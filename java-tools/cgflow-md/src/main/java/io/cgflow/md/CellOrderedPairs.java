package io.cgflow.md;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.CellGrid;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.concurrent.WorkerTeam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>Within a row the entries are grouped by shift (the zero shift first, then by code): the row's
 * <em>segments</em> {@code segmentOf[a] … segmentOf[a + 1] − 1} each end at {@code segmentEnd[g]} and share the
 * shift {@code segmentCode[g]} (3 × code, an offset into {@link #shifts}), so that the pair loop subtracts one
 * shift from the row's position per segment instead of adding one to every pair.
 *
 * <p>Rebuilds happen on the first call, when the box changed, or when some bead moved more than skin/2 since
 * the last build. Every non-excluded pair within r_c + skin at the build is listed once. The order of rows and
 * entries depends on the positions only, not on the number of threads that search (ranges of home cells, joined
 * in cell order). Arrays are reused between builds. Not thread-safe while building.
 */
final class CellOrderedPairs {
    /** Beads per list: the slot takes the upper 27 bits of an entry. */
    static final int MAX_BEADS = 1 << 26;
    private static final int REACH = 2;
    /** A part of the search has at least this many beads. */
    private static final int MIN_PART_BEADS = 128;
    /** Search parts per thread of the team. */
    private static final int PARTS_PER_THREAD = 4;

    private final int n;
    private final double cutoff;
    private final double skin;
    private final Exclusions exclusions;
    private final boolean excluding;
    private final int[] order;
    private final double[] wrap;
    private final int[] start;
    private int[] entries = new int[0];
    private final int[] segmentOf;
    private int[] segmentEnd = new int[0];
    private int[] segmentCode = new int[0];
    private final double[] shifts = new double[81];
    private final int[] cellOf;
    private int[] cellStart = new int[1];
    private int[] fill = new int[0];
    private final int[] nd = new int[3];
    private final double[] m = new double[9];
    private final double[] s = new double[3];
    private final double[] reference;
    private final WorkerTeam team;
    private final Part[] parts;
    private Box builtFor;
    private long builds;

    CellOrderedPairs(int n, double cutoff, double skin, Exclusions exclusions) {
        this(n, cutoff, skin, exclusions, null);
    }

    /**
     * @param team the threads that search (the calling thread with them), or null for the calling thread alone;
     *             the search is split into as many parts as the team has threads (at most)
     */
    CellOrderedPairs(int n, double cutoff, double skin, Exclusions exclusions, WorkerTeam team) {
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
        this.segmentOf = new int[n + 1];
        this.cellOf = new int[n];
        this.reference = new double[3 * n];
        this.team = team;
        // several parts per thread, taken in turn by whichever thread is free: the threads finish together
        this.parts = new Part[team == null ? 1 : PARTS_PER_THREAD * team.size()];
        for (int q = 0; q < parts.length; q++) {
            parts[q] = new Part();
        }
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
        if (builtFor != null && builtFor.equals(box) && maxDisplacement2(x, reference) <= 0.25 * skin * skin) {
            return false;
        }
        build(x, box);
        return true;
    }

    /** The largest squared displacement of a bead between {@code reference} and {@code x}. */
    static double maxDisplacement2(double[] x, double[] reference) {
        double max = 0;
        for (int k = 0; k < x.length; k += 3) {
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
        CellGrid.cellCounts(widths, reach, REACH, x.length / 3, nd);
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
        searchParts(y, reach * reach, ncells);
        System.arraycopy(x, 0, reference, 0, 3 * n);
        builtFor = box;
        builds++;
    }

    /** One part's rows (a range of home cells): row starts and segments relative to the part's own arrays. */
    private static final class Part {
        int[] entries = new int[0];
        int[] segmentEnd = new int[0];
        int[] segmentCode = new int[0];
        int count;
        int segments;
        int firstCell;
        int endCell;
    }

    /**
     * Searches the home cells in {@link #parts} ranges of about equal bead counts, on the team's threads, then
     * joins the parts in cell order: the list does not depend on the number of parts.
     */
    private void searchParts(double[] y, double reach2, int ncells) {
        int used = Math.max(1, Math.min(parts.length, n / MIN_PART_BEADS));
        int cell = 0;
        for (int q = 0; q < used; q++) {
            Part part = parts[q];
            part.firstCell = cell;
            long target = (long) n * (q + 1) / used;
            while (cell < ncells && (q == used - 1 || cellStart[cell + 1] <= target)) {
                cell++;
            }
            part.endCell = cell;
        }
        if (team == null || used == 1) {
            for (int q = 0; q < used; q++) {
                search(parts[q], y, reach2, parts[q].firstCell, parts[q].endCell);
            }
        } else {
            AtomicInteger next = new AtomicInteger();
            List<Runnable> tasks = new ArrayList<>(team.size());
            for (int w = 0; w < team.size(); w++) {
                tasks.add(() -> {
                    for (int q = next.getAndIncrement(); q < used; q = next.getAndIncrement()) {
                        search(parts[q], y, reach2, parts[q].firstCell, parts[q].endCell);
                    }
                });
            }
            team.runAll(tasks);
        }
        if (used == 1) {
            entries = parts[0].entries;
            segmentEnd = parts[0].segmentEnd;
            segmentCode = parts[0].segmentCode;
            start[n] = parts[0].count;
            segmentOf[n] = parts[0].segments;
            return;
        }
        int count = 0;
        int segments = 0;
        for (int q = 0; q < used; q++) {
            count += parts[q].count;
            segments += parts[q].segments;
        }
        if (entries.length < count || entries == parts[0].entries) {
            entries = new int[count + count / 8];
        }
        if (segmentEnd.length < segments || segmentEnd == parts[0].segmentEnd) {
            segmentEnd = new int[segments + segments / 8];
            segmentCode = new int[segmentEnd.length];
        }
        count = 0;
        segments = 0;
        for (int q = 0; q < used; q++) {
            Part part = parts[q];
            for (int a = cellStart[part.firstCell], end = cellStart[part.endCell]; a < end; a++) {
                start[a] += count;
                segmentOf[a] += segments;
            }
            System.arraycopy(part.entries, 0, entries, count, part.count);
            for (int g = 0; g < part.segments; g++) {
                segmentEnd[segments + g] = part.segmentEnd[g] + count;
            }
            System.arraycopy(part.segmentCode, 0, segmentCode, segments, part.segments);
            count += part.count;
            segments += part.segments;
        }
        start[n] = count;
        segmentOf[n] = segments;
    }

    /**
     * Rows in slot order: the home cell's later slots, then the half shell of neighbour cells, those without an
     * image shift first and the others in code order, so that each row's segments come out as they are found.
     */
    private void search(Part part, double[] y, double reach2, int firstCell, int endCell) {
        int[] entries = part.entries;
        int[] segmentEnd = part.segmentEnd;
        int[] segmentCode = part.segmentCode;
        int count = 0;
        int segments = 0;
        int stencil = ((2 * REACH + 1) * (2 * REACH + 1) * (2 * REACH + 1) - 1) / 2;
        int[] other = new int[stencil];
        int[] codes = new int[stencil];
        long[] sortable = new long[stencil];
        for (int home = firstCell; home < endCell; home++) {
            int c0 = home / (nd[1] * nd[2]);
            int c1 = home / nd[2] % nd[1];
            int c2 = home % nd[2];
            {
                {
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
                                // r_c + skin is at most half the width, so nd ≥ 3 and |k| ≤ 1
                                int code = (k0 + 1) * 9 + (k1 + 1) * 3 + (k2 + 1);
                                // the zero shift (13) first, then by code; cells in stencil order within a code
                                long key = code == 13 ? 0 : code + 1;
                                sortable[neighbours] = key << 40 | (long) neighbours << 32
                                    | ((n0 * nd[1] + n1) * nd[2] + n2);
                                neighbours++;
                            }
                        }
                    }
                    Arrays.sort(sortable, 0, neighbours);
                    for (int q = 0; q < neighbours; q++) {
                        int key = (int) (sortable[q] >>> 40);
                        other[q] = (int) sortable[q];
                        codes[q] = key == 0 ? 13 : key - 1;
                    }
                    int hEnd = cellStart[home + 1];
                    for (int a = cellStart[home]; a < hEnd; a++) {
                        start[a] = count;
                        segmentOf[a] = segments;
                        double xa = y[3 * a];
                        double ya = y[3 * a + 1];
                        double za = y[3 * a + 2];
                        int needed = count + n;
                        if (entries.length < needed) {
                            entries = Arrays.copyOf(entries, Math.max(needed, entries.length + entries.length / 2));
                            part.entries = entries;
                        }
                        if (segmentEnd.length < segments + 28) {
                            int grown = Math.max(segments + 28, 2 * segmentEnd.length);
                            segmentEnd = Arrays.copyOf(segmentEnd, grown);
                            segmentCode = Arrays.copyOf(segmentCode, grown);
                            part.segmentEnd = segmentEnd;
                            part.segmentCode = segmentCode;
                        }
                        for (int b = a + 1; b < hEnd; b++) {
                            double dx = y[3 * b] - xa;
                            double dy = y[3 * b + 1] - ya;
                            double dz = y[3 * b + 2] - za;
                            if (dx * dx + dy * dy + dz * dz < reach2 && keep(a, b)) {
                                entries[count++] = b << 5 | 13;
                            }
                        }
                        int current = 13;
                        int from = start[a];
                        for (int q = 0; q < neighbours; q++) {
                            int o = other[q];
                            int code = codes[q];
                            if (code != current) {
                                if (count > from) {
                                    segmentEnd[segments] = count;
                                    segmentCode[segments++] = 3 * current;
                                }
                                current = code;
                                from = count;
                            }
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
                        if (count > from) {
                            segmentEnd[segments] = count;
                            segmentCode[segments++] = 3 * current;
                        }
                    }
                }
            }
        }
        part.count = count;
        part.segments = segments;
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

    /** By slot, n + 1 of them: the row's first segment (do not modify). */
    int[] segmentOf() {
        return segmentOf;
    }

    /** By segment: the end of its entries (do not modify). */
    int[] segmentEnd() {
        return segmentEnd;
    }

    /** By segment: 3 × the code of its shift, an offset into {@link #shifts()} (do not modify). */
    int[] segmentCode() {
        return segmentCode;
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
