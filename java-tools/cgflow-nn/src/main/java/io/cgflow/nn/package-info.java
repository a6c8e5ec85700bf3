/**
 * Neural-network coarse-grained potentials of the Behler–Parrinello form, E = Σ_i NN_type(i)(G_i):
 * {@link io.cgflow.nn.NetworkEnergy} combines a descriptor ({@code io.cgflow.nn.descriptor}) with one per-bead
 * model per bead type ({@code io.cgflow.nn.model}, {@code io.cgflow.nn.dl4j}) into energies, forces, the virial and
 * ∂E/∂θ; {@code io.cgflow.nn.file} stores a trained one.
 */
package io.cgflow.nn;
