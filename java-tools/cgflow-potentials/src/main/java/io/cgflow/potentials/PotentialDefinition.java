package io.cgflow.potentials;

import io.cgflow.core.topology.CgTopology;

/**
 * An immutable description of a potential: its parameters, validated when the definition is made, with
 * messages that start with its name. {@link #evaluator} binds it to a topology with the plain-Java
 * backend; other backends take the same definition.
 */
public interface PotentialDefinition {
    String name();

    /** The largest pair distance the potential reaches, nm; 0 for bonded potentials. */
    double cutoff();

    /**
     * The plain-Java evaluator of this definition for {@code topology}. Throws IllegalArgumentException, with a
     * message starting with the name, when the topology does not fit (e.g. a bonded type without parameters).
     */
    Potential evaluator(CgTopology topology);
}
