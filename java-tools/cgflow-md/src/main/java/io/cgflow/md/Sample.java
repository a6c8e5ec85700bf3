package io.cgflow.md;

import io.cgflow.core.geometry.Box;

/**
 * One output point: the THERMO observables and the configuration.
 *
 * @param potential   total potential energy incl. the tail correction, kJ/mol
 * @param kinetic     kinetic energy, kJ/mol (Monte Carlo: the equipartition value 3N k_B T / 2)
 * @param conserved   total energy minus the energy the thermostat put in (constant for exact dynamics)
 * @param temperature K, from the kinetic energy over {@link Integrator#degreesOfFreedom}
 * @param pressure    bar: (2K + tr W)/(3V) plus the tail correction
 * @param acceptance  Monte Carlo acceptance since the previous sample (NaN for MD)
 * @param moveSize    Monte Carlo maximum displacement per coordinate, nm (NaN for MD)
 * @param positions   a copy of the positions, nm
 */
public record Sample(long step, double time, double potential, double kinetic, double conserved,
                     double temperature, double pressure, double volume, double acceptance, double moveSize,
                     Box box, double[] positions) {
}
