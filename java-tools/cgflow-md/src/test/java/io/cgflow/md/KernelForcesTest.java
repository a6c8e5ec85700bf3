package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.CompositePotential;
import io.cgflow.potentials.HarmonicAngle;
import io.cgflow.potentials.HarmonicBond;
import io.cgflow.potentials.LennardJones;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.TypePair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelForcesTest {
    /** Chains of four beads A-B-B-A with bonds and angles, in an orthorhombic or a triclinic box. */
    static CgTopology chains(int molecules) {
        int n = 4 * molecules;
        int[] type = new int[n];
        int[] molecule = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        List<CgTopology.Bonded> bonds = new ArrayList<>();
        List<CgTopology.Bonded> angles = new ArrayList<>();
        for (int m = 0; m < molecules; m++) {
            for (int k = 0; k < 4; k++) {
                int i = 4 * m + k;
                type[i] = k == 0 || k == 3 ? 0 : 1;
                molecule[i] = m;
                names[i] = "C" + k;
                masses[i] = 30;
            }
            int o = 4 * m;
            bonds.add(new CgTopology.Bonded("B1", new int[] {o, o + 1}));
            bonds.add(new CgTopology.Bonded("B2", new int[] {o + 1, o + 2}));
            bonds.add(new CgTopology.Bonded("B1", new int[] {o + 2, o + 3}));
            angles.add(new CgTopology.Bonded("A1", new int[] {o, o + 1, o + 2}));
            angles.add(new CgTopology.Bonded("A1", new int[] {o + 1, o + 2, o + 3}));
        }
        return new CgTopology(List.of("A", "B"), type, molecule, names, masses, bonds, angles, List.of(),
            CgTopology.bondedExclusions(bonds, angles));
    }

    static PotentialDefinition chainPotential(LennardJones.Truncation truncation) {
        return new CompositePotential("chains", List.of(
            new LennardJones("lj", List.of(new LennardJones.Parameters(TypePair.of("A", "A"), 0.30, 1.0),
                new LennardJones.Parameters(TypePair.of("A", "B"), 0.32, 0.8),
                new LennardJones.Parameters(TypePair.of("B", "B"), 0.34, 1.2)), 0.9, truncation, true),
            new HarmonicBond("bonds", List.of(new HarmonicBond.Parameters("B1", 5000, 0.4),
                new HarmonicBond.Parameters("B2", 3000, 0.42))),
            new HarmonicAngle("angles", List.of(new HarmonicAngle.Parameters("A1", 50, 110)))));
    }

    static double[] chainPositions(int molecules, Box box, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[12 * molecules];
        for (int m = 0; m < molecules; m++) {
            double[] s = {rnd.nextDouble() * box.get(0, 0), rnd.nextDouble() * box.get(1, 1),
                rnd.nextDouble() * box.get(2, 2)};
            for (int k = 0; k < 4; k++) {
                for (int d = 0; d < 3; d++) {
                    s[d] += 0.25 * rnd.nextGaussian();
                    x[12 * m + 3 * k + d] = s[d];
                }
            }
        }
        return x;
    }

    static Box box(String kind) {
        return kind.equals("ortho") ? Box.orthorhombic(2.1, 2.2, 2.3)
            : kind.equals("tight") ? Box.orthorhombic(1.9, 1.95, 2.0)
            : Box.fromLengthsAndAngles(2.3, 2.4, 2.5, 80, 84, 88);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void agreesWithTheReferenceEvaluators(String kind) {
        CgTopology top = chains(60);
        Box box = box(kind);
        double[] x = chainPositions(60, box, 7);
        for (LennardJones.Truncation t : LennardJones.Truncation.values()) {
            PotentialDefinition pot = chainPotential(t);
            try (KernelForces fast = new KernelForces(pot, top, 0.1, 2);
                 PotentialForces ref = new PotentialForces(pot, top, 0.1)) {
                fast.compute(x, box, true);
                ref.compute(x, box, true);
                assertEquals(ref.energy(), fast.energy(), 1e-9 * Math.abs(ref.energy()));
                assertEquals(ref.tailEnergy(), fast.tailEnergy(), 1e-12 * Math.abs(ref.tailEnergy()));
                assertEquals(ref.tailPressure(), fast.tailPressure(), 1e-12 * Math.abs(ref.tailPressure()));
                double scale = 0;
                for (double f : ref.forces()) {
                    scale = Math.max(scale, Math.abs(f));
                }
                assertArrayEquals(ref.forces(), fast.forces(), 1e-9 * scale);
                assertArrayEquals(ref.virial(), fast.virial(), 1e-9 * Math.abs(ref.virial()[0]) + 1e-9);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void forcesAreBitIdenticalForAnyThreadCount(String kind) {
        CgTopology top = chains(60);
        Box box = box(kind);
        double[] x = chainPositions(60, box, 11);
        double[][] f = new double[3][];
        double[] e = new double[3];
        double[][] w = new double[3][];
        for (int t = 1; t <= 3; t++) {
            try (KernelForces forces = new KernelForces(chainPotential(LennardJones.Truncation.SHIFT), top, 0.1, t)) {
                forces.compute(x, box, true);
                f[t - 1] = forces.forces().clone();
                e[t - 1] = forces.energy();
                w[t - 1] = forces.virial().clone();
                assertEquals(8, forces.blocks());
            }
        }
        for (int t = 1; t < 3; t++) {
            assertArrayEquals(f[0], f[t]);
            assertArrayEquals(w[0], w[t]);
            assertEquals(Double.doubleToRawLongBits(e[0]), Double.doubleToRawLongBits(e[t]));
        }
    }

    /**
     * A move's energy change from the moved bead's terms equals the whole-energy difference: with the full list of
     * moves (ortho, triclinic) and, in a box that leaves the list a skin under 0.1 nm ("tight": half-width 0.95 nm,
     * cut-off 0.9 nm), with every bead at the minimum image.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic", "tight"})
    void beadEnergiesGiveTheEnergyChangeOfAMove(String kind) {
        CgTopology top = chains(60);
        Box box = box(kind);
        double[] x = chainPositions(60, box, 13);
        Random rnd = new Random(5);
        double skin = kind.equals("tight") ? 0.04 : 0.1;
        try (KernelForces forces = new KernelForces(chainPotential(LennardJones.Truncation.CUT), top, skin, 1)) {
            forces.compute(x, box, false);
            double e0 = forces.energy();
            for (int trial = 0; trial < 50; trial++) {
                int i = rnd.nextInt(top.size());
                double[] y = x.clone();
                for (int d = 0; d < 3; d++) {
                    y[3 * i + d] += 0.04 * (2 * rnd.nextDouble() - 1);
                }
                forces.prepareMove(x, box, i, y[3 * i], y[3 * i + 1], y[3 * i + 2]);
                assertEquals(kind.equals("tight"), forces.movesByMinimumImage(box), "moves by minimum image");
                double delta = forces.beadEnergy(y, box, i) - forces.beadEnergy(x, box, i);
                forces.compute(y, box, false);
                assertEquals(forces.energy() - e0, delta, 1e-9 * Math.abs(e0));
                forces.compute(x, box, false);
            }
        }
    }
}
