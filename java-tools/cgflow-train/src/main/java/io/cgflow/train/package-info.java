/**
 * Training of the network CG force field on structure (DESIGN §1.4): references and start configurations in
 * ({@link io.cgflow.train.TrainingState}), the per-configuration observables of the reference tool
 * ({@link io.cgflow.train.Observables}), sampling with the {@code cgflow-md} engine ({@link io.cgflow.train.Sampler}),
 * cached frames and their batched network passes ({@link io.cgflow.train.FrameCache}), the fluctuation estimates
 * ({@link io.cgflow.train.Estimate}), the Gauss–Newton and Adam steps, the pretraining on the potential of mean force,
 * checkpoints, and the loop ({@link io.cgflow.train.Trainer}).
 */
package io.cgflow.train;
