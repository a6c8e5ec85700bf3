/**
 * Descriptors of a bead's neighbourhood (symmetry functions) and their derivatives with respect to positions.
 * A {@link io.cgflow.nn.descriptor.Descriptor} turns a {@link io.cgflow.nn.descriptor.PairList} into one row
 * G_i per bead and into the derivative contributions ∂G/∂r; forces combine those with ∂E/∂G from a model.
 * Nothing here knows about networks, and nothing in the models knows which descriptor made their input.
 */
package io.cgflow.nn.descriptor;
