/**
 * Coarse-grained potentials. A potential is described by an immutable definition
 * ({@link io.cgflow.potentials.PotentialDefinition}: a record of parameters, validated on construction,
 * e.g. {@link io.cgflow.potentials.LennardJones}, {@link io.cgflow.potentials.TabulatedPair}) and
 * evaluated by a {@link io.cgflow.potentials.Potential} bound to a CG topology — the compute backend. The
 * evaluators here are plain Java; other backends (a network on a GPU) implement the same
 * {@link io.cgflow.potentials.Potential} contract, and one contract test body checks them all.
 *
 * <p>Units: nm, ps, amu, kJ/mol, K; angles in tables and definitions in degrees. The virial convention is
 * documented on {@link io.cgflow.potentials.Evaluation#virial()}.
 */
package io.cgflow.potentials;
