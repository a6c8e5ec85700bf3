package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.LennardJones;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Lennard-Jones fluid (500 beads, cut at 3σ with tail corrections) at liquid and supercritical state points, by
 * Monte Carlo and by Langevin MD, against the Johnson–Zollweg–Gubbins equation of state, within three combined
 * standard errors (block averages over 10 blocks) plus the equation's own accuracy (about 1 % in energy and 2 % in
 * pressure in this region, by the paper's comparison with simulations).
 */
class EquationOfStateTest {
    /** Reduced energy per bead with its error, the JZG value, P* with its error, the JZG value. */
    static double[] simulate(double t, double density, Integrator integrator, long steps) {
        int cells = 5;
        int n = 4 * cells * cells * cells;
        CgTopology top = LjSystems.beads(n);
        Box box = LjSystems.box(cells, density);
        LennardJones lj = LjSystems.lj(3.0, LennardJones.Truncation.CUT, true);
        // MD: dt = 0.01 ps ≈ 0.005 τ (τ = σ √(m/ε) = 1.90 ps), γ = 1/ps; MC: the step size adapts for a tenth
        boolean mc = integrator == Integrator.MC;
        MdSettings s = new MdSettings(integrator, LjSystems.kelvin(t), 0.01, steps, 7, 1, 0.1, mc ? 5 : 10, 0.4,
            steps / 10, 0.1, MdSettings.DEFAULT_FORCE_LIMIT);
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
        System.out.printf("LJ T*=%.2f rho*=%.2f, %s %d steps: U*/N %.4f ± %.4f (JZG %.4f), P* %.4f ± %.4f (JZG %.4f)%n",
            t, density, integrator.label(), steps, u[0], u[1], uRef, p[0], p[1], pRef);
        return new double[] {u[0], u[1], uRef, p[0], p[1], pRef};
    }

    static void check(double[] r) {
        assertEquals(r[2], r[0], 3 * r[1] + 0.01 * Math.abs(r[2]), "U*/N");
        assertEquals(r[5], r[3], 3 * r[4] + 0.02 * Math.abs(r[5]), "P*");
    }

    @ParameterizedTest(name = "T*={0} rho*={1} {2}")
    @CsvSource({"2.0, 0.80, MC, 1500", "1.5, 0.80, MC, 1500", "1.2, 0.75, MC, 1500",
        "1.5, 0.80, LANGEVIN, 3000", "1.2, 0.75, LANGEVIN, 3000", "2.0, 0.30, MC, 1500"})
    void liquidStatePointsMatchTheEquationOfState(double t, double density, Integrator integrator, long steps) {
        check(simulate(t, density, integrator, steps));
    }

    /** Ten times longer: {@code mvn -B -o -pl cgflow-md -am test -Dtest=EquationOfStateTest -Dmd.excludedGroups=none}. */
    @ParameterizedTest(name = "long: T*={0} rho*={1} {2}")
    @Tag("long")
    @CsvSource({"2.0, 0.80, MC, 15000", "1.5, 0.80, MC, 15000", "1.2, 0.75, MC, 15000",
        "2.0, 0.80, LANGEVIN, 30000", "1.5, 0.80, LANGEVIN, 30000", "1.2, 0.75, LANGEVIN, 30000",
        "0.9, 0.85, LANGEVIN, 30000", "1.0, 0.70, LANGEVIN, 30000", "3.0, 0.60, MC, 15000", "2.0, 0.30, MC, 15000"})
    void liquidStatePointsMatchTheEquationOfStateLong(double t, double density, Integrator integrator, long steps) {
        check(simulate(t, density, integrator, steps));
    }
}
