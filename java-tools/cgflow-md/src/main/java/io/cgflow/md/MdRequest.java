package io.cgflow.md;

import java.nio.file.Path;

/**
 * One {@code cgflow-md} run.
 *
 * @param frame           frame of the start H5MD (−1: the last)
 * @param potential       the potential file (POT.yaml), or null when {@code model} is given
 * @param checkpoint      restart file (read when it exists, written every {@code checkpointEvery} steps and at
 *                        the end), or null
 * @param model           a trained network model file instead of {@code potential}, or null
 */
public record MdRequest(Path start, int frame, Path potential, Path output, Path log, MdSettings settings,
                        int threads, Path checkpoint, long checkpointEvery, Path model) {
    /** A run with a potential file. */
    public MdRequest(Path start, int frame, Path potential, Path output, Path log, MdSettings settings, int threads,
                     Path checkpoint, long checkpointEvery) {
        this(start, frame, potential, output, log, settings, threads, checkpoint, checkpointEvery, null);
    }

    /** The file that defines the forces: the model or the potential file. */
    public Path forceField() {
        return model != null ? model : potential;
    }
}
