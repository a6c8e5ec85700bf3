package io.cgflow.potentials;

/**
 * The radial function of a pair potential for each of its type pairs (indexed 0 … pairs−1), as the plain-Java
 * {@link PairEvaluator} uses it. Package-private: definitions provide it.
 */
interface PairForm {
    /** u(r) of type pair p for r below the cut-off; writes du/dr into {@code derivative[0]}. */
    double energy(int p, double r, double[] derivative);

    int parameterCount();

    double[] parameters();

    void setParameters(double[] theta);

    /** Accumulates ∂u_p(r)/∂θ (finished by {@link #finishGradient}). */
    void accumulateGradient(int p, double r);

    /** Adds the accumulated ∂E/∂θ to {@code out}. */
    void finishGradient(Evaluation out);

    /**
     * Adds the tail corrections for the given numbers of pairs: {@code orderedPairs[p]} = N_a N_b summed over
     * ordered type pairs (a, b) of type pair p; default none.
     */
    default void tail(double[] orderedPairs, double volume, Evaluation out) {
    }
}
