package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.PriorDescription;
import io.cgflow.nn.TrainedModel;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.CompositePotential;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole model in the engine — network, pair-table prior and bonded tables — on propane-like molecules
 * (CH3-CH2-CH3, two bonds of type CH3-CH2 and an angle CH3-CH2-CH3): forces against finite differences of the
 * energy, the sum of its parts, the same bits for any thread count, energy conservation in NVE, restarts.
 */
class ModelForcesTest {
    /** {@code molecules} propane-like molecules, CH3 (15.035 amu) – CH2 (14.027 amu) – CH3. */
    static CgTopology propane(int molecules) {
        int n = 3 * molecules;
        int[] type = new int[n];
        int[] molecule = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        List<CgTopology.Bonded> bonds = new ArrayList<>();
        List<CgTopology.Bonded> angles = new ArrayList<>();
        for (int m = 0; m < molecules; m++) {
            for (int k = 0; k < 3; k++) {
                int i = 3 * m + k;
                type[i] = k == 1 ? 1 : 0;
                molecule[i] = m;
                names[i] = k == 1 ? "C2" : "C" + (k + 1);
                masses[i] = k == 1 ? 14.027 : 15.035;
            }
            int o = 3 * m;
            bonds.add(new CgTopology.Bonded("CH3-CH2", new int[] {o, o + 1}));
            bonds.add(new CgTopology.Bonded("CH3-CH2", new int[] {o + 1, o + 2}));
            angles.add(new CgTopology.Bonded("CH3-CH2-CH3", new int[] {o, o + 1, o + 2}));
        }
        return new CgTopology(List.of("CH3", "CH2"), type, molecule, names, masses, bonds, angles, List.of(),
            CgTopology.bondedExclusions(bonds, angles));
    }

    /** Molecule centres on a cubic grid (jittered), bonds of 0.2–0.26 nm in random directions. */
    static double[] positions(int molecules, Box box, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int side = (int) Math.ceil(Math.cbrt(molecules));
        double[] x = new double[9 * molecules];
        for (int m = 0; m < molecules; m++) {
            double[] f = {(m % side + 0.5 + random.nextDouble(-0.1, 0.1)) / side,
                (m / side % side + 0.5 + random.nextDouble(-0.1, 0.1)) / side,
                (m / side / side + 0.5 + random.nextDouble(-0.1, 0.1)) / side};
            double[] c = new double[3];
            for (int d = 0; d < 3; d++) {
                for (int e = 0; e < 3; e++) {
                    c[d] += f[e] * box.get(e, d);
                }
            }
            double[] previous = c;
            for (int k = 0; k < 3; k++) {
                double[] p = previous.clone();
                if (k > 0) {
                    double[] u = unit(random);
                    double length = random.nextDouble(0.2, 0.26);
                    for (int d = 0; d < 3; d++) {
                        p[d] += length * u[d];
                    }
                }
                System.arraycopy(p, 0, x, 9 * m + 3 * k, 3);
                previous = p;
            }
        }
        return x;
    }

    private static double[] unit(SplittableRandom random) {
        double[] u = new double[3];
        double norm;
        do {
            for (int d = 0; d < 3; d++) {
                u[d] = random.nextDouble(-1, 1);
            }
            norm = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        } while (norm < 0.1 || norm > 1);
        for (int d = 0; d < 3; d++) {
            u[d] /= norm;
        }
        return u;
    }

    /** A soft repulsion a (1 − r/r_c)³ from r = 0 to r_c, tabulated every {@code step} nm. */
    static Table soft(double a, double cutoff, double step) {
        int n = (int) Math.round(cutoff / step) + 1;
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            double u = 1 - k * step / cutoff;
            e[k] = a * u * u * u;
        }
        return Table.natural("soft", 0, step, e);
    }

    /**
     * A random tanh network on CH3 and CH2 (cut-off 0.9 nm) with a pair-table prior of cut-off {@code priorCutoff},
     * a bond table (½ k (b − 0.23)², 0.05–0.6 nm) and an angle table (½ k (θ − 114°)², 0–180°).
     */
    static TrainedModel propaneModel(double priorCutoff, long seed) {
        TrainedModel network = NetworkForcesTest.model(List.of("CH3", "CH2"), 0.9, 6, seed, 8);
        PriorDescription prior = PairTablePrior.of(List.of(
            new TabulatedPair.Entry(TypePair.of("CH3", "CH3"), soft(12, priorCutoff, 0.01)),
            new TabulatedPair.Entry(TypePair.of("CH3", "CH2"), soft(9, priorCutoff, 0.01)),
            new TabulatedPair.Entry(TypePair.of("CH2", "CH2"), soft(6, priorCutoff, 0.005))), priorCutoff);
        double[] bond = new double[111];
        for (int k = 0; k < bond.length; k++) {
            double b = 0.05 + 0.005 * k;
            bond[k] = 0.5 * 20000 * (b - 0.23) * (b - 0.23);
        }
        double[] angle = new double[91];
        for (int k = 0; k < angle.length; k++) {
            double d = Math.toRadians(2 * k - 114);
            angle[k] = 0.5 * 150 * d * d;
        }
        List<BondedTable> bonded = List.of(
            new BondedTable(BondedKind.BOND, "CH3-CH2", Table.natural("b", 0.05, 0.005, bond)),
            new BondedTable(BondedKind.ANGLE, "CH3-CH2-CH3", Table.natural("a", 0, 2, angle)));
        return new TrainedModel(network.beadTypes(), network.descriptor(), network.networks(), prior, bonded,
            network.provenance());
    }

    static Box box(String kind) {
        return kind.equals("ortho") ? Box.orthorhombic(2.4, 2.5, 2.3)
            : Box.fromLengthsAndAngles(2.5, 2.4, 2.6, 80, 84, 88);
    }

    /**
     * A network with a pair-table prior, with and without bonded tables, has single-bead energies: every Monte Carlo
     * move's energy change, from the parts' neighbourhoods and the moved bead's bonds and angles, equals the difference
     * of whole-configuration energies.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic", "ortho-bonded", "triclinic-bonded"})
    void aNetworkWithAPriorMovesSingleBeads(String kind) {
        int molecules = 27;
        CgTopology top = propane(molecules);
        Box box = box(kind.replace("-bonded", ""));
        double[] x = positions(molecules, box, 5);
        TrainedModel full = propaneModel(0.7, 4);
        TrainedModel model = kind.endsWith("-bonded") ? full : new TrainedModel(full.beadTypes(), full.descriptor(),
            full.networks(), full.prior(), full.provenance());
        try (Forces forces = ModelForces.create(model, top, 0.1, 1);
             Forces whole = ModelForces.create(model, top, 0.1, 1)) {
            assertTrue(forces.hasBeadEnergies());
            SplittableRandom random = new SplittableRandom(12);
            for (int move = 0; move < 300; move++) {
                int i = random.nextInt(top.size());
                double[] before = x.clone();
                double tx = x[3 * i] + random.nextDouble(-0.05, 0.05);
                double ty = x[3 * i + 1] + random.nextDouble(-0.05, 0.05);
                double tz = x[3 * i + 2] + random.nextDouble(-0.05, 0.05);
                forces.prepareMove(x, box, i, tx, ty, tz);
                double old = forces.beadEnergy(x, box, i);
                x[3 * i] = tx;
                x[3 * i + 1] = ty;
                x[3 * i + 2] = tz;
                double delta = forces.beadEnergy(x, box, i) - old;
                whole.compute(before, box, false);
                double e0 = whole.energy();
                whole.compute(x, box, false);
                assertEquals(whole.energy() - e0, delta, 1e-9 * Math.max(1, Math.abs(e0)), "move " + move);
                if (random.nextBoolean()) {
                    forces.moved(x, box, i);
                } else {
                    System.arraycopy(before, 0, x, 0, x.length);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void forcesAreMinusTheGradientOfTheEnergy(String kind) {
        int molecules = 27;
        CgTopology top = propane(molecules);
        Box box = box(kind);
        double[] x = positions(molecules, box, 3);
        TrainedModel model = propaneModel(0.7, 4);
        try (Forces forces = ModelForces.create(model, top, 0.1, 2)) {
            assertInstanceOf(SumForces.class, forces);
            assertTrue(forces.hasBeadEnergies(), "a prior and bonded tables: single-bead energies of every part");
            assertEquals(0.9, forces.cutoff());
            forces.compute(x, box, true);
            double[] f = forces.forces().clone();
            double e0 = forces.energy();
            assertTrue(Double.isFinite(e0));
            double scale = 0;
            for (double v : f) {
                scale = Math.max(scale, Math.abs(v));
            }
            double h = 1e-6;
            SplittableRandom random = new SplittableRandom(11);
            for (int trial = 0; trial < 60; trial++) {
                int c = random.nextInt(x.length);
                double[] y = x.clone();
                y[c] = x[c] + h;
                forces.compute(y, box, false);
                double up = forces.energy();
                y[c] = x[c] - h;
                forces.compute(y, box, false);
                double down = forces.energy();
                double numeric = -(up - down) / (2 * h);
                assertEquals(numeric, f[c], 2e-6 * scale + 1e-6 * Math.abs(f[c]), "component " + c);
            }
        }
    }

    /** The sum equals its parts computed apart: the network alone, and prior + bonded tables by their evaluators. */
    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void theWholeIsTheSumOfTheNetworkThePriorAndTheBondedTables(String kind) {
        int molecules = 27;
        CgTopology top = propane(molecules);
        Box box = box(kind);
        double[] x = positions(molecules, box, 5);
        TrainedModel model = propaneModel(0.95, 6);
        List<PotentialDefinition> parts = new ArrayList<>();
        parts.add(model.priorDefinition().orElseThrow());
        parts.addAll(model.bondedDefinitions());
        try (Forces whole = ModelForces.create(model, top, 0.1, 3);
             NetworkForces network = new NetworkForces(model, top, 0.1, 1);
             PotentialForces rest = new PotentialForces(new CompositePotential("rest", parts), top, 0.1)) {
            assertEquals(0.95, whole.cutoff(), "the prior reaches further than the network");
            whole.compute(x, box, true);
            network.compute(x, box, true);
            rest.compute(x, box, true);
            assertTrue(Math.abs(rest.energy()) > 1, "the prior and bonded terms contribute: " + rest.energy());
            assertEquals(network.energy() + rest.energy(), whole.energy(), 1e-9 * Math.abs(whole.energy()));
            for (int k = 0; k < x.length; k++) {
                assertEquals(network.forces()[k] + rest.forces()[k], whole.forces()[k], 1e-8);
            }
            for (int c = 0; c < 9; c++) {
                assertEquals(network.virial()[c] + rest.virial()[c], whole.virial()[c], 1e-8);
            }
        }
    }

    /**
     * A linear model runs as pair tables of its networks and prior: the same forces and virial as the networks
     * evaluated as such (to the spline's accuracy), energies that differ by a constant, single-bead energies.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void aLinearModelRunsAsItsPairTables(String kind) {
        int molecules = 27;
        CgTopology top = propane(molecules);
        Box box = box(kind);
        TrainedModel nonlinear = propaneModel(0.7, 8);
        TrainedModel net = NetworkForcesTest.model(List.of("CH3", "CH2"), 0.9, 6, 8);
        TrainedModel model = new TrainedModel(net.beadTypes(), net.descriptor(), net.networks(), nonlinear.prior(),
            nonlinear.bonded(), net.provenance());
        double offset = Double.NaN;
        for (int trial = 0; trial < 2; trial++) {
            double[] x = positions(molecules, box, 21 + trial);
            try (Forces tables = ModelForces.create(model, top, 0.1, 2);
                 Forces exact = ModelForces.create(model, top, 0.1, 2, false)) {
                assertInstanceOf(KernelForces.class, tables);
                assertInstanceOf(SumForces.class, exact);
                tables.compute(x, box, true);
                exact.compute(x, box, true);
                double scale = 0;
                for (double v : exact.forces()) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertTrue(scale > 1, "forces of size " + scale);
                for (int k = 0; k < x.length; k++) {
                    assertEquals(exact.forces()[k], tables.forces()[k], 1e-5 * scale, "component " + k);
                }
                for (int c = 0; c < 9; c++) {
                    assertEquals(exact.virial()[c], tables.virial()[c], 1e-5 * Math.abs(exact.virial()[c]) + 1e-4);
                }
                // the energies differ by Σ_i E_i(isolated bead), the same for every configuration
                double d = exact.energy() - tables.energy();
                if (trial == 0) {
                    offset = d;
                } else {
                    assertEquals(offset, d, 1e-5 * Math.abs(exact.energy()) + 1e-6);
                }
            }
        }
    }

    @Test
    void sameBitsForAnyThreadCount() {
        int molecules = 27;
        CgTopology top = propane(molecules);
        Box box = box("triclinic");
        double[] x = positions(molecules, box, 8);
        TrainedModel model = propaneModel(0.7, 9);
        double[] first = null;
        double[] firstVirial = null;
        double firstEnergy = 0;
        for (int threads = 1; threads <= 3; threads++) {
            try (Forces forces = ModelForces.create(model, top, 0.1, threads)) {
                forces.compute(x, box, true);
                if (threads == 1) {
                    first = forces.forces().clone();
                    firstVirial = forces.virial().clone();
                    firstEnergy = forces.energy();
                } else {
                    assertArrayEquals(first, forces.forces(), "threads " + threads);
                    assertArrayEquals(firstVirial, forces.virial(), "threads " + threads);
                    assertEquals(firstEnergy, forces.energy());
                }
                forces.computeForces(x, box);
                assertArrayEquals(first, forces.forces(), "forces only, threads " + threads);
            }
        }
    }

    @Test
    void aNetworkAloneKeepsItsSingleBeadEnergies() {
        CgTopology top = propane(8);
        TrainedModel model = NetworkForcesTest.model(List.of("CH3", "CH2"), 0.9, 6, 3, 8);
        try (Forces forces = ModelForces.create(model, top, 0.1, 1)) {
            assertInstanceOf(NetworkForces.class, forces);
            assertTrue(forces.hasBeadEnergies());
        }
        assertEquals(0.9, ModelForces.cutoff(model));
        assertEquals(1.2, ModelForces.cutoff(propaneModel(1.2, 3)));
    }

    @Test
    void aBondedTypeWithoutATableOfAKindTheModelTabulatesIsRefused() {
        TrainedModel model = propaneModel(0.7, 4);
        TrainedModel bondsElsewhere = new TrainedModel(model.beadTypes(), model.descriptor(), model.networks(),
            model.prior(), List.of(new BondedTable(BondedKind.BOND, "CH3-CH3", model.bonded().get(0).table())),
            model.provenance());
        InputException e = assertThrows(InputException.class, () -> ModelForces.create(bondsElsewhere, propane(4), 0.1,
            1));
        assertTrue(e.getMessage().contains("bond type CH3-CH2") && e.getMessage().contains("CH3-CH3"), e.getMessage());
        TrainedModel unknownPrior = new TrainedModel(model.beadTypes(), model.descriptor(), model.networks(),
            new PriorDescription("repulsive-power", java.util.Map.of("sigma", new double[] {0.3})), model.provenance());
        InputException p = assertThrows(InputException.class, () -> ModelForces.create(unknownPrior, propane(4), 0.1,
            1));
        assertTrue(p.getMessage().contains("repulsive-power"), p.getMessage());
        // angle types are left alone when the model has no angle tables at all
        TrainedModel bondsOnly = new TrainedModel(model.beadTypes(), model.descriptor(), model.networks(),
            model.prior(), List.of(model.bonded().get(0)), model.provenance());
        try (Forces forces = ModelForces.create(bondsOnly, propane(4), 0.1, 1)) {
            assertInstanceOf(SumForces.class, forces);
        }
    }

    /** Velocity Verlet with the whole model conserves the energy (dt = 1 fs, bonds of period ≈ 0.12 ps). */
    @Test
    void nveConservesTheEnergy() {
        int molecules = 27;
        CgTopology top = propane(molecules);
        Box box = Box.orthorhombic(2.4, 2.4, 2.4);
        double[] masses = new double[top.size()];
        for (int i = 0; i < masses.length; i++) {
            masses[i] = top.mass(i);
        }
        MdSettings s = new MdSettings(Integrator.NVE, 200, 0.001, 4000, 7, 1, 0.1, 20, 0.4, 0, 0.1,
            MdSettings.DEFAULT_FORCE_LIMIT);
        List<Sample> samples = new ArrayList<>();
        try (Forces forces = ModelForces.create(propaneModel(0.7, 4), top, s.skin(), 2)) {
            new Simulation(top, masses, box, positions(molecules, box, 3), s, forces).run(samples::add, 0, null);
        }
        int from = samples.size() / 4;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double kinetic = 0;
        for (Sample sample : samples.subList(from, samples.size())) {
            min = Math.min(min, sample.conserved());
            max = Math.max(max, sample.conserved());
            kinetic += sample.kinetic();
        }
        kinetic /= samples.size() - from;
        double drift = samples.get(samples.size() - 1).conserved() - samples.get(from).conserved();
        System.out.printf("model NVE: conserved energy range %.3g kJ/mol, drift %.3g kJ/mol over %.1f ps, <K> %.1f"
            + " kJ/mol%n", max - min, drift, samples.get(samples.size() - 1).time() - samples.get(from).time(),
            kinetic);
        assertTrue(kinetic > 10, "the system moves: <K> " + kinetic);
        assertTrue(max - min < 0.01 * kinetic, "conserved energy range " + (max - min) + " kJ/mol");
        assertTrue(Math.abs(drift) < 0.005 * kinetic, "drift " + drift + " kJ/mol");
    }

    /** A run restored from a saved state continues with the same bits: the parts' list references split back. */
    @Test
    void restoredStateContinuesExactly() {
        int molecules = 27;
        CgTopology top = propane(molecules);
        Box box = Box.orthorhombic(2.4, 2.4, 2.4);
        double[] masses = new double[top.size()];
        for (int i = 0; i < masses.length; i++) {
            masses[i] = top.mass(i);
        }
        TrainedModel model = propaneModel(0.7, 4);
        for (Integrator integrator : new Integrator[] {Integrator.LANGEVIN, Integrator.MC}) {
            MdSettings s = new MdSettings(integrator, 200, 0.002, 60, 7, 5, 0.1, 10, 0.4, 6, 0.1,
                MdSettings.DEFAULT_FORCE_LIMIT);
            List<Sample> whole = new ArrayList<>();
            try (Forces forces = ModelForces.create(model, top, s.skin(), 2)) {
                new Simulation(top, masses, box, positions(molecules, box, 3), s, forces).run(whole::add, 0, null);
            }
            Simulation.State saved;
            try (Forces forces = ModelForces.create(model, top, s.skin(), 1)) {
                Simulation first = new Simulation(top, masses, box, positions(molecules, box, 3), s.withSteps(30),
                    forces);
                first.run(q -> { }, 0, null);
                saved = first.state();
            }
            assertEquals(3, saved.listReferences().length, "network list, then the kernel's half and full lists");
            List<Sample> rest = new ArrayList<>();
            try (Forces forces = ModelForces.create(model, top, s.skin(), 3)) {
                Simulation second = new Simulation(top, masses, box, positions(molecules, box, 3), s, forces);
                second.restore(saved);
                second.run(rest::add, 0, null);
            }
            List<Sample> tail = whole.subList(whole.size() - rest.size(), whole.size());
            assertEquals(3, rest.size());
            for (int k = 0; k < rest.size(); k++) {
                assertEquals(tail.get(k).step(), rest.get(k).step());
                assertArrayEquals(tail.get(k).positions(), rest.get(k).positions(), integrator + " step "
                    + rest.get(k).step());
                assertEquals(tail.get(k).potential(), rest.get(k).potential());
            }
        }
    }
}
