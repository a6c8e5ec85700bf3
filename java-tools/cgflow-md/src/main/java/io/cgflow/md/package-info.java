/**
 * Coarse-grained molecular dynamics and Monte Carlo: the simulation state, integrators (velocity Verlet,
 * BAOAB Langevin, Bussi velocity rescaling, Metropolis single-bead moves), deterministic multi-threaded force
 * evaluation, checkpoints, and the {@code cgflow-md} tool over them.
 */
package io.cgflow.md;
