package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.CompositePotential;
import io.cgflow.potentials.HarmonicAngle;
import io.cgflow.potentials.HarmonicBond;
import io.cgflow.potentials.LennardJones;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.SplinePolynomials;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TableRangeException;
import io.cgflow.potentials.TabulatedBonded;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tabulated pairs on the multi-threaded kernel, tabulated bonded terms through their evaluators. */
class TabulatedKernelTest {
    /** A soft repulsion with a well at 0.5 nm, from r = 0 to 1 nm. */
    static Table soft(String name, double start) {
        double step = 0.005;
        int n = (int) Math.round((1.0 - start) / step) + 1;
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            double r = start + k * step;
            e[k] = 5 * Math.exp(-(r / 0.3) * (r / 0.3)) - Math.exp(-((r - 0.5) / 0.1) * ((r - 0.5) / 0.1));
        }
        return Table.natural(name, start, step, e);
    }

    static PotentialDefinition mixed(boolean bondTable) {
        PotentialDefinition bonds = bondTable
            ? new CompositePotential("bonded", List.of(
                new HarmonicBond("bonds", List.of(new HarmonicBond.Parameters("B1", 5000, 0.4))),
                new TabulatedBonded("bond tables", BondedKind.BOND, List.of(new TabulatedBonded.Entry("B2",
                    harmonicTable(3000, 0.42))))))
            : new HarmonicBond("bonds", List.of(new HarmonicBond.Parameters("B1", 5000, 0.4),
                new HarmonicBond.Parameters("B2", 3000, 0.42)));
        return new CompositePotential("mixed", List.of(
            new LennardJones("lj", List.of(new LennardJones.Parameters(TypePair.of("A", "A"), 0.30, 1.0)), 0.9,
                LennardJones.Truncation.SHIFT, true),
            new TabulatedPair("tables", List.of(new TabulatedPair.Entry(TypePair.of("A", "B"), soft("A-B", 0)),
                new TabulatedPair.Entry(TypePair.of("B", "B"), soft("B-B", 0))), 0.95),
            bonds,
            new HarmonicAngle("angles", List.of(new HarmonicAngle.Parameters("A1", 50, 110)))));
    }

    static Table harmonicTable(double k, double b0) {
        double[] e = new double[401];
        for (int i = 0; i < e.length; i++) {
            double b = i * 0.005;
            e[i] = 0.5 * k * (b - b0) * (b - b0);
        }
        return Table.natural("B2", 0, 0.005, e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void agreesWithTheReferenceEvaluators(String kind) {
        CgTopology top = KernelForcesTest.chains(60);
        Box box = KernelForcesTest.box(kind);
        double[] x = KernelForcesTest.chainPositions(60, box, 7);
        for (boolean bondTable : new boolean[] {false, true}) {
            PotentialDefinition pot = mixed(bondTable);
            assertTrue(KernelForces.supports(pot));
            try (KernelForces fast = new KernelForces(pot, top, 0.1, 2);
                 PotentialForces ref = new PotentialForces(pot, top, 0.1)) {
                // per-bead energies with tabulated bonds too: a bead's move changes the whole energy by the change
                // of its own energy
                assertTrue(fast.hasBeadEnergies());
                for (int i : new int[] {0, 7, 31, 59}) {
                    double[] moved = x.clone();
                    moved[3 * i] += 0.03;
                    moved[3 * i + 2] -= 0.02;
                    fast.prepareMove(x, box, i, moved[3 * i], moved[3 * i + 1], moved[3 * i + 2]);
                    double delta = fast.beadEnergy(moved, box, i) - fast.beadEnergy(x, box, i);
                    ref.compute(x, box, false);
                    double e0 = ref.energy();
                    ref.compute(moved, box, false);
                    assertEquals(ref.energy() - e0, delta, 1e-9 * Math.max(1, Math.abs(e0)), "bead " + i);
                }
                fast.compute(x, box, true);
                ref.compute(x, box, true);
                assertEquals(ref.energy(), fast.energy(), 1e-9 * Math.abs(ref.energy()));
                assertEquals(ref.tailEnergy(), fast.tailEnergy(), 1e-12 * Math.abs(ref.tailEnergy()));
                double scale = 0;
                for (double f : ref.forces()) {
                    scale = Math.max(scale, Math.abs(f));
                }
                assertArrayEquals(ref.forces(), fast.forces(), 1e-9 * scale);
                assertArrayEquals(ref.virial(), fast.virial(), 1e-9 * Math.abs(ref.virial()[0]) + 1e-9);
            }
        }
    }

    /** −(dE/dr)/r from its quintic against the exact quotient, inside and between the grid points. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.18, 0.5})
    void forceCubicsFollowTheSplineDerivative(double start) {
        Table table = soft("t", start);
        double h = table.step();
        double[] c = SplinePolynomials.of(table);
        double[] a = KernelForces.forcePolynomials(c, start, h);
        int first = KernelForces.firstCubic(start, h);
        assertTrue(start + first * h >= 100 * h * (1 - 1e-12));
        double worst = 0;
        for (int k = first; k < c.length / 4; k++) {
            for (int j = 0; j <= 16; j++) {
                double t = j / 16.0;
                double r = start + (k + t) * h;
                double slope = c[4 * k + 1] + t * (2 * c[4 * k + 2] + 3 * t * c[4 * k + 3]);
                double exact = -slope / (h * r);
                double cubic = a[6 * k] + t * (a[6 * k + 1] + t * (a[6 * k + 2] + t * (a[6 * k + 3]
                    + t * (a[6 * k + 4] + t * a[6 * k + 5]))));
                worst = Math.max(worst, Math.abs(cubic - exact) / Math.max(Math.abs(exact), 1e-300));
            }
        }
        assertTrue(worst < 1e-9, "relative error " + worst);
    }

    /** One bead type and one table: forces only run a loop of their own, with the same bits. */
    @Test
    void oneTableForcesOnlyGiveTheSameForces() {
        int n = 240;
        int[] type = new int[n];
        int[] molecule = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        for (int i = 0; i < n; i++) {
            molecule[i] = i;
            names[i] = "W";
            masses[i] = 18;
        }
        CgTopology top = new CgTopology(List.of("W"), type, molecule, names, masses, List.of(), List.of(), List.of(),
            CgTopology.bondedExclusions(List.of(), List.of()));
        PotentialDefinition pot = new TabulatedPair("table", List.of(new TabulatedPair.Entry(TypePair.of("W", "W"),
            soft("W-W", 0))), 0.95);
        Box box = KernelForcesTest.box("triclinic");
        double[] x = KernelForcesTest.chainPositions(n / 4, box, 3);
        try (PotentialForces ref = new PotentialForces(pot, top, 0.1)) {
            ref.compute(x, box, true);
            double scale = 0;
            for (double f : ref.forces()) {
                scale = Math.max(scale, Math.abs(f));
            }
            for (int t = 1; t <= 2; t++) {
                try (KernelForces forces = new KernelForces(pot, top, 0.1, t)) {
                    forces.compute(x, box, true);
                    double[] all = forces.forces().clone();
                    forces.computeForces(x, box);
                    assertArrayEquals(all, forces.forces());
                    assertArrayEquals(ref.forces(), forces.forces(), 1e-9 * scale);
                }
            }
        }
    }

    /**
     * Beads that keep moving (random steps of 0.0015 nm per coordinate, so that the pruned lists are sometimes
     * reused, sometimes pruned again and sometimes rebuilt): the one-table loop and the general loop keep every
     * pair within the cut-off, against the reference evaluator at every step.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void movingBeadsKeepEveryPairWithinTheCutoff(boolean oneTable) {
        int n = 240;
        CgTopology top = oneTable ? LjSystems.beads(n) : KernelForcesTest.chains(n / 4);
        PotentialDefinition pot = oneTable ? new TabulatedPair("table", List.of(new TabulatedPair.Entry(
            TypePair.of("A", "A"), soft("A-A", 0))), 0.95) : mixed(false);
        Box box = KernelForcesTest.box("triclinic");
        double[] x = KernelForcesTest.chainPositions(n / 4, box, 17);
        java.util.Random rnd = new java.util.Random(3);
        try (KernelForces fast = new KernelForces(pot, top, 0.1, 2);
             PotentialForces ref = new PotentialForces(pot, top, 0.1)) {
            for (int step = 0; step < 100; step++) {
                if (oneTable) {
                    fast.computeForces(x, box);
                } else {
                    fast.compute(x, box, true);
                }
                ref.compute(x, box, true);
                double scale = 0;
                for (double f : ref.forces()) {
                    scale = Math.max(scale, Math.abs(f));
                }
                assertArrayEquals(ref.forces(), fast.forces(), 1e-9 * scale, "step " + step);
                for (int k = 0; k < x.length; k++) {
                    x[k] += 0.0015 * rnd.nextGaussian();
                }
            }
            assertTrue(fast.prunes() > 3, "the lists were pruned again while the beads moved");
            assertTrue(fast.prunes() < 60, "pruned lists were reused between prunes");
        }
    }

    /**
     * Lists restored (as from a checkpoint) at positions a little off the current ones — close enough that no
     * rebuild or prune is due, far enough that beads change cells and slots: the pruned lists follow the restored
     * list, and the forces still agree with the reference evaluator.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void restoredListsArePrunedAgain(boolean oneTable) {
        int n = 240;
        CgTopology top = oneTable ? LjSystems.beads(n) : KernelForcesTest.chains(n / 4);
        PotentialDefinition pot = oneTable ? new TabulatedPair("table", List.of(new TabulatedPair.Entry(
            TypePair.of("A", "A"), soft("A-A", 0))), 0.95) : mixed(false);
        Box box = KernelForcesTest.box("triclinic");
        double[] x = KernelForcesTest.chainPositions(n / 4, box, 21);
        double[] shifted = x.clone();
        java.util.Random rnd = new java.util.Random(8);
        for (int k = 0; k < shifted.length; k++) {
            shifted[k] += 0.012 * rnd.nextGaussian();
        }
        try (KernelForces fast = new KernelForces(pot, top, 0.1, 2);
             PotentialForces ref = new PotentialForces(pot, top, 0.1)) {
            fast.compute(x, box, true);
            fast.restoreLists(new double[][] {shifted, null}, box);
            if (oneTable) {
                fast.computeForces(x, box);
            } else {
                fast.compute(x, box, true);
            }
            ref.compute(x, box, true);
            double scale = 0;
            for (double f : ref.forces()) {
                scale = Math.max(scale, Math.abs(f));
            }
            assertArrayEquals(ref.forces(), fast.forces(), 1e-9 * scale);
        }
    }

    @Test
    void forcesOnlyGiveTheSameForces() {
        CgTopology top = KernelForcesTest.chains(60);
        Box box = KernelForcesTest.box("triclinic");
        double[] x = KernelForcesTest.chainPositions(60, box, 5);
        for (int t = 1; t <= 2; t++) {
            try (KernelForces forces = new KernelForces(mixed(false), top, 0.1, t)) {
                forces.compute(x, box, true);
                double[] all = forces.forces().clone();
                forces.computeForces(x, box);
                assertArrayEquals(all, forces.forces());
                assertTrue(Double.isNaN(forces.energy()));
                assertTrue(Double.isNaN(forces.virial()[0]));
                forces.compute(x, box, true);
                assertTrue(Double.isFinite(forces.energy()));
            }
        }
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        CgTopology top = KernelForcesTest.chains(60);
        Box box = KernelForcesTest.box("triclinic");
        double[] x = KernelForcesTest.chainPositions(60, box, 11);
        double[][] f = new double[3][];
        double[] e = new double[3];
        for (int t = 1; t <= 3; t++) {
            try (KernelForces forces = new KernelForces(mixed(true), top, 0.1, t)) {
                forces.compute(x, box, true);
                f[t - 1] = forces.forces().clone();
                e[t - 1] = forces.energy();
            }
        }
        for (int t = 1; t < 3; t++) {
            assertArrayEquals(f[0], f[t]);
            assertEquals(Double.doubleToRawLongBits(e[0]), Double.doubleToRawLongBits(e[t]));
        }
    }

    @Test
    void beadEnergiesGiveTheEnergyChangeOfAMove() {
        CgTopology top = KernelForcesTest.chains(60);
        Box box = KernelForcesTest.box("ortho");
        double[] x = KernelForcesTest.chainPositions(60, box, 13);
        Random rnd = new Random(5);
        try (KernelForces forces = new KernelForces(mixed(false), top, 0.1, 1)) {
            forces.compute(x, box, false);
            double e0 = forces.energy();
            for (int trial = 0; trial < 50; trial++) {
                int i = rnd.nextInt(top.size());
                double[] y = x.clone();
                for (int d = 0; d < 3; d++) {
                    y[3 * i + d] += 0.04 * (2 * rnd.nextDouble() - 1);
                }
                forces.prepareMove(x, box, i, y[3 * i], y[3 * i + 1], y[3 * i + 2]);
                double delta = forces.beadEnergy(y, box, i) - forces.beadEnergy(x, box, i);
                forces.compute(y, box, false);
                assertEquals(forces.energy() - e0, delta, 1e-9 * Math.abs(e0));
                forces.compute(x, box, false);
            }
        }
    }

    @Test
    void aDistanceBelowTheTableIsBadInput() {
        CgTopology top = KernelForcesTest.chains(60);
        Box box = KernelForcesTest.box("ortho");
        double[] x = KernelForcesTest.chainPositions(60, box, 7);
        PotentialDefinition pot = new TabulatedPair("tables", List.of(
            new TabulatedPair.Entry(TypePair.of("B", "B"), soft("B-B", 0.45))), 0.95);
        try (KernelForces forces = new KernelForces(pot, top, 0.1, 2)) {
            TableRangeException e = assertThrows(TableRangeException.class, () -> forces.compute(x, box, true));
            assertTrue(e.getMessage().contains("below the table's start"), e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }
}
