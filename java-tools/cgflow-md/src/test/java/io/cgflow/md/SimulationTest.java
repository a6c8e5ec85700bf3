package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.LennardJones;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulationTest {
    private static List<Sample> run(int cells, double density, MdSettings settings, LennardJones lj, int threads) {
        int n = 4 * cells * cells * cells;
        CgTopology top = LjSystems.beads(n);
        Box box = LjSystems.box(cells, density);
        List<Sample> samples = new ArrayList<>();
        try (KernelForces forces = new KernelForces(lj, top, settings.skin(), threads)) {
            new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(cells, box), settings, forces)
                .run(samples::add, 0, null);
        }
        return samples;
    }

    private static MdSettings settings(Integrator integrator, double reducedT, double dt, long steps, int every) {
        return new MdSettings(integrator, LjSystems.kelvin(reducedT), dt, steps, 42, 5.0, 0.1, every, 0.4,
            steps / 10, 0.08, MdSettings.DEFAULT_FORCE_LIMIT);
    }

    @Test
    void velocityVerletConservesEnergy() {
        // 256 beads, T* = 1.5, ρ* = 0.8, shifted LJ at 2.5σ; dt = 0.004 ps ≈ 0.002 τ
        MdSettings s = settings(Integrator.NVE, 1.5, 0.004, 5000, 10);
        List<Sample> samples = run(4, 0.8, s, LjSystems.lj(2.5, LennardJones.Truncation.SHIFT, false), 1);
        // fit the conserved energy over the second half (after melting the lattice)
        int from = samples.size() / 2;
        double st = 0;
        double se = 0;
        double stt = 0;
        double ste = 0;
        int m = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int k = from; k < samples.size(); k++) {
            double t = samples.get(k).time();
            double e = samples.get(k).conserved();
            st += t;
            se += e;
            stt += t * t;
            ste += t * e;
            m++;
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        double slope = (m * ste - st * se) / (m * stt - st * st);
        double perNsPerBead = slope * 1000 / 256;
        System.out.printf("NVE drift: %.3g kJ/mol/ns per bead, fluctuation %.3g kJ/mol over %.1f ps%n", perNsPerBead,
            max - min, samples.get(samples.size() - 1).time() - samples.get(from).time());
        assertTrue(Math.abs(perNsPerBead) < 0.05, "drift " + perNsPerBead);
        assertTrue(max - min < 0.5, "fluctuation " + (max - min));
    }

    @ParameterizedTest
    @EnumSource(value = Integrator.class, names = {"LANGEVIN", "BUSSI"})
    void thermostatsGiveTheCanonicalKineticEnergy(Integrator integrator) {
        MdSettings s = settings(integrator, 2.0, 0.004, 30000, 10);
        List<Sample> samples = run(3, 0.6, s, LjSystems.lj(2.5, LennardJones.Truncation.SHIFT, false), 1);
        int dof = integrator.degreesOfFreedom(108);
        double kT = s.kT();
        List<Sample> kept = samples.subList(samples.size() / 5, samples.size());
        double[] k = kept.stream().mapToDouble(Sample::kinetic).toArray();
        double[] meanK = LjSystems.meanAndError(k, 20);
        double[] dev2 = new double[k.length];
        for (int j = 0; j < k.length; j++) {
            dev2[j] = (k[j] - meanK[0]) * (k[j] - meanK[0]);
        }
        double[] varK = LjSystems.meanAndError(dev2, 20);
        double[] temp = LjSystems.meanAndError(kept.stream().mapToDouble(Sample::temperature).toArray(), 20);
        // Gamma(dof/2, kT): mean dof kT/2, variance dof (kT)²/2
        System.out.printf("%s: <K> %.3f ± %.3f (expected %.3f), var K %.3f ± %.3f (expected %.3f), T %.2f ± %.2f K%n",
            integrator, meanK[0], meanK[1], 0.5 * dof * kT, varK[0], varK[1], 0.5 * dof * kT * kT, temp[0], temp[1]);
        assertEquals(0.5 * dof * kT, meanK[0], 4 * meanK[1] + 0.003 * 0.5 * dof * kT);
        assertEquals(0.5 * dof * kT * kT, varK[0], 4 * varK[1] + 0.02 * 0.5 * dof * kT * kT);
        assertEquals(s.temperature(), temp[0], 4 * temp[1] + 0.003 * s.temperature());
    }

    @Test
    void monteCarloAndMolecularDynamicsSampleTheSameEnergy() {
        LennardJones lj = LjSystems.lj(2.5, LennardJones.Truncation.SHIFT, false);
        List<Sample> md = run(3, 0.6, settings(Integrator.LANGEVIN, 2.0, 0.006, 20000, 10), lj, 1);
        List<Sample> mc = run(3, 0.6, settings(Integrator.MC, 2.0, 0.006, 4000, 2), lj, 1);
        double[] umd = LjSystems.meanAndError(md.subList(md.size() / 5, md.size()).stream()
            .mapToDouble(Sample::potential).toArray(), 20);
        double[] umc = LjSystems.meanAndError(mc.subList(mc.size() / 5, mc.size()).stream()
            .mapToDouble(Sample::potential).toArray(), 20);
        double[] pmd = LjSystems.meanAndError(md.subList(md.size() / 5, md.size()).stream()
            .mapToDouble(Sample::pressure).toArray(), 20);
        double[] pmc = LjSystems.meanAndError(mc.subList(mc.size() / 5, mc.size()).stream()
            .mapToDouble(Sample::pressure).toArray(), 20);
        double acceptance = mc.subList(mc.size() / 5, mc.size()).stream().mapToDouble(Sample::acceptance).average()
            .orElseThrow();
        System.out.printf("U: MD %.3f ± %.3f, MC %.3f ± %.3f kJ/mol; P: MD %.1f ± %.1f, MC %.1f ± %.1f bar;"
            + " MC acceptance %.3f, move %.4f nm%n", umd[0], umd[1], umc[0], umc[1], pmd[0], pmd[1], pmc[0], pmc[1],
            acceptance, mc.get(mc.size() - 1).moveSize());
        assertEquals(umd[0], umc[0], 4 * Math.hypot(umd[1], umc[1]));
        assertEquals(pmd[0], pmc[0], 4 * Math.hypot(pmd[1], pmc[1]));
        assertEquals(0.4, acceptance, 0.05);
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void sameSeedSameTrajectoryForAnyThreadCount(Integrator integrator) {
        LennardJones lj = LjSystems.lj(2.5, LennardJones.Truncation.SHIFT, true);
        MdSettings s = settings(integrator, 1.5, 0.004, 60, 20);
        List<Sample> a = run(3, 0.6, s, lj, 1);
        List<Sample> b = run(3, 0.6, s, lj, 3);
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k).positions(), b.get(k).positions());
            assertEquals(a.get(k).potential(), b.get(k).potential());
            assertEquals(a.get(k).pressure(), b.get(k).pressure());
        }
        List<Sample> c = run(3, 0.6, new MdSettings(integrator, s.temperature(), s.dt(), s.steps(), 43, s.friction(),
            s.tau(), s.outputEvery(), 0.4, s.equilibration(), s.skin(), s.forceLimit()), lj, 1);
        assertTrue(a.get(a.size() - 1).potential() != c.get(c.size() - 1).potential());
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void restoredStateContinuesExactly(Integrator integrator) {
        int n = 108;
        CgTopology top = LjSystems.beads(n);
        Box box = LjSystems.box(3, 0.6);
        LennardJones lj = LjSystems.lj(2.5, LennardJones.Truncation.SHIFT, true);
        MdSettings s = settings(integrator, 1.5, 0.004, 80, 10);
        List<Sample> whole = new ArrayList<>();
        try (KernelForces forces = new KernelForces(lj, top, s.skin(), 2)) {
            new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(3, box), s, forces).run(whole::add, 0, null);
        }
        Simulation.State[] saved = new Simulation.State[1];
        try (KernelForces forces = new KernelForces(lj, top, s.skin(), 1)) {
            Simulation first = new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(3, box), s.withSteps(50),
                forces);
            first.run(x -> { }, 0, null);
            saved[0] = first.state();
        }
        List<Sample> rest = new ArrayList<>();
        try (KernelForces forces = new KernelForces(lj, top, s.skin(), 3)) {
            Simulation second = new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(3, box), s, forces);
            second.restore(saved[0]);
            second.run(rest::add, 0, null);
        }
        List<Sample> tail = whole.subList(whole.size() - rest.size(), whole.size());
        assertEquals(3, rest.size());
        for (int k = 0; k < rest.size(); k++) {
            assertEquals(tail.get(k).step(), rest.get(k).step());
            assertArrayEquals(tail.get(k).positions(), rest.get(k).positions());
            assertEquals(tail.get(k).potential(), rest.get(k).potential());
            assertEquals(tail.get(k).kinetic(), rest.get(k).kinetic());
        }
    }

    @Test
    void blowUpNamesTheStepAndTheBead() {
        LennardJones lj = LjSystems.lj(2.5, LennardJones.Truncation.SHIFT, false);
        InputException e = assertThrows(InputException.class,
            () -> run(3, 0.6, settings(Integrator.NVE, 1.5, 0.2, 100, 10), lj, 1));
        assertTrue(e.getMessage().matches("simulation blew up at step \\d+: bead \\d+ \\(LJ, type A\\).*"),
            e.getMessage());
        // two beads on top of each other in the start configuration
        int n = 108;
        CgTopology top = LjSystems.beads(n);
        Box box = LjSystems.box(3, 0.6);
        double[] x = LjSystems.fcc(3, box);
        x[3 * 7] = x[3 * 8] + 0.001;
        x[3 * 7 + 1] = x[3 * 8 + 1];
        x[3 * 7 + 2] = x[3 * 8 + 2];
        try (KernelForces forces = new KernelForces(lj, top, 0.08, 1)) {
            Simulation sim = new Simulation(top, LjSystems.masses(n), box, x,
                settings(Integrator.NVE, 1.5, 0.004, 10, 1), forces);
            InputException start = assertThrows(InputException.class, () -> sim.run(q -> { }, 0, null));
            assertTrue(start.getMessage().startsWith("simulation blew up at the start configuration: the force on bead 8"),
                start.getMessage());
        }
    }

    /**
     * An interrupted run stops at the next step (the trainer cuts sampling off this way when --max-time runs out):
     * a run of 10^12 steps on an interrupted thread ends with CancellationException, at the state of a whole step.
     */
    @ParameterizedTest
    @EnumSource(value = Integrator.class, names = {"LANGEVIN", "MC"})
    void anInterruptedRunStopsAtTheNextStep(Integrator integrator) {
        int n = 108;
        CgTopology top = LjSystems.beads(n);
        Box box = LjSystems.box(3, 0.6);
        LennardJones lj = LjSystems.lj(2.5, LennardJones.Truncation.SHIFT, true);
        try (KernelForces forces = new KernelForces(lj, top, 0.08, 1)) {
            Simulation sim = new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(3, box),
                settings(integrator, 1.5, 0.004, 1_000_000_000_000L, 10), forces);
            List<Sample> samples = new ArrayList<>();
            CancellationException e = assertThrows(CancellationException.class, () -> sim.run(q -> {
                samples.add(q);
                if (q.step() == 30) {
                    Thread.currentThread().interrupt();
                }
            }, 0, null));
            assertTrue(Thread.interrupted(), "the interrupt is kept");
            assertEquals("interrupted at step 30", e.getMessage());
            assertEquals(30, sim.step());
            assertEquals(4, samples.size());
        }
    }
}
