/**
 * Per-bead energy models: a function E(z) of one standardised descriptor row z with its gradients ∂E/∂z and
 * ∂E/∂θ ({@link io.cgflow.nn.model.BeadEnergyModel}), the multilayer perceptron evaluated in plain Java
 * ({@link io.cgflow.nn.model.MlpModel}), its architecture and activations, and the input standardisation.
 * The Deeplearning4j model of the same kind lives in {@code io.cgflow.nn.dl4j}.
 */
package io.cgflow.nn.model;
