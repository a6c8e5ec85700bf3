package io.cgflow.core.neighbour;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import java.util.Arrays;

/**
 * A Verlet neighbour list on the {@link CellGrid}: every non-excluded pair closer than r_c + skin at the
 * last build, in compressed-sparse-row arrays. The neighbours of particle i are the entries
 * {@code k ∈ [start(i), end(i))}; entry k names the neighbour {@link #neighbour(int) j} and the image shift
 * t_k (a lattice vector of the box at the last build) such that the displacement of the pair is
 * {@code x_j − x_i + t_k}. The shift is exact for the positions as given — unwrapped or not — and stays valid
 * while the particles move continuously until the next rebuild.
 *
 * <p>A {@link Kind#HALF half} list stores each pair once (for pair forces); a {@link Kind#FULL full} list
 * stores it in the rows of both particles (for per-particle descriptors). {@link #update} rebuilds only
 * when the box changed or some particle moved more than skin/2 since the last build, which keeps every pair
 * within r_c in the list. Arrays are reused between builds; nothing is allocated per pair. Not
 * thread-safe.
 *
 * <p>The pairs of a list are numbered 0 … {@link #pairs()} − 1 ({@link #pair}): in a full list the two entries of a
 * pair share its number, so whatever depends on the pair alone (its distance, functions of it) can be computed once,
 * stored under that number and read from both rows. Numbers run row by row over the entries (i, j) with i &lt; j, so
 * a pass over those entries in row order writes its per-pair results in order.
 */
public final class NeighbourList {
    /** Which pairs a row holds. */
    public enum Kind {
        /** Each pair once, in the row of one of its two particles. */
        HALF,
        /** Each pair twice, once in the row of each particle, with opposite shifts. */
        FULL
    }

    private final int n;
    private final double cutoff;
    private final double skin;
    private final Kind kind;
    private final Exclusions exclusions;
    private final CellGrid grid;
    private final int[] start;
    private int[] neighbours = new int[0];
    private double[] shifts = new double[0];
    /** Full lists: the pair of each entry (see {@link #pair}) and, during a build, the other entry of its pair. */
    private int[] pairOf = new int[0];
    private int[] mate = new int[0];
    /** Pairs as found by the grid, before sorting into rows: (i, j) and the integer image of j. */
    private int[] foundI = new int[0];
    private int[] foundJ = new int[0];
    private int[] foundImage = new int[0];
    private int found;
    private final int[] fill;
    private final double[] reference;
    private double[] buildPositions;
    private Box builtFor;
    private PeriodicCell cell;
    private long builds;
    private final double[] frac = new double[3];

    /**
     * A list for {@code n} particles holding the pairs within {@code cutoff + skin} (nm), of the given kind,
     * leaving out the pairs in {@code exclusions}.
     */
    public NeighbourList(int n, double cutoff, double skin, Kind kind, Exclusions exclusions) {
        if (!(cutoff > 0) || !(skin >= 0) || !Double.isFinite(cutoff + skin)) {
            throw new IllegalArgumentException("neighbour list: cut-off must be positive and skin non-negative, not "
                + cutoff + " and " + skin);
        }
        this.n = n;
        this.cutoff = cutoff;
        this.skin = skin;
        this.kind = kind;
        this.exclusions = exclusions;
        this.grid = new CellGrid(n, exclusions);
        this.start = new int[n + 1];
        this.fill = new int[n];
        this.reference = new double[3 * n];
    }

    public int size() {
        return n;
    }

    /** The interaction cut-off r_c, nm: every pair within it is in the list. */
    public double cutoff() {
        return cutoff;
    }

    public double skin() {
        return skin;
    }

    public Kind kind() {
        return kind;
    }

    public Exclusions exclusions() {
        return exclusions;
    }

    /** Number of builds so far. */
    public long builds() {
        return builds;
    }

    /**
     * Makes the list valid for the positions {@code x} (3n coordinates, nm) in {@code box}: rebuilds when this
     * is the first call, the box changed, or some particle moved more than skin/2 since the last build.
     * Returns whether it rebuilt. Throws IllegalArgumentException when r_c + skin exceeds half the smallest
     * perpendicular width of the box.
     */
    public boolean update(double[] x, Box box) {
        if (x.length != 3 * n) {
            throw new IllegalArgumentException("neighbour list: positions for " + x.length / 3.0
                + " particles, the list has " + n);
        }
        if (builtFor != null && builtFor.equals(box) && maxDisplacement2(x) <= 0.25 * skin * skin) {
            return false;
        }
        build(x, box);
        return true;
    }

    /** Rebuilds the list for the positions {@code x} in {@code box}, unconditionally. */
    public void build(double[] x, Box box) {
        double reach = cutoff + skin;
        CellGrid.checkCutoff(reach, box, "neighbour list: cut-off + skin " + cutoff + " + " + skin + " =");
        cell = new PeriodicCell(box);
        found = 0;
        buildPositions = x;
        grid.assign(x, box, reach);
        grid.forEachPair(this::collect);
        buildPositions = null;
        int per = kind == Kind.FULL ? 2 : 1;
        int entries = per * found;
        if (neighbours.length < entries) {
            neighbours = new int[entries + entries / 4];
            shifts = new double[3 * neighbours.length];
            if (per == 2) {
                pairOf = new int[neighbours.length];
                mate = new int[neighbours.length];
            }
        }
        Arrays.fill(start, 0);
        for (int p = 0; p < found; p++) {
            start[foundI[p] + 1]++;
            if (per == 2) {
                start[foundJ[p] + 1]++;
            }
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        System.arraycopy(start, 0, fill, 0, n);
        for (int p = 0; p < found; p++) {
            int i = foundI[p];
            int j = foundJ[p];
            int a = foundImage[3 * p];
            int b = foundImage[3 * p + 1];
            int c = foundImage[3 * p + 2];
            int k = fill[i]++;
            put(k, j, a, b, c);
            if (per == 2) {
                int m = fill[j]++;
                put(m, i, -a, -b, -c);
                mate[k] = m;
                mate[m] = k;
            }
        }
        if (per == 2) {
            int pair = 0;
            for (int i = 0; i < n; i++) {
                for (int k = start[i], end = start[i + 1]; k < end; k++) {
                    if (neighbours[k] > i) {
                        pairOf[k] = pair;
                        pairOf[mate[k]] = pair++;
                    }
                }
            }
        }
        System.arraycopy(x, 0, reference, 0, 3 * n);
        builtFor = box;
        builds++;
    }

    private void put(int k, int j, int a, int b, int c) {
        neighbours[k] = j;
        shifts[3 * k] = a * cell.get(0, 0) + b * cell.get(1, 0) + c * cell.get(2, 0);
        shifts[3 * k + 1] = a * cell.get(0, 1) + b * cell.get(1, 1) + c * cell.get(2, 1);
        shifts[3 * k + 2] = a * cell.get(0, 2) + b * cell.get(1, 2) + c * cell.get(2, 2);
    }

    /** Keeps the pair (i, j) found by the grid with the lattice vector that takes x_j − x_i to the image found. */
    private void collect(int i, int j, double dx, double dy, double dz, double r2) {
        if (found == foundI.length) {
            int size = Math.max(1024, found * 2);
            foundI = Arrays.copyOf(foundI, size);
            foundJ = Arrays.copyOf(foundJ, size);
            foundImage = Arrays.copyOf(foundImage, 3 * size);
        }
        double[] x = buildPositions;
        cell.toFractional(dx - (x[3 * j] - x[3 * i]), dy - (x[3 * j + 1] - x[3 * i + 1]),
            dz - (x[3 * j + 2] - x[3 * i + 2]), frac);
        foundI[found] = i;
        foundJ[found] = j;
        foundImage[3 * found] = (int) Math.rint(frac[0]);
        foundImage[3 * found + 1] = (int) Math.rint(frac[1]);
        foundImage[3 * found + 2] = (int) Math.rint(frac[2]);
        found++;
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

    private void requireBuilt() {
        if (builtFor == null) {
            throw new IllegalStateException("neighbour list not built yet: call update first");
        }
    }

    /** First entry of particle i's row. */
    public int start(int i) {
        return start[i];
    }

    /** One past the last entry of particle i's row. */
    public int end(int i) {
        return start[i + 1];
    }

    /** Number of entries (pairs for a half list, twice the pairs for a full list). */
    public int entries() {
        requireBuilt();
        return start[n];
    }

    /** Number of pairs: {@link #entries()} for a half list, half of it for a full one. */
    public int pairs() {
        return kind == Kind.FULL ? entries() / 2 : entries();
    }

    /**
     * The number of entry k's pair, in [0, {@link #pairs()}): k itself in a half list; in a full list the same for
     * the entry (i, j) in row i and the entry (j, i) in row j, and increasing along the rows over the entries with
     * i &lt; j.
     */
    public int pair(int k) {
        return kind == Kind.FULL ? pairOf[k] : k;
    }

    /** The neighbour j of entry k. */
    public int neighbour(int k) {
        return neighbours[k];
    }

    /** Component d (0, 1, 2 for x, y, z) of the image shift of entry k, nm. */
    public double shift(int k, int d) {
        return shifts[3 * k + d];
    }

    /** The box of the last build. */
    public Box box() {
        requireBuilt();
        return builtFor;
    }
}
