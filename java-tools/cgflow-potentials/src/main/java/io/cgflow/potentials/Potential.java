package io.cgflow.potentials;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.NeighbourList;

/**
 * The evaluation contract every potential backend implements: analytic and tabulated potentials here,
 * the network model elsewhere. A potential is bound to one CG topology when it is created (bead types,
 * bonds, angles, dihedrals), so that per-call work is arithmetic only.
 *
 * <p>{@link #evaluate} <em>adds</em> its energy, forces, virial and ∂E/∂θ to an {@link Evaluation}; the caller
 * clears it first. Positions are 3N coordinates in nm and may be unwrapped. Non-bonded potentials take their
 * pairs from the caller's half {@link NeighbourList}, whose exclusions decide which pairs interact and whose
 * cut-off must reach {@link #cutoff()}; they update it for the given positions (a no-op when it is still
 * valid), so several potentials can share one list.
 *
 * <p>Trainable parameters θ form one vector of {@link #parameterCount()} numbers; ∂E/∂θ_k is added at
 * {@code out.parameterGradient()[out.gradientOffset() + k]}. Implementations are not thread-safe: one per
 * thread.
 */
public interface Potential {
    /** The name of the potential (as in its definition and in messages). */
    String name();

    /** The largest pair distance this potential needs from the neighbour list, nm; 0 when it needs none. */
    double cutoff();

    /** Number of trainable parameters; 0 when there are none. */
    int parameterCount();

    /** A copy of the current parameter vector θ. */
    double[] parameters();

    /** Replaces the parameter vector θ (length {@link #parameterCount()}). */
    void setParameters(double[] theta);

    /**
     * Evaluates one configuration and adds the result to {@code out}: the energy always, and what
     * {@code request} asks for besides.
     *
     * @param x    positions, 3N coordinates, nm
     * @param box  the periodic box
     * @param list the caller's half neighbour list (may be null when {@link #cutoff()} is 0)
     */
    void evaluate(double[] x, Box box, NeighbourList list, Request request, Evaluation out);
}
