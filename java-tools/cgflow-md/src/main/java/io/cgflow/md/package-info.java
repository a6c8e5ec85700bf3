/**
 * Coarse-grained molecular dynamics and Monte Carlo: the simulation state, integrators (velocity Verlet,
 * BAOAB Langevin, Bussi velocity rescaling, Metropolis single-bead moves), deterministic multi-threaded force
 * evaluation (Lennard-Jones and harmonic terms in {@link io.cgflow.md.KernelForces}, trained networks in
 * {@link io.cgflow.md.NetworkForces}, any potential in {@link io.cgflow.md.PotentialForces}), checkpoints, and the
 * {@code cgflow-md} tool over them.
 */
package io.cgflow.md;
