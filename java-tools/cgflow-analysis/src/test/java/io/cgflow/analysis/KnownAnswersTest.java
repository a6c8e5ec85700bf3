package io.cgflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Known answers: an ideal gas has g(r) = 1; a perfect fcc lattice has its shells at the right distances. */
class KnownAnswersTest {
    private static final Provenance PROVENANCE = new Provenance("test", "0", "test", List.of());

    static CgTopology oneType(int n) {
        int[] molecule = new int[n];
        for (int i = 0; i < n; i++) {
            molecule[i] = i;
        }
        return new CgTopology(List.of("A"), new int[n], molecule, new String[n], new double[n], List.of(), List.of(),
            List.of(), Set.of());
    }

    @Test
    void idealGasInATriclinicBoxHasGOfROne() {
        Box box = Box.fromLengthsAndAngles(4.0, 4.2, 3.9, 75, 85, 80);
        int n = 800;
        int frames = 60;
        Random rnd = new Random(42);
        double rmax = Math.floor(0.5 * new PeriodicCell(box).minWidth() / 0.1) * 0.1;
        DistributionSettings s = new DistributionSettings(rmax, 0.1, 1, 0.01, 1, 2);
        ReferenceAccumulator acc = new ReferenceAccumulator(oneType(n), s, 6, 10);
        for (int f = 0; f < frames; f++) {
            acc.accept(f, PairCounterTest.randomPositions(n, box, rnd), box);
        }
        Distribution g = acc.result(300, PROVENANCE).distributions().get(0);
        // skip the first bins, where few pairs fall and the relative noise is large
        for (int k = 3; k < g.value().length; k++) {
            double expectedPairs = n * (n - 1) / 2.0 * frames * 4.0 / 3.0 * Math.PI
                * (Math.pow((k + 1) * 0.1, 3) - Math.pow(k * 0.1, 3)) / box.volume();
            double sigma = 1 / Math.sqrt(expectedPairs);
            assertEquals(1.0, g.value()[k], 5 * sigma, "g at r = " + g.x()[k]);
            assertTrue(g.error()[k] > 0 && g.error()[k] < 5 * sigma * 3, "block error at " + g.x()[k] + ": "
                + g.error()[k]);
        }
    }

    @Test
    void fccLatticeHasItsNeighbourShells() {
        double a = 0.505;
        int cells = 5;
        List<float[]> sites = new ArrayList<>();
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                for (int k = 0; k < cells; k++) {
                    for (double[] b : basis) {
                        sites.add(new float[] {(float) ((i + b[0]) * a), (float) ((j + b[1]) * a),
                            (float) ((k + b[2]) * a)});
                    }
                }
            }
        }
        int n = sites.size();
        float[] x = new float[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sites.get(i), 0, x, 3 * i, 3);
        }
        Box box = Box.orthorhombic(cells * a, cells * a, cells * a);
        DistributionSettings s = new DistributionSettings(0.85, 0.01, 1, 0.01, 1, 2);
        ReferenceAccumulator acc = new ReferenceAccumulator(oneType(n), s, 1, 1);
        acc.accept(0, x, box);
        Distribution g = acc.result(Double.NaN, PROVENANCE).distributions().get(0);
        // neighbours per atom within each shell: counts are unordered pairs, so 2·count/n
        double[][] shells = {{a / Math.sqrt(2), 12}, {a, 6}, {a * Math.sqrt(1.5), 24}, {a * Math.sqrt(2), 12},
            {a * Math.sqrt(2.5), 24}};
        for (double[] shell : shells) {
            int bin = g.grid().index(shell[0]);
            assertEquals(shell[1], 2.0 * g.counts()[bin] / n, 1e-9, "coordination at " + shell[0] + " nm");
        }
        long total = 0;
        for (long c : g.counts()) {
            total += c;
        }
        assertEquals((12 + 6 + 24 + 12 + 24) * n / 2, total, "no pair outside the shells below 0.85 nm "
            + "(the next shell is at " + a * Math.sqrt(3) + " nm)");
    }
}
