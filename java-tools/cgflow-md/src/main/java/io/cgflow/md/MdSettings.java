package io.cgflow.md;

/**
 * What a simulation does.
 *
 * @param temperature      K (initial velocities, thermostats, Monte Carlo)
 * @param dt               time step, ps (Monte Carlo: the nominal time per sweep in THERMO)
 * @param steps            the step to run to (MD steps or MC sweeps)
 * @param friction         Langevin γ, 1/ps
 * @param tau              Bussi time constant, ps
 * @param outputEvery      write a frame and a THERMO row every this many steps
 * @param targetAcceptance Monte Carlo acceptance the step size is adapted to
 * @param equilibration    Monte Carlo sweeps during which the step size adapts (then frozen)
 * @param skin             Verlet skin of the neighbour list, nm
 * @param forceLimit       a force above this, kJ/mol/nm, stops the run as a blow-up
 */
public record MdSettings(Integrator integrator, double temperature, double dt, long steps, long seed,
                         double friction, double tau, int outputEvery, double targetAcceptance, long equilibration,
                         double skin, double forceLimit) {
    public static final double KB = 0.0083144626;
    /** kJ/mol/nm³ in bar. */
    public static final double BAR = 16.6054;
    public static final double DEFAULT_FORCE_LIMIT = 1e7;

    public MdSettings {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("the time step must be positive, not " + dt);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("the number of steps must not be negative, not " + steps);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be positive, not " + temperature);
        }
        if (outputEvery < 1) {
            throw new IllegalArgumentException("output every must be at least 1, not " + outputEvery);
        }
    }

    /** Settings with the usual defaults: γ = 1/ps, τ = 0.1 ps, acceptance 0.4, a tenth of the sweeps to adapt. */
    public static MdSettings of(Integrator integrator, double temperature, double dt, long steps, long seed,
                                int outputEvery) {
        return new MdSettings(integrator, temperature, dt, steps, seed, 1.0, 0.1, outputEvery, 0.4, steps / 10, 0.1,
            DEFAULT_FORCE_LIMIT);
    }

    public MdSettings withSteps(long newSteps) {
        return new MdSettings(integrator, temperature, dt, newSteps, seed, friction, tau, outputEvery,
            targetAcceptance, equilibration, skin, forceLimit);
    }

    public double kT() {
        return KB * temperature;
    }
}
