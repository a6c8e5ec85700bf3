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

    void accumulateGradient(int t, double q);

    void finishGradient(Evaluation out);
}
