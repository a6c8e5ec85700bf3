package io.cgflow.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cell-list pair counter against a brute-force count over all pairs and all 125 nearest images. */
class PairCounterTest {
    static CgTopology randomTypes(int n, int types, Random rnd) {
        int[] type = new int[n];
        int[] molecule = new int[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            type[i] = rnd.nextInt(types);
            molecule[i] = i;
            names[i] = "B";
        }
        List<String> typeNames = types == 1 ? List.of("A") : List.of("A", "B", "C").subList(0, types);
        return new CgTopology(typeNames, type, molecule, names, new double[n], List.of(), List.of(), List.of(),
            Set.of());
    }

    static float[] randomPositions(int n, Box box, Random rnd) {
        float[] x = new float[3 * n];
        for (int i = 0; i < n; i++) {
            // anywhere, also outside the cell: the counter must wrap
            double a = rnd.nextDouble() * 3 - 1;
            double b = rnd.nextDouble() * 3 - 1;
            double c = rnd.nextDouble() * 3 - 1;
            for (int d = 0; d < 3; d++) {
                x[3 * i + d] = (float) (a * box.get(0, d) + b * box.get(1, d) + c * box.get(2, d));
            }
        }
        return x;
    }

    /** Counts of every pair at its shortest image, by exhaustive search over nearby images. */
    static long[][] bruteForce(float[] x, Box box, CgTopology top, Grid grid, PairCounter layout) {
        int n = top.size();
        long[][] counts = new long[layout.pairs()][grid.bins()];
        io.cgflow.core.geometry.PeriodicCell cell = new io.cgflow.core.geometry.PeriodicCell(box);
        double[] s = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                // reduce the separation to fractional coordinates in [-0.5, 0.5], then search ±2 images
                cell.toFractional((double) x[3 * j] - x[3 * i], (double) x[3 * j + 1] - x[3 * i + 1],
                    (double) x[3 * j + 2] - x[3 * i + 2], s);
                double s0 = s[0] - Math.rint(s[0]);
                double s1 = s[1] - Math.rint(s[1]);
                double s2 = s[2] - Math.rint(s[2]);
                double best = Double.MAX_VALUE;
                for (int a = -2; a <= 2; a++) {
                    for (int b = -2; b <= 2; b++) {
                        for (int c = -2; c <= 2; c++) {
                            double r2 = 0;
                            for (int d = 0; d < 3; d++) {
                                double v = (s0 + a) * box.get(0, d) + (s1 + b) * box.get(1, d)
                                    + (s2 + c) * box.get(2, d);
                                r2 += v * v;
                            }
                            best = Math.min(best, r2);
                        }
                    }
                }
                double r = Math.sqrt(best);
                if (r < grid.max()) {
                    counts[layout.pair(top.typeOf(i), top.typeOf(j))][(int) (r / grid.width())]++;
                }
            }
        }
        return counts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic", "skewed", "small"})
    void matchesBruteForce(String kind) {
        Random rnd = new Random(kind.hashCode());
        Box box = switch (kind) {
            case "ortho" -> Box.orthorhombic(3.0, 3.5, 4.0);
            case "triclinic" -> Box.fromLengthsAndAngles(3.2, 3.0, 3.4, 70, 80, 85);
            case "skewed" -> Box.ofVectors(3.0, 0, 0, 1.4, 2.8, 0, -1.2, 1.1, 3.1);
            default -> Box.orthorhombic(1.3, 1.3, 1.3);
        };
        double half = 0.5 * new io.cgflow.core.geometry.PeriodicCell(box).minWidth();
        Grid grid = Grid.of(0, Math.floor(half / 0.01) * 0.01, 0.01);
        CgTopology top = randomTypes(kind.equals("small") ? 60 : 400, 3, rnd);
        PairCounter counter = new PairCounter(top, grid);
        float[] x = randomPositions(top.size(), box, rnd);
        counter.count(x, box);
        long[][] expected = bruteForce(x, box, top, grid, counter);
        for (int p = 0; p < counter.pairs(); p++) {
            assertArrayEquals(expected[p], counter.counts()[p], kind + " pair " + p);
        }
    }

    @Test
    void refusesRangesBeyondHalfTheBox() {
        Box box = Box.orthorhombic(2, 2, 2);
        PairCounter counter = new PairCounter(randomTypes(10, 1, new Random(1)), Grid.of(0, 1.2, 0.01));
        assertThrows(IllegalArgumentException.class, () -> counter.count(new float[30], box));
    }

    @Test
    void excludedPairsAreNotCounted() {
        Box box = Box.orthorhombic(3, 3, 3);
        int[] type = {0, 0, 0};
        int[] molecule = {0, 0, 1};
        CgTopology top = new CgTopology(List.of("A"), type, molecule, new String[] {"a", "b", "c"}, new double[3],
            List.of(), List.of(), List.of(), Set.of(CgTopology.pairKey(0, 1)));
        PairCounter counter = new PairCounter(top, Grid.of(0, 1.0, 0.1));
        float[] x = {0, 0, 0, 0.25f, 0, 0, 0, 0.55f, 0};
        counter.count(x, box);
        long[] c = counter.counts()[0];
        assertEquals(0, c[2], "0-1 at 0.25 nm is excluded");
        assertEquals(1, c[5], "0-2 at 0.55 nm");
        assertEquals(1, c[6], "1-2 at 0.604 nm");
    }
}
