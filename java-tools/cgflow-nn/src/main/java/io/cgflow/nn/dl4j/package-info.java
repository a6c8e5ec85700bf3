/**
 * The per-bead perceptron held in Deeplearning4j ({@link io.cgflow.nn.dl4j.Dl4jMlpModel}) for batched passes over
 * many cached frames on CPU or CUDA, the converter between Deeplearning4j's parameter tables and the flat order of
 * {@link io.cgflow.nn.model.MlpArchitecture}, and the report of the ND4J backend in use. The backend is whichever
 * ND4J backend is on the class path (Maven profile {@code cpu}, the default, or {@code cuda}).
 */
package io.cgflow.nn.dl4j;
