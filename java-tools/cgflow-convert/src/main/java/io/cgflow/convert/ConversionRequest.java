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
 * the deflate level, how to read unit-less formats, the number of decoding threads, and the topology whose
 * masses and bonds complete the structure (GROMACS .top or LAMMPS data; null: none).
 */
public record ConversionRequest(List<Path> inputs, TrajectoryFormat format, Path structure, Path output,
                                FrameSelection selection, OptionalInt shardFrames, int compression,
                                Trajectories.ReadOptions readOptions, int threads, Path topology) {
    public ConversionRequest {
        inputs = List.copyOf(inputs);
    }

    /** A request without a topology file. */
    public ConversionRequest(List<Path> inputs, TrajectoryFormat format, Path structure, Path output,
                             FrameSelection selection, OptionalInt shardFrames, int compression,
                             Trajectories.ReadOptions readOptions, int threads) {
        this(inputs, format, structure, output, selection, shardFrames, compression, readOptions, threads, null);
    }
}
