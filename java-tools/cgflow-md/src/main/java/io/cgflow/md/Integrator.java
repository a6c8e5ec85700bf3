package io.cgflow.md;

import java.util.Locale;

/** How configurations are generated. */
public enum Integrator {
    /** Velocity Verlet, constant energy. */
    NVE,
    /** BAOAB Langevin splitting (Leimkuhler–Matthews), friction γ. */
    LANGEVIN,
    /** Velocity Verlet with Bussi–Donadio–Parrinello stochastic velocity rescaling, time constant τ. */
    BUSSI,
    /** Metropolis Monte Carlo with single-bead moves; one step is one sweep of N trial moves. */
    MC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Degrees of freedom of the kinetic energy for N beads: 3N − 3 with momentum conserved, 3N otherwise. */
    public int degreesOfFreedom(int n) {
        return this == NVE || this == BUSSI ? Math.max(1, 3 * n - 3) : 3 * n;   // n = 1 is refused by MdEngine
    }
}
