/**
 * Neural-network coarse-grained potentials of the Behler–Parrinello form, E = Σ_i NN_type(i)(G_i):
 * {@link io.cgflow.nn.NetworkEnergy} combines a descriptor ({@code io.cgflow.nn.descriptor}) with one per-bead
 * model per bead type ({@code io.cgflow.nn.model}, {@code io.cgflow.nn.dl4j}) into energies, forces, the virial and
 * ∂E/∂θ; {@code io.cgflow.nn.file} stores a trained one. {@link io.cgflow.nn.NetworkPotential} binds a trained
 * model to a CG topology as an {@link io.cgflow.potentials.Potential}, with plain-Java or Deeplearning4j perceptrons.
 */
package io.cgflow.nn;
