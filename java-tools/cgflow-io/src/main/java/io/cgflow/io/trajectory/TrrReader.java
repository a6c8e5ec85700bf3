package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.binary.BinaryInput;
import io.cgflow.io.binary.TruncatedInputException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GROMACS TRR reader, single and double precision (detected per frame from the block sizes as GROMACS
 * does). Frames without positions (velocity- or force-only) are skipped with one warning.
 */
public final class TrrReader implements TrajectoryReader {
    private static final Logger LOG = LoggerFactory.getLogger(TrrReader.class);
    static final int MAGIC = 1993;
    private final BinaryInput in;
    private int frameIndex;
    private int withoutPositions;

    public TrrReader(Path path) {
        this.in = new BinaryInput(path, ByteOrder.BIG_ENDIAN);
    }

    @Override
    public Path path() {
        return in.path();
    }

    @Override
    public long bytesRead() {
        return in.position();
    }

    @Override
    public Frame next() {
        return read(true);
    }

    @Override
    public boolean skip() {
        return read(false) != null;
    }

    private Frame read(boolean decode) {
        while (!in.atEnd()) {
            long offset = in.position();
            int index = frameIndex;
            String where = "frame " + index + " (byte " + offset + ")";
            try {
                int magic = in.readInt();
                if (magic != MAGIC) {
                    throw InputException.at(path(), where, "bad magic number " + magic + " (a TRR frame starts with "
                        + MAGIC + "): not a TRR file, or corrupted");
                }
                int slen = in.readInt();
                int len = in.readInt();
                if (slen < 1 || slen > 128 || len < 0 || len > 128) {
                    throw InputException.at(path(), where, "bad version string length " + len + ": corrupted");
                }
                in.skip((len + 3) & ~3);
                int irSize = in.readInt();
                int eSize = in.readInt();
                int boxSize = in.readInt();
                int virSize = in.readInt();
                int presSize = in.readInt();
                int topSize = in.readInt();
                int symSize = in.readInt();
                int xSize = in.readInt();
                int vSize = in.readInt();
                int fSize = in.readInt();
                int natoms = in.readInt();
                long step = in.readInt();
                in.readInt(); // nre
                if (natoms <= 0) {
                    throw InputException.at(path(), where, "atom count " + natoms + " is not positive");
                }
                int real = realSize(boxSize, xSize, vSize, fSize, natoms);
                if (real != 4 && real != 8) {
                    throw InputException.at(path(), where, "cannot tell single from double precision (block sizes "
                        + "box " + boxSize + ", x " + xSize + " for " + natoms + " atoms): corrupted");
                }
                if (irSize < 0 || eSize < 0 || topSize < 0 || symSize < 0 || virSize < 0 || presSize < 0
                    || vSize < 0 || fSize < 0 || xSize < 0 || boxSize < 0) {
                    throw InputException.at(path(), where, "negative block size: corrupted");
                }
                if (xSize != 0 && xSize != 3 * natoms * real || boxSize != 0 && boxSize != 9 * real) {
                    throw InputException.at(path(), where, "block sizes do not match " + natoms + " atoms: corrupted");
                }
                double time = real == 4 ? in.readFloat() : in.readDouble();
                if (real == 4) {
                    in.readFloat();
                } else {
                    in.readDouble();
                }
                Box box = null;
                if (boxSize != 0) {
                    double[] m = new double[9];
                    for (int i = 0; i < 9; i++) {
                        m[i] = real == 4 ? in.readFloat() : in.readDouble();
                    }
                    box = Box.ofMatrix(m);
                }
                in.skip((long) virSize + presSize);
                float[] x = null;
                if (xSize != 0 && decode) {
                    x = new float[3 * natoms];
                    if (real == 4) {
                        for (int i = 0; i < x.length; i++) {
                            x[i] = in.readFloat();
                        }
                    } else {
                        for (int i = 0; i < x.length; i++) {
                            x[i] = (float) in.readDouble();
                        }
                    }
                } else {
                    in.skip(xSize);
                }
                in.skip((long) vSize + fSize);
                frameIndex++;
                if (xSize == 0) {
                    if (withoutPositions++ == 0) {
                        LOG.warn("{}: {} has no positions (velocities/forces only); such frames are skipped",
                            path(), where);
                    }
                    continue;
                }
                return decode ? new Frame(step, time, box, x) : new Frame(step, time, box, new float[0]);
            } catch (TruncatedInputException e) {
                throw InputException.at(path(), where, "truncated: " + e.getMessage());
            }
        }
        return null;
    }

    private static int realSize(int boxSize, int xSize, int vSize, int fSize, int natoms) {
        if (boxSize != 0) {
            return boxSize / 9;
        }
        if (xSize != 0) {
            return xSize / (3 * natoms);
        }
        if (vSize != 0) {
            return vSize / (3 * natoms);
        }
        if (fSize != 0) {
            return fSize / (3 * natoms);
        }
        return 0;
    }

    @Override
    public void close() {
        in.close();
    }
}
