package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.concurrent.WorkerTeam;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.topology.CgTopology;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellOrderedPairsTest {
    private static final double CUTOFF = 0.9;
    private static final double SKIN = 0.1;

    /** 600 chains of four beads (2400, bonded pairs excluded), unwrapped positions scattered over three images. */
    private static double[] positions(Box box, int beads) {
        double[] x = KernelForcesTest.chainPositions(beads / 4, box, 11);
        Random rnd = new Random(5);
        for (int i = 0; i < beads; i++) {
            int shift = rnd.nextInt(3) - 1;
            for (int d = 0; d < 3; d++) {
                x[3 * i + d] += shift * box.get(1, d);
            }
        }
        return x;
    }

    private static Box box(String kind) {
        return kind.equals("ortho") ? Box.orthorhombic(4.1, 4.2, 4.3)
            : Box.fromLengthsAndAngles(4.3, 4.4, 4.5, 80, 84, 88);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void listsEveryPairWithinReachOnceInSegmentsOfOneShift(String kind) {
        Box box = box(kind);
        CgTopology top = KernelForcesTest.chains(600);
        int n = top.size();
        double[] x = positions(box, n);
        Exclusions exclusions = Exclusions.of(top);
        CellOrderedPairs list = new CellOrderedPairs(n, CUTOFF, SKIN, exclusions);
        list.build(x, box);
        double[] y = new double[3 * n];
        list.gather(x, y, 0, n);
        int[] start = list.starts();
        int[] entries = list.entries();
        int[] segmentOf = list.segmentOf();
        int[] segmentEnd = list.segmentEnd();
        int[] segmentCode = list.segmentCode();
        double[] shifts = list.shifts();
        double reach2 = (CUTOFF + SKIN) * (CUTOFF + SKIN);
        PeriodicCell cell = new PeriodicCell(box);
        Set<Long> listed = new HashSet<>();
        for (int a = 0; a < n; a++) {
            int k = start[a];
            for (int g = segmentOf[a]; g < segmentOf[a + 1]; g++) {
                assertTrue(segmentEnd[g] > k, "segments are not empty");
                for (; k < segmentEnd[g]; k++) {
                    int b = entries[k] >>> 5;
                    assertEquals(segmentCode[g], 3 * (entries[k] & 31), "entry in the segment of its shift");
                    double[] d = new double[3];
                    double[] m = new double[3];
                    for (int c = 0; c < 3; c++) {
                        d[c] = y[3 * b + c] - (y[3 * a + c] - shifts[segmentCode[g] + c]);
                        m[c] = x[3 * list.bead(b) + c] - x[3 * list.bead(a) + c];
                    }
                    cell.minimumImage(m);
                    for (int c = 0; c < 3; c++) {
                        assertEquals(m[c], d[c], 1e-12, "the listed shift gives the minimum image");
                    }
                    int i = Math.min(list.bead(a), list.bead(b));
                    int j = Math.max(list.bead(a), list.bead(b));
                    assertTrue(listed.add((long) i * n + j), "pair " + i + "-" + j + " listed once");
                }
            }
            assertEquals(start[a + 1], k, "the segments of row " + a + " cover it");
        }
        int expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double[] m = {x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]};
                cell.minimumImage(m);
                if (m[0] * m[0] + m[1] * m[1] + m[2] * m[2] < reach2 && !exclusions.contains(i, j)) {
                    expected++;
                    assertTrue(listed.contains((long) i * n + j), "pair " + i + "-" + j + " within reach is listed");
                }
            }
        }
        assertEquals(expected, listed.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void theListDoesNotDependOnTheNumberOfSearchThreads(int threads) {
        Box box = box("triclinic");
        CgTopology top = KernelForcesTest.chains(600);
        int n = top.size();
        double[] x = positions(box, n);
        CellOrderedPairs one = new CellOrderedPairs(n, CUTOFF, SKIN, Exclusions.of(top));
        one.build(x, box);
        try (WorkerTeam team = new WorkerTeam(threads, "search-test")) {
            CellOrderedPairs many = new CellOrderedPairs(n, CUTOFF, SKIN, Exclusions.of(top), team);
            for (int round = 0; round < 2; round++) {
                many.build(x, box);
                int count = one.starts()[n];
                int segments = one.segmentOf()[n];
                assertArrayEquals(one.starts(), many.starts());
                assertArrayEquals(one.segmentOf(), many.segmentOf());
                assertArrayEquals(Arrays.copyOf(one.entries(), count), Arrays.copyOf(many.entries(), count));
                assertArrayEquals(Arrays.copyOf(one.segmentEnd(), segments), Arrays.copyOf(many.segmentEnd(), segments));
                assertArrayEquals(Arrays.copyOf(one.segmentCode(), segments),
                    Arrays.copyOf(many.segmentCode(), segments));
                for (int i = 0; i < x.length; i++) {
                    x[i] += 0.01 * Math.sin(i);
                }
                one.build(x, box);
            }
        }
    }
}
