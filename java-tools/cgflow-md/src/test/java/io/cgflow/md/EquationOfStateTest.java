package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.LennardJones;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Lennard-Jones liquid at T* = 2.0, ρ* = 0.8 (500 beads, cut at 3σ with tail corrections, Monte Carlo)
 * against the Johnson–Zollweg–Gubbins equation of state, within the statistical error plus the equation's
 * own accuracy (about 1 % in this region, by the paper's comparison with simulations).
 */
class EquationOfStateTest {
    private static double[] simulate(long sweeps) {
        int cells = 5;
        int n = 4 * cells * cells * cells;
        double density = 0.8;
        double t = 2.0;
        CgTopology top = LjSystems.beads(n);
        Box box = LjSystems.box(cells, density);
        LennardJones lj = LjSystems.lj(3.0, LennardJones.Truncation.CUT, true);
        MdSettings s = new MdSettings(Integrator.MC, LjSystems.kelvin(t), 0.01, sweeps, 7, 1, 0.1, 5, 0.4,
            sweeps / 10, 0.1, MdSettings.DEFAULT_FORCE_LIMIT);
        List<Sample> samples = new ArrayList<>();
        try (KernelForces forces = new KernelForces(lj, top, s.skin(), 2)) {
            new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(cells, box), s, forces)
                .run(samples::add, 0, null);
        }
        List<Sample> kept = samples.subList(samples.size() / 5, samples.size());
        double[] u = LjSystems.meanAndError(kept.stream().mapToDouble(q -> q.potential() / n / LjSystems.EPSILON)
            .toArray(), 10);
        // P* = P σ³/ε with P in kJ/mol/nm³
        double toReduced = Math.pow(LjSystems.SIGMA, 3) / LjSystems.EPSILON / MdSettings.BAR;
        double[] p = LjSystems.meanAndError(kept.stream().mapToDouble(q -> q.pressure() * toReduced).toArray(), 10);
        double uRef = JohnsonZollwegGubbins.energy(density, t);
        double pRef = JohnsonZollwegGubbins.pressure(density, t);
        System.out.printf("LJ T*=2.0 rho*=0.8, %d sweeps: U*/N %.4f ± %.4f (JZG %.4f), P* %.4f ± %.4f (JZG %.4f)%n",
            sweeps, u[0], u[1], uRef, p[0], p[1], pRef);
        return new double[] {u[0], u[1], uRef, p[0], p[1], pRef};
    }

    private static void check(double[] r) {
        assertEquals(r[2], r[0], 3 * r[1] + 0.01 * Math.abs(r[2]));
        assertEquals(r[5], r[3], 3 * r[4] + 0.02 * Math.abs(r[5]));
    }

    @Test
    void liquidStatePointMatchesTheEquationOfState() {
        check(simulate(1500));
    }

    /** The same, ten times longer: {@code mvn test -pl cgflow-md -am -Dtest=EquationOfStateTest -Dmd.excludedGroups=none}. */
    @Test
    @Tag("long")
    void liquidStatePointMatchesTheEquationOfStateLong() {
        check(simulate(15000));
    }
}
