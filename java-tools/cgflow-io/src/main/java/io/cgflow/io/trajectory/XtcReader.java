package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.binary.BinaryInput;
import io.cgflow.io.binary.TruncatedInputException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * GROMACS XTC reader: XDR (big-endian) frames of magic 1995 (and 2023, the 64-bit byte count variant
 * for very large systems), full decompression by {@link XtcCodec}. Skipping a frame reads only its
 * header. Frames are split into {@link #nextRaw() raw} compressed records and their decoding so that
 * decoding can run on several threads ({@link ParallelDecoder}).
 */
public final class XtcReader implements TrajectoryReader, RawFrameSource {
    static final int MAGIC = 1995;
    static final int MAGIC_LARGE = 2023;
    private final BinaryInput in;
    private final ExpectedAtoms expectedAtoms;
    private int frameIndex;

    public XtcReader(Path path) {
        this(path, 0);
    }

    /**
     * @param expectedAtoms the structure's atom count, checked against every frame header before
     *                      anything is allocated for it; 0 when unknown
     */
    public XtcReader(Path path, int expectedAtoms) {
        this(path, ExpectedAtoms.of(expectedAtoms));
    }

    XtcReader(Path path, ExpectedAtoms expectedAtoms) {
        this.in = new BinaryInput(path, ByteOrder.BIG_ENDIAN);
        this.expectedAtoms = expectedAtoms;
    }

    @Override
    public Path path() {
        return in.path();
    }

    @Override
    public long bytesRead() {
        return in.position();
    }

    /** Compressed frame as stored; decoded by {@link #decode}. */
    record RawXtc(int index, long offset, long step, double time, Box box, int natoms, float precision,
                  int[] minint, int[] maxint, int smallidx, byte[] data, float[] uncompressed) {
    }

    @Override
    public Frame next() {
        RawXtc raw = (RawXtc) nextRaw();
        return raw == null ? null : decode(raw);
    }

    @Override
    public boolean skip() {
        return readFrame(false) != null;
    }

    @Override
    public Object nextRaw() {
        return readFrame(true);
    }

    @Override
    public Frame decode(Object rawFrame) {
        RawXtc raw = (RawXtc) rawFrame;
        float[] positions;
        if (raw.uncompressed != null) {
            positions = raw.uncompressed;
        } else {
            positions = new float[3 * raw.natoms];
            try {
                XtcCodec.decode(raw.natoms, raw.precision, raw.minint, raw.maxint, raw.smallidx, raw.data, 0,
                    raw.data.length, positions);
            } catch (XtcCodec.CorruptDataException e) {
                throw InputException.at(path(), where(raw.index, raw.offset), "corrupt compressed coordinates: "
                    + e.getMessage());
            }
        }
        return new Frame(raw.step, raw.time, raw.box, positions);
    }

    private static String where(int index, long offset) {
        return "frame " + index + " (byte " + offset + ")";
    }

    private RawXtc readFrame(boolean keepData) {
        if (in.atEnd()) {
            return null;
        }
        long offset = in.position();
        int index = frameIndex;
        try {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_LARGE) {
                throw InputException.at(path(), where(index, offset), "bad magic number " + magic + " (an XTC frame "
                    + "starts with " + MAGIC + "): not an XTC file, or corrupted");
            }
            int natoms = in.readInt();
            if (natoms <= 0) {
                throw InputException.at(path(), where(index, offset), "atom count " + natoms + " is not positive");
            }
            if (expectedAtoms.contradicts(natoms)) {
                throw InputException.at(path(), where(index, offset), "XTC header declares " + natoms
                    + " atoms " + expectedAtoms.mismatch());
            }
            long step = in.readInt();
            double time = in.readFloat();
            double[] m = new double[9];
            for (int i = 0; i < 9; i++) {
                m[i] = in.readFloat();
            }
            Box box = Box.ofMatrix(m);
            int natoms2 = in.readInt();
            if (natoms2 != natoms) {
                throw InputException.at(path(), where(index, offset), "coordinate block holds " + natoms2
                    + " atoms but the header says " + natoms + ": corrupted");
            }
            RawXtc raw;
            if (natoms <= 9) {
                float[] xyz = new float[3 * natoms];
                for (int i = 0; i < xyz.length; i++) {
                    xyz[i] = in.readFloat();
                }
                raw = new RawXtc(index, offset, step, time, box, natoms, 0f, null, null, 0, null, xyz);
            } else {
                float precision = in.readFloat();
                int[] minint = {in.readInt(), in.readInt(), in.readInt()};
                int[] maxint = {in.readInt(), in.readInt(), in.readInt()};
                int smallidx = in.readInt();
                long count = magic == MAGIC_LARGE ? in.readLong() : in.readInt() & 0xffffffffL;
                if (count < 0 || count > in.remaining()) {
                    throw InputException.at(path(), where(index, offset), "XTC header declares " + count
                        + " compressed bytes but " + in.describeRemaining());
                }
                if (count > Integer.MAX_VALUE - 8) {
                    throw InputException.at(path(), where(index, offset), "compressed block of " + count
                        + " bytes is larger than this reader supports");
                }
                // every atom costs at least one bit of the compressed stream
                if (natoms > 8 * count) {
                    throw InputException.at(path(), where(index, offset), "XTC header declares " + natoms
                        + " atoms but its " + count + " compressed bytes can hold at most " + 8 * count);
                }
                int padded = (int) ((count + 3) & ~3L);
                byte[] data = null;
                if (keepData) {
                    data = in.readBytes(padded);
                } else {
                    in.skip(padded);
                }
                raw = new RawXtc(index, offset, step, time, box, natoms, precision, minint, maxint, smallidx, data,
                    null);
            }
            frameIndex++;
            return raw;
        } catch (TruncatedInputException e) {
            throw InputException.at(path(), where(index, offset), "truncated: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        in.close();
    }
}
