package io.cgflow.core.frame;

import io.cgflow.core.geometry.Box;

/**
 * One configuration of a trajectory: MD step, time in ps, periodic box (nm) and positions in nm as a
 * flat {@code x0 y0 z0 x1 y1 z1 …} array. A step of {@link #NO_STEP} or a time of NaN means the file
 * did not store it. The positions array is owned by the frame and must not be changed after creation.
 */
public record Frame(long step, double time, Box box, float[] positions) {
    /**
     * The largest coordinate magnitude a frame may hold, nm: float positions are 0.06 nm apart there already, so a
     * larger one is a damaged or unconverted file, not a simulation.
     */
    public static final double MAX_COORDINATE = 1e6;

    public static final long NO_STEP = Long.MIN_VALUE;

    public Frame {
        if (positions.length % 3 != 0) {
            throw new IllegalArgumentException("positions length " + positions.length + " is not a multiple of 3");
        }
    }

    public int atomCount() {
        return positions.length / 3;
    }

    public boolean hasStep() {
        return step != NO_STEP;
    }

    public boolean hasTime() {
        return !Double.isNaN(time);
    }

    public Frame withBox(Box newBox) {
        return new Frame(step, time, newBox, positions);
    }

    public Frame withStepAndTime(long newStep, double newTime) {
        return new Frame(newStep, newTime, box, positions);
    }
}
