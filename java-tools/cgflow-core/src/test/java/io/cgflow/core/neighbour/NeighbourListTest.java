package io.cgflow.core.neighbour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The Verlet list and the streaming grid against brute force over all pairs at their minimum image. */
class NeighbourListTest {
    static Box box(String kind) {
        return switch (kind) {
            case "ortho" -> Box.orthorhombic(3.0, 3.5, 4.0);
            case "triclinic" -> Box.fromLengthsAndAngles(3.2, 3.0, 3.4, 70, 80, 85);
            default -> Box.ofVectors(3.0, 0, 0, 1.4, 2.8, 0, -1.2, 1.1, 3.1);
        };
    }

    static double[] randomPositions(int n, Box box, Random rnd) {
        double[] x = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double a = rnd.nextDouble() * 3 - 1;
            double b = rnd.nextDouble() * 3 - 1;
            double c = rnd.nextDouble() * 3 - 1;
            for (int d = 0; d < 3; d++) {
                x[3 * i + d] = a * box.get(0, d) + b * box.get(1, d) + c * box.get(2, d);
            }
        }
        return x;
    }

    /** Minimum-image displacement x_j − x_i by exhaustive search over ±2 images. */
    static double[] minimumImage(double[] x, int i, int j, Box box) {
        PeriodicCell cell = new PeriodicCell(box);
        double[] s = new double[3];
        cell.toFractional(x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2], s);
        double[] best = null;
        double best2 = Double.MAX_VALUE;
        for (int a = -2; a <= 2; a++) {
            for (int b = -2; b <= 2; b++) {
                for (int c = -2; c <= 2; c++) {
                    double[] v = new double[3];
                    double r2 = 0;
                    for (int d = 0; d < 3; d++) {
                        v[d] = (s[0] - Math.rint(s[0]) + a) * box.get(0, d) + (s[1] - Math.rint(s[1]) + b) * box.get(1, d)
                            + (s[2] - Math.rint(s[2]) + c) * box.get(2, d);
                        r2 += v[d] * v[d];
                    }
                    if (r2 < best2) {
                        best2 = r2;
                        best = v;
                    }
                }
            }
        }
        return best;
    }

    static Exclusions someExclusions(int n, Random rnd) {
        int m = n / 2;
        int[] a = new int[m];
        int[] b = new int[m];
        for (int k = 0; k < m; k++) {
            a[k] = rnd.nextInt(n);
            b[k] = rnd.nextInt(n);
        }
        return Exclusions.ofPairs(n, a, b);
    }

    /** Every pair within rc (not excluded) must be in the list with its minimum-image displacement. */
    static void assertMatchesBruteForce(NeighbourList list, double[] x, Box box, double rc, String what) {
        assertPairNumbers(list, what);
        int n = list.size();
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int k = list.start(i); k < list.end(i); k++) {
                int j = list.neighbour(k);
                double[] d = new double[3];
                double r2 = 0;
                for (int c = 0; c < 3; c++) {
                    d[c] = x[3 * j + c] - x[3 * i + c] + list.shift(k, c);
                    r2 += d[c] * d[c];
                }
                double[] mi = minimumImage(x, i, j, box);
                if (r2 < rc * rc) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(mi[c], d[c], 1e-9, what + ": displacement of " + i + "-" + j);
                    }
                    long key = list.kind() == NeighbourList.Kind.HALF ? pairKey(i, j) : ((long) i << 32) | j;
                    seen.merge(key, 1, Integer::sum);
                }
            }
        }
        int expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double[] mi = minimumImage(x, i, j, box);
                double r2 = mi[0] * mi[0] + mi[1] * mi[1] + mi[2] * mi[2];
                if (r2 < rc * rc && !list.exclusions().contains(i, j)) {
                    expected++;
                    if (list.kind() == NeighbourList.Kind.HALF) {
                        assertEquals(1, seen.getOrDefault(pairKey(i, j), 0), what + ": pair " + i + "-" + j);
                    } else {
                        assertEquals(1, seen.getOrDefault(((long) i << 32) | j, 0), what + ": " + i + "→" + j);
                        assertEquals(1, seen.getOrDefault(((long) j << 32) | i, 0), what + ": " + j + "→" + i);
                    }
                }
            }
        }
        assertEquals(expected * (list.kind() == NeighbourList.Kind.HALF ? 1 : 2), seen.size(), what + ": pair count");
    }

    /**
     * Pair numbers: a half list numbers its entries; in a full list the entries (i, j) and (j, i) of one pair share a
     * number, with opposite shifts, every number in [0, pairs) has exactly those two entries, and the numbers run
     * 0, 1, 2, … over the entries with i &lt; j in row order.
     */
    static void assertPairNumbers(NeighbourList list, String what) {
        int n = list.size();
        int pairs = list.pairs();
        if (list.kind() == NeighbourList.Kind.HALF) {
            assertEquals(list.entries(), pairs, what);
            for (int k = 0; k < list.entries(); k++) {
                assertEquals(k, list.pair(k), what);
            }
            return;
        }
        assertEquals(list.entries(), 2 * pairs, what + ": a full list holds every pair twice");
        int[] first = new int[pairs];
        int[] count = new int[pairs];
        int next = 0;
        for (int i = 0; i < n; i++) {
            for (int k = list.start(i); k < list.end(i); k++) {
                int j = list.neighbour(k);
                int p = list.pair(k);
                assertTrue(p >= 0 && p < pairs, what + ": pair number " + p + " of " + pairs);
                if (j > i) {
                    assertEquals(next++, p, what + ": numbers run along the rows over i < j");
                }
                if (count[p]++ == 0) {
                    first[p] = k;
                    continue;
                }
                int m = first[p];
                assertEquals(i, list.neighbour(m), what + ": the two entries of pair " + p);
                for (int c = 0; c < 3; c++) {
                    assertEquals(-list.shift(m, c), list.shift(k, c), 0.0, what + ": shifts of pair " + p);
                }
            }
        }
        assertEquals(pairs, next, what);
        for (int p = 0; p < pairs; p++) {
            assertEquals(2, count[p], what + ": entries of pair " + p);
        }
    }

    static long pairKey(int i, int j) {
        return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic", "skewed"})
    void halfAndFullListsMatchBruteForceAcrossMovesAndRebuilds(String kind) {
        Random rnd = new Random(kind.hashCode());
        Box box = box(kind);
        int n = 300;
        double half = 0.5 * new PeriodicCell(box).minWidth();
        double skin = 0.2;
        double rc = half - skin;
        Exclusions ex = someExclusions(n, rnd);
        for (NeighbourList.Kind k : NeighbourList.Kind.values()) {
            NeighbourList list = new NeighbourList(n, rc, skin, k, ex);
            double[] x = randomPositions(n, box, rnd);
            assertTrue(list.update(x, box));
            assertMatchesBruteForce(list, x, box, rc, kind + " " + k + " built");
            // moves within skin/2: no rebuild, still every pair within rc
            for (int step = 0; step < 3; step++) {
                for (int c = 0; c < x.length; c++) {
                    x[c] += (rnd.nextDouble() - 0.5) * 0.02;
                }
                assertFalse(list.update(x, box), "moves below skin/2 keep the list");
                assertMatchesBruteForce(list, x, box, rc, kind + " " + k + " moved " + step);
            }
            // one particle moves beyond skin/2: rebuild
            x[0] += 0.2;
            assertTrue(list.update(x, box), "a move beyond skin/2 rebuilds");
            assertMatchesBruteForce(list, x, box, rc, kind + " " + k + " rebuilt");
            assertEquals(2, list.builds());
            // box change: rebuild
            Box bigger = box.scaled(1.01);
            assertTrue(list.update(x, bigger));
            assertMatchesBruteForce(list, x, bigger, rc, kind + " " + k + " new box");
        }
    }

    /**
     * A molecule in a large box (a peptide in vacuum, a solute alone): the grid has at most max(64, 8 n) cells, not the
     * hundreds of millions that cells of r_c / 2 would need (a 1000 nm box took 89 s and 1.3 GB for one search),
     * and still finds every pair, across the periodic boundary too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void aDiluteSystemInALargeBoxHasFewCellsAndEveryPair(String kind) {
        Box box = kind.equals("ortho") ? Box.orthorhombic(1000, 800, 900)
            : Box.fromLengthsAndAngles(1000, 900, 950, 75, 85, 80);
        int n = 60;
        Random rnd = new Random(7);
        double[] x = new double[3 * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = 1.5 * (rnd.nextDouble() - 0.5); // around the origin: across the boundary in every direction
        }
        int[] nd = new int[3];
        CellGrid.cellCounts(new PeriodicCell(box).widths(), 1.0, 2, n, nd);
        assertTrue((long) nd[0] * nd[1] * nd[2] <= 8L * n, java.util.Arrays.toString(nd));
        CellGrid grid = new CellGrid(n, Exclusions.none(n));
        grid.assign(x, box, 1.0);
        int[] count = new int[1];
        grid.forEachPair((i, j, dx, dy, dz, r2) -> count[0]++);
        int expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double[] mi = minimumImage(x, i, j, box);
                expected += mi[0] * mi[0] + mi[1] * mi[1] + mi[2] * mi[2] < 1.0 ? 1 : 0;
            }
        }
        assertTrue(expected > 100, "pairs " + expected);
        assertEquals(expected, count[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic", "skewed"})
    void streamingPairsMatchBruteForce(String kind) {
        Random rnd = new Random(kind.hashCode() + 1);
        Box box = box(kind);
        int n = 250;
        double rc = 0.5 * new PeriodicCell(box).minWidth();
        double[] x = randomPositions(n, box, rnd);
        Exclusions ex = someExclusions(n, rnd);
        CellGrid grid = new CellGrid(n, ex);
        grid.assign(x, box, rc);
        Map<Long, double[]> got = new HashMap<>();
        grid.forEachPair((i, j, dx, dy, dz, r2) -> {
            assertEquals(dx * dx + dy * dy + dz * dz, r2, 1e-12);
            double[] prev = got.put(pairKey(i, j), i < j ? new double[] {dx, dy, dz} : new double[] {-dx, -dy, -dz});
            assertEquals(null, prev, "pair reported twice");
        });
        int expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double[] mi = minimumImage(x, i, j, box);
                if (mi[0] * mi[0] + mi[1] * mi[1] + mi[2] * mi[2] < rc * rc && !ex.contains(i, j)) {
                    expected++;
                    double[] d = got.get(pairKey(i, j));
                    for (int c = 0; c < 3; c++) {
                        assertEquals(mi[c], d[c], 1e-9);
                    }
                }
            }
        }
        assertEquals(expected, got.size());
    }

    @Test
    void refusesCutoffPlusSkinBeyondHalfTheBox() {
        NeighbourList list = new NeighbourList(2, 0.9, 0.2, NeighbourList.Kind.HALF, Exclusions.none(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> list.update(new double[6], Box.orthorhombic(2, 2, 2)));
        assertTrue(e.getMessage().contains("cut-off + skin") && e.getMessage().contains("half the box"), e.getMessage());
    }

    @Test
    void exclusionsAreSortedSymmetricAndCompact() {
        Exclusions ex = Exclusions.ofPairs(5, new int[] {3, 0, 0, 4}, new int[] {1, 3, 3, 2});
        assertEquals(3, ex.pairCount());
        assertTrue(ex.contains(1, 3) && ex.contains(3, 1) && ex.contains(0, 3) && ex.contains(2, 4));
        assertFalse(ex.contains(0, 1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1}, ex.partners(3));
    }
}
