package io.cgflow.io.trajectory;

import io.cgflow.core.frame.Frame;
import java.io.Closeable;
import java.nio.file.Path;

/**
 * A stream of frames from one trajectory file, read in order with memory bounded by one frame.
 * Malformed content throws {@link io.cgflow.core.InputException} naming the file, the frame and the
 * problem.
 */
public interface TrajectoryReader extends Closeable {
    Path path();

    /** The next frame, or null at the end of the file. */
    Frame next();

    /**
     * Skips the next frame without building it (cheaper than {@link #next} for formats that can);
     * false at the end of the file.
     */
    default boolean skip() {
        return next() != null;
    }

    /** Bytes consumed so far (for progress reports). */
    long bytesRead();

    @Override
    void close();
}
