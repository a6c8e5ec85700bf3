package io.cgflow.md;

import java.nio.file.Path;

/**
 * One {@code cgflow-md} run.
 *
 * @param frame           frame of the start H5MD (−1: the last)
 * @param checkpoint      restart file (read when it exists, written every {@code checkpointEvery} steps and at
 *                        the end), or null
 */
public record MdRequest(Path start, int frame, Path potential, Path output, Path log, MdSettings settings,
                        int threads, Path checkpoint, long checkpointEvery) {
}
