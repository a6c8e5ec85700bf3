/**
 * The trained-model file: one HDF5 file holding a {@link io.cgflow.nn.TrainedModel} (layout in docs/formats.md,
 * "Trained model"). HDF5 stays at this edge: nothing else in cgflow-nn depends on jhdf.
 */
package io.cgflow.nn.file;
