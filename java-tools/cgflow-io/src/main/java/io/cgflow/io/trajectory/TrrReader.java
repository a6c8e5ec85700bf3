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
    private final ExpectedAtoms expectedAtoms;
    private int frameIndex;
    private int withoutPositions;

    public TrrReader(Path path) {
        this(path, 0);
    }

    /**
     * @param expectedAtoms the structure's atom count, checked against every frame header before
     *                      anything is allocated for it; 0 when unknown
     */
    public TrrReader(Path path, int expectedAtoms) {
        this(path, ExpectedAtoms.of(expectedAtoms));
    }

    TrrReader(Path path, ExpectedAtoms expectedAtoms) {
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
                if (irSize < 0 || eSize < 0 || topSize < 0 || symSize < 0 || virSize < 0 || presSize < 0
                    || vSize < 0 || fSize < 0 || xSize < 0 || boxSize < 0) {
                    throw InputException.at(path(), where, "negative block size: corrupted");
                }
                if (expectedAtoms.contradicts(natoms) && (xSize != 0 || vSize != 0 || fSize != 0)) {
                    throw InputException.at(path(), where, "TRR header declares " + natoms
                        + " atoms " + expectedAtoms.mismatch());
                }
                checkBlocks(where, new String[] {"ir", "energy", "box", "virial", "pressure", "topology", "symmetry",
                    "position", "velocity", "force"}, new int[] {irSize, eSize, boxSize, virSize, presSize, topSize,
                    symSize, xSize, vSize, fSize});
                int real = realSize(boxSize, xSize, vSize, fSize, natoms);
                if (real != 4 && real != 8) {
                    throw InputException.at(path(), where, "cannot tell single from double precision (block sizes "
                        + "box " + boxSize + ", x " + xSize + " for " + natoms + " atoms): corrupted");
                }
                if (xSize != 0 && xSize != 3L * natoms * real) {
                    throw InputException.at(path(), where, "TRR header declares " + natoms + " atoms but the position "
                        + "block of " + xSize + " bytes holds " + xSize / (3 * real) + ": corrupted");
                }
                if (boxSize != 0 && boxSize != 9 * real) {
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
                    // read before allocating: the array follows data that exists
                    java.nio.ByteBuffer block = in.view(xSize);
                    x = new float[3 * natoms];
                    if (real == 4) {
                        block.asFloatBuffer().get(x);
                    } else {
                        java.nio.DoubleBuffer d = block.asDoubleBuffer();
                        for (int i = 0; i < x.length; i++) {
                            x[i] = (float) d.get(i);
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

    /** Checks that the declared data blocks fit in what is left of the file, naming the largest if not. */
    private void checkBlocks(String where, String[] names, int[] sizes) {
        long total = 0;
        int largest = 0;
        for (int k = 0; k < sizes.length; k++) {
            total += sizes[k];
            if (sizes[k] > sizes[largest]) {
                largest = k;
            }
        }
        if (total > in.remaining()) {
            throw InputException.at(path(), where, "TRR header declares " + total + " bytes of data blocks (the "
                + names[largest] + " block " + sizes[largest] + ") but " + in.describeRemaining());
        }
    }

    private static int realSize(int boxSize, int xSize, int vSize, int fSize, int natoms) {
        if (boxSize != 0) {
            return boxSize / 9;
        }
        if (xSize != 0) {
            return (int) (xSize / (3L * natoms));
        }
        if (vSize != 0) {
            return (int) (vSize / (3L * natoms));
        }
        if (fSize != 0) {
            return (int) (fSize / (3L * natoms));
        }
        return 0;
    }

    @Override
    public void close() {
        in.close();
    }
}
