package io.cgflow.md;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.LennardJones;
import io.cgflow.potentials.Potential;
import io.cgflow.potentials.Request;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cost of the network potential (plain Java, one thread) against a tabulated pair potential on a one-bead-per-water
 * liquid at 33.4 beads/nm³, and single-bead Monte Carlo moves per second with the network. Tagged {@code benchmark}
 * (excluded by default); the command is in docs/model.md, "Cost". Prints a table; asserts nothing about time.
 */
@Tag("benchmark")
class NetworkCostBenchmark {
    private static final double DENSITY = 33.4;

    /** {@code side³} beads on a cubic lattice with 0.04 nm of noise, at water's bead density. */
    private static double[] liquid(int side, SplittableRandom random) {
        int n = side * side * side;
        double length = Math.cbrt(n / DENSITY);
        double a = length / side;
        double[] x = new double[3 * n];
        int i = 0;
        for (int p = 0; p < side; p++) {
            for (int q = 0; q < side; q++) {
                for (int r = 0; r < side; r++) {
                    x[3 * i] = (p + 0.5) * a + random.nextGaussian() * 0.04;
                    x[3 * i + 1] = (q + 0.5) * a + random.nextGaussian() * 0.04;
                    x[3 * i + 2] = (r + 0.5) * a + random.nextGaussian() * 0.04;
                    i++;
                }
            }
        }
        return x;
    }

    private static TabulatedPair table(double cutoff) {
        int points = (int) Math.round((cutoff + 0.1 - 0.02) / 0.002) + 1;
        double[] e = new double[points];
        for (int k = 0; k < points; k++) {
            double r = 0.02 + 0.002 * k;
            double s6 = Math.pow(0.3 / r, 6);
            e[k] = 4 * 0.6 * (s6 * s6 - s6);
        }
        return new TabulatedPair("table", List.of(new TabulatedPair.Entry(TypePair.of("A", "A"),
            new Table("A-A", 0.02, 0.002, e, Table.Boundary.NATURAL, 0, 0))), cutoff);
    }

    /** Median wall time of one force evaluation (energy, forces, virial), ms, over {@code repeats} after warm-up. */
    private static double timeForces(Potential p, double[] x, Box box, NeighbourList list, int repeats) {
        Evaluation out = new Evaluation(x.length / 3, p.parameterCount());
        double[] times = new double[repeats];
        for (int k = 0; k < repeats / 2; k++) {
            out.clear();
            p.evaluate(x, box, list, Request.FORCES, out);
        }
        for (int k = 0; k < repeats; k++) {
            long t0 = System.nanoTime();
            out.clear();
            p.evaluate(x, box, list, Request.FORCES, out);
            times[k] = (System.nanoTime() - t0) * 1e-6;
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }

    /** Median wall time of one {@link Forces#compute} with forces, ms. */
    private static double timeCompute(Forces forces, double[] x, Box box, int repeats) {
        double[] times = new double[repeats];
        for (int k = 0; k < repeats / 2; k++) {
            forces.compute(x, box, true);
        }
        for (int k = 0; k < repeats; k++) {
            long t0 = System.nanoTime();
            forces.compute(x, box, true);
            times[k] = (System.nanoTime() - t0) * 1e-6;
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }

    private static String load() {
        return String.format(Locale.ROOT, "%d cores, load average %.2f", Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @Test
    void forceEvaluation() {
        int side = 13;
        double[] x = liquid(side, new SplittableRandom(1));
        int n = x.length / 3;
        double length = Math.cbrt(n / DENSITY);
        Box box = Box.orthorhombic(length, length, length);
        CgTopology top = LjSystems.beads(n);
        System.out.printf(Locale.ROOT, "force evaluation, %d beads, box %.3f nm, %s, Java %s%n", n, length, load(),
            System.getProperty("java.version"));
        double reference = 0;
        for (double cutoff : new double[] {1.2, 0.9}) {
            Potential p = table(cutoff).evaluator(top);
            NeighbourList list = new NeighbourList(n, cutoff, 0.1, NeighbourList.Kind.HALF, Exclusions.none(n));
            list.update(x, box);
            double ms = timeForces(p, x, box, list, 60);
            if (cutoff == 1.2) {
                reference = ms;
            }
            System.out.printf(Locale.ROOT, "  TabulatedPair r_c %.1f nm: %8.3f ms (%.2f× r_c 1.2), %d list entries%n",
                cutoff, ms, ms / reference, list.entries());
        }
        int[][] shapes = {{9, 20, 20}, {20, 32, 32}, {35, 32, 32}, {40, 64, 64}, {40, 64, 64, 64}};
        for (int[] shape : shapes) {
            int[] hidden = Arrays.copyOfRange(shape, 1, shape.length);
            NetworkPotential p = NetworkPotential.of(NetworkForcesTest.model(List.of("A"), 0.9, shape[0], 3, hidden),
                top);
            NeighbourList list = new NeighbourList(n, 0.9, 0.1, NeighbourList.Kind.HALF, Exclusions.none(n));
            list.update(x, box);
            double ms = timeForces(p, x, box, list, 30);
            System.out.printf(Locale.ROOT, "  network G2 %2d, hidden %-12s r_c 0.9 nm: NetworkPotential %8.3f ms (%.1f×"
                + " TabulatedPair r_c 1.2)", shape[0], Arrays.toString(hidden), ms, ms / reference);
            for (int threads : new int[] {1, 2}) {
                try (NetworkForces forces = new NetworkForces(p.model(), top, 0.1, threads)) {
                    double t = timeCompute(forces, x, box, 30);
                    System.out.printf(Locale.ROOT, ", NetworkForces %d thread%s %8.3f ms", threads,
                        threads == 1 ? "" : "s", t);
                }
            }
            System.out.println();
        }
    }

    @Test
    void monteCarloMoves() {
        int side = 8;
        SplittableRandom random = new SplittableRandom(2);
        double[] x = liquid(side, random);
        int n = x.length / 3;
        double length = Math.cbrt(n / DENSITY);
        Box box = Box.orthorhombic(length, length, length);
        CgTopology top = LjSystems.beads(n);
        System.out.printf(Locale.ROOT, "Monte Carlo single-bead moves, %d beads, box %.3f nm, %s%n", n, length, load());
        int[][] shapes = {{9, 20, 20}, {35, 32, 32}, {40, 64, 64}};
        for (int[] shape : shapes) {
            int[] hidden = Arrays.copyOfRange(shape, 1, shape.length);
            Forces forces = new NetworkForces(NetworkForcesTest.model(List.of("A"), 0.9, shape[0], 3, hidden), top, 0.1);
            double rate = moves(forces, x.clone(), box, new SplittableRandom(3));
            System.out.printf(Locale.ROOT, "  network G2 %2d, hidden %-9s r_c 0.9 nm: %9.0f moves/s%n", shape[0],
                Arrays.toString(hidden), rate);
        }
        LennardJones lj = new LennardJones("lj", List.of(new LennardJones.Parameters(TypePair.of("A", "A"), 0.3, 0.6)),
            0.9, LennardJones.Truncation.SHIFT, false);
        try (Forces forces = new KernelForces(lj, top, 0.1, 1)) {
            double rate = moves(forces, x.clone(), box, new SplittableRandom(3));
            System.out.printf(Locale.ROOT, "  Lennard-Jones (KernelForces) r_c 0.9 nm:   %9.0f moves/s%n", rate);
        }
    }

    /** Moves per second of Metropolis single-bead moves of up to 0.05 nm at 300 K, as the engine makes them. */
    private static double moves(Forces forces, double[] x, Box box, SplittableRandom random) {
        int n = x.length / 3;
        double beta = 1 / (MdSettings.KB * 300);
        forces.compute(x, box, false);
        int total = 0;
        long t0 = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                t0 = System.nanoTime();
            }
            for (int move = 0; move < 20 * n; move++) {
                int i = random.nextInt(n);
                double ox = x[3 * i];
                double oy = x[3 * i + 1];
                double oz = x[3 * i + 2];
                double tx = ox + 0.05 * (2 * random.nextDouble() - 1);
                double ty = oy + 0.05 * (2 * random.nextDouble() - 1);
                double tz = oz + 0.05 * (2 * random.nextDouble() - 1);
                forces.prepareMove(x, box, i, tx, ty, tz);
                double before = forces.beadEnergy(x, box, i);
                x[3 * i] = tx;
                x[3 * i + 1] = ty;
                x[3 * i + 2] = tz;
                double delta = forces.beadEnergy(x, box, i) - before;
                if (delta <= 0 || random.nextDouble() < Math.exp(-beta * delta)) {
                    forces.moved(x, box, i);
                } else {
                    x[3 * i] = ox;
                    x[3 * i + 1] = oy;
                    x[3 * i + 2] = oz;
                }
                if (round == 1) {
                    total++;
                }
            }
        }
        return total / ((System.nanoTime() - t0) * 1e-9);
    }
}
