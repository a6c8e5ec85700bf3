package io.cgflow.convert;

import io.cgflow.core.frame.FrameSelection;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.Trajectories;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * What to convert: the parts of one trajectory (in order), their format (null: from each extension),
 * the structure (null only for H5MD input), the output {@code OUT.h5}, the frame selection, the shard size (empty: automatic),
 * the deflate level, how to read unit-less formats, and the number of decoding threads.
 */
public record ConversionRequest(List<Path> inputs, TrajectoryFormat format, Path structure, Path output,
                                FrameSelection selection, OptionalInt shardFrames, int compression,
                                Trajectories.ReadOptions readOptions, int threads) {
    public ConversionRequest {
        inputs = List.copyOf(inputs);
    }
}
