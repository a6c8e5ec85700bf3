package io.cgflow.nn.model;

/**
 * The energy of one bead as a function of its standardised descriptor row z (length {@link #inputs()}), with
 * parameters θ (length {@link #parameterCount()}, order documented by the implementation). Rows are passed as
 * one flat row-major array [rows][inputs]. The same model of the same parameters gives the same numbers from
 * every implementation (plain Java, Deeplearning4j on CPU or CUDA) up to rounding.
 *
 * <p>Implementations may hold buffers reused across calls: an instance is not for concurrent use.
 */
public interface BeadEnergyModel {
    int inputs();

    int parameterCount();

    /** A copy of the parameter vector θ. */
    double[] parameters();

    /** Replaces θ (length {@link #parameterCount()}). */
    void setParameters(double[] theta);

    /** E of each of {@code rows} rows of {@code z}, written to {@code energies}. */
    void energies(double[] z, int rows, double[] energies);

    /** E of one row. */
    default double energy(double[] row) {
        double[] e = new double[1];
        energies(row, 1, e);
        return e[0];
    }

    /** E of each row to {@code energies} and ∂E/∂z of each row to {@code dEdz} ([rows][inputs]). */
    void inputGradients(double[] z, int rows, double[] energies, double[] dEdz);

    /** Adds Σ_rows ∂E/∂θ to {@code dEdTheta} (length {@link #parameterCount()}). */
    void addParameterGradient(double[] z, int rows, double[] dEdTheta);

    /** ∂E/∂θ of each row to {@code dEdTheta} ([rows][parameterCount()], overwritten). */
    void parameterGradients(double[] z, int rows, double[] dEdTheta);
}
