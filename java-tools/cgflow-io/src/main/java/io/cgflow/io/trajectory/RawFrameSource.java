package io.cgflow.io.trajectory;

import io.cgflow.core.frame.Frame;

/**
 * A reader whose frames are read sequentially as opaque raw records and decoded independently, so that
 * decoding (the expensive part of compressed formats) can run on several threads.
 */
public interface RawFrameSource {
    /** The next raw record, or null at the end. Called from one thread only. */
    Object nextRaw();

    /** Decodes a raw record; thread-safe. */
    Frame decode(Object raw);
}
