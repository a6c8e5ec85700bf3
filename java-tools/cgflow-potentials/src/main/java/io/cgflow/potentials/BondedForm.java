package io.cgflow.potentials;

/**
 * The energy of a bonded coordinate q (bond length in nm, angle or dihedral in radians) for each of a
 * potential's bonded types (indexed 0 … types−1), as {@link BondedEvaluator} uses it.
 */
interface BondedForm {
    /** E_t(q); writes dE/dq into {@code derivative[0]}. */
    double energy(int t, double q, double[] derivative);

    int parameterCount();

    double[] parameters();

    void setParameters(double[] theta);

    /** Adds weight × ∂E_t(q)/∂θ to the accumulated gradient. */
    void accumulateGradient(int t, double q, double weight);

    /** The average of E_t over a period (dihedral forms only). */
    default double average(int t) {
        throw new UnsupportedOperationException("no average of a non-periodic form");
    }

    /** Adds weight × ∂(average of E_t)/∂θ to the accumulated gradient (dihedral forms only). */
    default void accumulateAverageGradient(int t, double weight) {
        throw new UnsupportedOperationException("no average of a non-periodic form");
    }

    void finishGradient(Evaluation out);
}
