package io.cgflow.core.frame;

import io.cgflow.core.UsageException;

/**
 * Which frames of a trajectory to use: from {@code first} to {@code last} (inclusive, 0-based over the
 * concatenated inputs), every {@code stride}-th. The same {@code --first/--last/--stride} in every tool.
 */
public record FrameSelection(long first, long last, int stride) {
    public static final FrameSelection ALL = new FrameSelection(0, Long.MAX_VALUE, 1);

    public FrameSelection {
        if (first < 0 || last < first || stride < 1) {
            throw new UsageException("frame selection --first " + first + " --last " + last + " --stride " + stride
                + " is empty or negative");
        }
    }

    /** True when frame {@code g} is selected. */
    public boolean includes(long g) {
        return g >= first && g <= last && (g - first) % stride == 0;
    }

    /** True when no frame at or after {@code g} can be selected. */
    public boolean isPast(long g) {
        return g > last;
    }

    /** The selection as its options, for messages. */
    public String describe() {
        return "--first " + first + ", --last " + (last == Long.MAX_VALUE ? "end" : last) + ", --stride " + stride;
    }
}
