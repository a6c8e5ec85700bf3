package io.cgflow.potentials;

import java.util.Arrays;

/**
 * What evaluations produce, summed over potentials: energy per {@link Term}, forces, the virial tensor,
 * ∂E/∂θ, and the long-range tail corrections (reported apart from the energy terms). Reused between
 * configurations: {@link #clear()} before each. Not thread-safe.
 */
public final class Evaluation {
    private final int particles;
    private final double[] energy = new double[Term.values().length];
    private final double[] forces;
    private final double[] virial = new double[9];
    private final double[] gradient;
    private int gradientOffset;
    private double tailEnergy;
    private double tailPressure;

    /** Room for {@code particles} forces and {@code parameters} derivatives. */
    public Evaluation(int particles, int parameters) {
        this.particles = particles;
        this.forces = new double[3 * particles];
        this.gradient = new double[parameters];
    }

    public int particles() {
        return particles;
    }

    /** Sets everything to zero (and the gradient offset to 0). */
    public void clear() {
        Arrays.fill(energy, 0);
        Arrays.fill(forces, 0);
        Arrays.fill(virial, 0);
        Arrays.fill(gradient, 0);
        gradientOffset = 0;
        tailEnergy = 0;
        tailPressure = 0;
    }

    /** Total potential energy, kJ/mol (without tail corrections). */
    public double energy() {
        double e = 0;
        for (double v : energy) {
            e += v;
        }
        return e;
    }

    /** Energy of one term, kJ/mol. */
    public double energy(Term term) {
        return energy[term.ordinal()];
    }

    public void addEnergy(Term term, double e) {
        energy[term.ordinal()] += e;
    }

    /** Forces, 3N components, kJ/mol/nm; the live array, for accumulation. */
    public double[] forces() {
        return forces;
    }

    /**
     * The virial tensor W, row-major 3×3, kJ/mol: W_ab = Σ_k r_k,a F_k,b, summed over the particles of every
     * interaction at image-consistent positions; for a pair, W = d ⊗ F_j with d = x_j − x_i (minimum image)
     * and F_j the force on j. Then the pressure is P = (2 K + tr W) / (3 V) (P V = N k_B T + ⅓ Σ_pairs
     * d·F_j), and −∂E/∂V = tr W / (3 V) under uniform scaling. The live array, for accumulation.
     */
    public double[] virial() {
        return virial;
    }

    /** Adds the pair contribution d ⊗ f, where f is the force on the particle at the head of d. */
    public void addVirial(double dx, double dy, double dz, double fx, double fy, double fz) {
        virial[0] += dx * fx;
        virial[1] += dx * fy;
        virial[2] += dx * fz;
        virial[3] += dy * fx;
        virial[4] += dy * fy;
        virial[5] += dy * fz;
        virial[6] += dz * fx;
        virial[7] += dz * fy;
        virial[8] += dz * fz;
    }

    /** ∂E/∂θ of all potentials, in the order of the composite's parameter vector; the live array. */
    public double[] parameterGradient() {
        return gradient;
    }

    /** Where the parameters of the potential being evaluated begin in {@link #parameterGradient()}. */
    public int gradientOffset() {
        return gradientOffset;
    }

    /** Set by composites before evaluating each part. */
    public void setGradientOffset(int offset) {
        this.gradientOffset = offset;
    }

    /** Adds v to ∂E/∂θ_k of the potential being evaluated. */
    public void addParameterGradient(int k, double v) {
        gradient[gradientOffset + k] += v;
    }

    /** Long-range tail correction of the energy, kJ/mol; not included in {@link #energy()}. */
    public double tailEnergy() {
        return tailEnergy;
    }

    /** Long-range tail correction of the pressure, kJ/mol/nm³ (× 16.6054 for bar); not in the virial. */
    public double tailPressure() {
        return tailPressure;
    }

    public void addTail(double energy, double pressure) {
        tailEnergy += energy;
        tailPressure += pressure;
    }
}
