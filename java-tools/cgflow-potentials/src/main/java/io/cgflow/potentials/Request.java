package io.cgflow.potentials;

/**
 * What one {@link Potential#evaluate} call computes besides the energy, which is always computed. MD asks
 * for {@link #FORCES}; training asks for {@link #GRADIENT} and does not pay for forces.
 *
 * @param forces            forces on every particle
 * @param virial            the virial tensor (see {@link Evaluation#virial()})
 * @param parameterGradient ∂E/∂θ for the potential's trainable parameters
 */
public record Request(boolean forces, boolean virial, boolean parameterGradient) {
    /** Energy only. */
    public static final Request ENERGY = new Request(false, false, false);
    /** Energy, forces and virial: what MD needs. */
    public static final Request FORCES = new Request(true, true, false);
    /** Energy and ∂E/∂θ: what the fluctuation gradient needs. */
    public static final Request GRADIENT = new Request(false, false, true);
    /** Everything. */
    public static final Request ALL = new Request(true, true, true);
}
