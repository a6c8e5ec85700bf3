package io.cgflow.reference;

import io.cgflow.core.frame.FrameSelection;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What to compute: the H5MD inputs (shards or replicas of one state, in order), the mapping (null for a
 * trajectory that is already CG), the outputs (distributions file; optional CG trajectory and table
 * folder), the grids (RDF range empty: the largest the boxes allow), the frame selection over the
 * concatenated inputs, the block size (empty: a tenth of the frames), exclusions override (null: the
 * mapping's), temperature and pressure (NaN: unknown) and threads.
 */
public record ReferenceRequest(List<Path> inputs, Path mapping, Path output, Path cgOutput, Path tables,
                               OptionalDouble rdfMax, double rdfBin, double bondMax, double bondBin, double angleBin,
                               double dihedralBin, FrameSelection selection, OptionalInt blockFrames,
                               String exclusions, double temperature, double pressure, OptionalInt cgShardFrames,
                               int threads) {
    public ReferenceRequest {
        inputs = List.copyOf(inputs);
    }
}
