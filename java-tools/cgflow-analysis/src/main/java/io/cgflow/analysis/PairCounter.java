package io.cgflow.analysis;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.CellGrid;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.PairVisitor;
import io.cgflow.core.topology.CgTopology;
import java.util.Arrays;

/**
 * Counts bead pairs per type pair and distance bin in one configuration, streaming the pairs within r_max
 * from the shared {@link CellGrid} (orthorhombic and triclinic boxes; each pair once, at its minimum image,
 * excluded pairs left out). Not thread-safe: one per thread.
 */
public final class PairCounter {
    private final int types;
    private final int[] type;
    private final int[] pairIndex;
    private final Grid grid;
    private final CellGrid cells;
    private final long[][] counts;
    private final PairVisitor counting;

    public PairCounter(CgTopology topology, Grid grid) {
        this.type = topology.typeIndices();
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
        this.cells = new CellGrid(topology.size(), Exclusions.of(topology));
        this.counts = new long[p][grid.bins()];
        double invWidth = 1.0 / grid.width();
        int bins = grid.bins();
        int[] t = type;
        int[] index = pairIndex;
        int nt = types;
        long[][] c = counts;
        this.counting = (i, j, dx, dy, dz, r2) -> {
            int bin = (int) (Math.sqrt(r2) * invWidth);
            if (bin < bins) {
                c[index[t[i] * nt + t[j]]][bin]++;
            }
        };
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
        CellGrid.checkCutoff(grid.max(), box, "r_max");
        for (long[] c : counts) {
            Arrays.fill(c, 0);
        }
        cells.assign(x, box, grid.max());
        cells.forEachPair(counting);
    }
}
