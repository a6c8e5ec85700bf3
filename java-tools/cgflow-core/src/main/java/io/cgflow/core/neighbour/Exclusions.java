package io.cgflow.core.neighbour;

import io.cgflow.core.topology.CgTopology;
import java.util.Arrays;

/**
 * Excluded bead pairs as compact per-bead sorted arrays (CSR: {@code partners[start[i] .. start[i+1])}
 * are the beads excluded with i, ascending). Symmetric: j is listed for i and i for j. Immutable.
 */
public final class Exclusions {
    private static final int[] EMPTY_START = new int[0];
    private final int n;
    private final int[] start;
    private final int[] partners;

    private Exclusions(int n, int[] start, int[] partners) {
        this.n = n;
        this.start = start;
        this.partners = partners;
    }

    /** No excluded pairs among {@code n} beads. */
    public static Exclusions none(int n) {
        return new Exclusions(n, EMPTY_START, new int[0]);
    }

    /** The topology's excluded pairs that lie within one molecule (as {@link CgTopology#excluded} reads them). */
    public static Exclusions of(CgTopology topology) {
        int n = topology.size();
        if (topology.excludedPairs().isEmpty()) {
            return none(n);
        }
        long[] keys = topology.excludedPairs().stream().mapToLong(Long::longValue).toArray();
        int[] a = new int[keys.length];
        int[] b = new int[keys.length];
        int m = 0;
        for (long key : keys) {
            int i = (int) (key >>> 32);
            int j = (int) key;
            if (i == j || i < 0 || j >= n || topology.moleculeOf(i) != topology.moleculeOf(j)) {
                continue;
            }
            a[m] = i;
            b[m] = j;
            m++;
        }
        return ofPairs(n, Arrays.copyOf(a, m), Arrays.copyOf(b, m));
    }

    /** Exclusions from the pairs (a[k], b[k]); duplicates and order do not matter. */
    public static Exclusions ofPairs(int n, int[] a, int[] b) {
        int[] count = new int[n + 1];
        for (int k = 0; k < a.length; k++) {
            if (a[k] == b[k]) {
                continue;
            }
            count[a[k] + 1]++;
            count[b[k] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] list = new int[count[n]];
        int[] fill = Arrays.copyOf(count, n);
        for (int k = 0; k < a.length; k++) {
            if (a[k] == b[k]) {
                continue;
            }
            list[fill[a[k]]++] = b[k];
            list[fill[b[k]]++] = a[k];
        }
        // sort each row and drop duplicates, compacting in place
        int[] start = new int[n + 1];
        int w = 0;
        for (int i = 0; i < n; i++) {
            int from = count[i];
            int to = count[i + 1];
            Arrays.sort(list, from, to);
            start[i] = w;
            for (int k = from; k < to; k++) {
                if (k == from || list[k] != list[k - 1]) {
                    list[w++] = list[k];
                }
            }
        }
        start[n] = w;
        return new Exclusions(n, start, Arrays.copyOf(list, w));
    }

    /** Number of beads. */
    public int size() {
        return n;
    }

    public boolean isEmpty() {
        return partners.length == 0;
    }

    /** True when the pair (i, j) is excluded. */
    public boolean contains(int i, int j) {
        if (partners.length == 0) {
            return false;
        }
        int from = start[i];
        int to = start[i + 1];
        for (int k = from; k < to; k++) {
            int p = partners[k];
            if (p >= j) {
                return p == j;
            }
        }
        return false;
    }

    /** The beads excluded with bead i, ascending (a copy). */
    public int[] partners(int i) {
        return partners.length == 0 ? new int[0] : Arrays.copyOfRange(partners, start[i], start[i + 1]);
    }

    /** Number of excluded unordered pairs. */
    public int pairCount() {
        return partners.length / 2;
    }
}
