package io.cgflow.train;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code cgflow-train} run.
 *
 * @param references     one reference distributions file per state
 * @param starts         one start file per state, or empty (systems built from the composition)
 * @param settingsFile   the settings YAML, or null
 * @param hidden         hidden-layer widths overriding the settings (empty: linear), or null
 * @param activation     activation overriding the settings, or null
 * @param maxIterations  overriding the settings, or null
 * @param maxTimeMinutes stop when this wall time has passed, a sampling round cut off if need be (≤ 0: no limit)
 * @param checkpointDir  where the checkpoint lives (read when present, written every iteration), or null
 */
public record TrainRequest(List<Path> references, List<Path> starts, Path output, Path log, Path settingsFile,
                           List<Integer> hidden, String activation, Integer maxIterations, double maxTimeMinutes,
                           long seed, int threads, Path checkpointDir) {
    public TrainRequest {
        references = List.copyOf(references);
        starts = List.copyOf(starts);
        hidden = hidden == null ? null : List.copyOf(hidden);
    }
}
