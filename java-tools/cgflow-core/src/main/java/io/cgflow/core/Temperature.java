package io.cgflow.core;

/**
 * The temperatures every tool accepts, kelvin. Below the lower bound k_BT underflows towards the denormals (β = 1/k_BT
 * is infinite at 10⁻³²⁰ K and Boltzmann weights turn to NaN); the upper bound is far above any condensed phase.
 */
public final class Temperature {
    /** The lowest temperature a state may have, K. */
    public static final double MIN_KELVIN = 1e-3;
    /** The highest temperature a state may have, K. */
    public static final double MAX_KELVIN = 1e6;

    private Temperature() {
    }

    /** Whether {@code kelvin} is a temperature the tools work at (finite, within the bounds). */
    public static boolean accepted(double kelvin) {
        return kelvin >= MIN_KELVIN && kelvin <= MAX_KELVIN;
    }
}
