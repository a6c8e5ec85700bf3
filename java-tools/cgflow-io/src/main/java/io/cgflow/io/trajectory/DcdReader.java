package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.binary.BinaryInput;
import io.cgflow.io.binary.TruncatedInputException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * DCD reader for the CHARMM, NAMD and LAMMPS flavours (and X-PLOR headers), either byte order
 * (detected from the first record marker). The unit cell record holds {@code A, γ, B, β, α, C}; angles
 * stored as cosines (all three within [−1, 1], as NAMD ≥ 2.5, newer CHARMM and LAMMPS write them) are
 * converted to degrees, as VMD and MDAnalysis do. Positions and lengths are in Å, converted to nm.
 * Step = ISTART + k·NSAVC; time = step · DELTA, with DELTA in AKMA time units (48.88821 fs) for the
 * CHARMM flavour, unless a time step in ps is given. Fixed-atom files (NAMNF &gt; 0) are refused.
 */
public final class DcdReader implements TrajectoryReader {
    /** One AKMA time unit in ps. */
    public static final double AKMA_PS = 0.04888821;
    private static final double ANGSTROM = 0.1;
    private final BinaryInput in;
    private final int natoms;
    private final boolean unitCell;
    private final boolean fourDims;
    private final long istart;
    private final long nsavc;
    private final double deltaPs;
    private int frameIndex;

    /**
     * @param timestepPs ps per MD step to override the header's DELTA, or NaN to use the header
     */
    public DcdReader(Path path, double timestepPs) {
        this(path, timestepPs, 0);
    }

    /**
     * @param timestepPs    ps per MD step to override the header's DELTA, or NaN to use the header
     * @param expectedAtoms the structure's atom count, checked against the header before anything is
     *                      allocated for frames; 0 when unknown
     */
    public DcdReader(Path path, double timestepPs, int expectedAtoms) {
        this(path, timestepPs, ExpectedAtoms.of(expectedAtoms));
    }

    DcdReader(Path path, double timestepPs, ExpectedAtoms expectedAtoms) {
        BinaryInput input = new BinaryInput(path, ByteOrder.LITTLE_ENDIAN);
        this.in = input;
        try {
            if (input.sizeExact() && input.size() < 4) {
                throw InputException.at(path, "byte 0", "file too short for a DCD header");
            }
            int first = input.readInt();
            if (first != 84) {
                if (Integer.reverseBytes(first) == 84) {
                    input.order(ByteOrder.BIG_ENDIAN);
                } else {
                    throw InputException.at(path, "byte 0", "first record marker is " + first
                        + ", not 84 in either byte order: not a DCD file (or 64-bit record markers, unsupported)");
                }
            }
            byte[] cord = new byte[4];
            input.readFully(cord, 0, 4);
            String magic = new String(cord, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!magic.equals("CORD")) {
                throw InputException.at(path, "byte 4", "header magic is '" + magic + "', not 'CORD'");
            }
            int[] icntrl = new int[20];
            for (int i = 0; i < 20; i++) {
                icntrl[i] = input.readInt();
            }
            expectMarker(84, "header");
            boolean charmm = icntrl[19] != 0;
            this.istart = icntrl[1];
            this.nsavc = icntrl[2] == 0 ? 1 : icntrl[2];
            if (icntrl[8] != 0) {
                throw InputException.at(path, "header", icntrl[8] + " fixed atoms (NAMNF): fixed-atom DCD files are "
                    + "not supported");
            }
            double delta = charmm ? Float.intBitsToFloat(icntrl[9])
                : Double.longBitsToDouble(input.order() == ByteOrder.LITTLE_ENDIAN
                    ? (icntrl[10] & 0xffffffffL) << 32 | (icntrl[9] & 0xffffffffL)
                    : (icntrl[9] & 0xffffffffL) << 32 | (icntrl[10] & 0xffffffffL));
            this.deltaPs = !Double.isNaN(timestepPs) ? timestepPs : charmm ? delta * AKMA_PS : delta;
            this.unitCell = charmm && icntrl[10] != 0;
            this.fourDims = charmm && icntrl[11] != 0;
            int titleLength = input.readInt();
            if (titleLength < 4 || titleLength > 1 << 20) {
                throw InputException.at(path, "title record", "record length " + titleLength + " is invalid");
            }
            if (titleLength > input.remaining()) {
                throw InputException.at(path, "title record (byte " + (input.position() - 4) + ")", "DCD header "
                    + "declares a title of " + titleLength + " bytes but " + input.describeRemaining());
            }
            input.skip(titleLength);
            expectMarker(titleLength, "title record");
            expectMarker(4, "atom-count record");
            this.natoms = input.readInt();
            expectMarker(4, "atom-count record");
            if (natoms <= 0) {
                throw InputException.at(path, "header", "atom count " + natoms + " is not positive");
            }
            if (expectedAtoms.contradicts(natoms)) {
                throw InputException.at(path, "header", "DCD header declares " + natoms
                    + " atoms " + expectedAtoms.mismatch());
            }
            long frameBytes = 12L * natoms + 24 + (unitCell ? 56 : 0);
            if (4L * natoms > Integer.MAX_VALUE - 8 || !input.atEnd() && frameBytes > input.remaining()) {
                throw InputException.at(path, "header (byte " + (input.position() - 8) + ")", "DCD header "
                    + "declares " + natoms + " atoms, a frame of " + frameBytes + " bytes, but "
                    + input.describeRemaining());
            }
        } catch (TruncatedInputException e) {
            input.close();
            throw InputException.at(path, "header", "truncated: " + e.getMessage());
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private void expectMarker(int expected, String record) {
        long at = in.position();
        int marker = in.readInt();
        if (marker != expected) {
            throw InputException.at(path(), record + " (byte " + at + ")", "record marker " + marker
                + " where " + expected + " was expected: corrupted");
        }
    }

    /** Atom count from the header. */
    public int atomCount() {
        return natoms;
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
        if (in.atEnd()) {
            return null;
        }
        long offset = in.position();
        String where = "frame " + frameIndex + " (byte " + offset + ")";
        try {
            Box box = null;
            if (unitCell) {
                expectMarker(48, where + " unit cell");
                double[] uc = new double[6];
                for (int i = 0; i < 6; i++) {
                    uc[i] = in.readDouble();
                }
                expectMarker(48, where + " unit cell");
                box = unitCellBox(uc);
            }
            float[] x = null;
            for (int d = 0; d < 3; d++) {
                expectMarker(4 * natoms, where + " " + "XYZ".charAt(d) + " record");
                if (decode) {
                    java.nio.FloatBuffer fb = in.view(4 * natoms).asFloatBuffer();
                    if (x == null) {
                        x = new float[3 * natoms]; // after the data has arrived: bounded by the file
                    }
                    for (int i = 0; i < natoms; i++) {
                        x[3 * i + d] = (float) (fb.get(i) * ANGSTROM);
                    }
                } else {
                    in.skip(4L * natoms);
                }
                expectMarker(4 * natoms, where + " " + "XYZ".charAt(d) + " record");
            }
            if (fourDims) {
                int len = in.readInt();
                if (len < 0 || len > in.remaining()) {
                    throw InputException.at(path(), where + " 4th-dimension record", "record length " + len
                        + " but " + in.describeRemaining());
                }
                in.skip(len);
                expectMarker(len, where + " 4th-dimension record");
            }
            long step = istart + frameIndex * nsavc;
            frameIndex++;
            return new Frame(step, step * deltaPs, box, decode ? x : new float[0]);
        } catch (TruncatedInputException e) {
            throw InputException.at(path(), where, "truncated: " + e.getMessage());
        }
    }

    static Box unitCellBox(double[] uc) {
        double a = uc[0];
        double b = uc[2];
        double c = uc[5];
        double alpha = uc[4];
        double beta = uc[3];
        double gamma = uc[1];
        if (Math.abs(alpha) <= 1 && Math.abs(beta) <= 1 && Math.abs(gamma) <= 1) {
            alpha = 90.0 - Math.toDegrees(Math.asin(alpha));
            beta = 90.0 - Math.toDegrees(Math.asin(beta));
            gamma = 90.0 - Math.toDegrees(Math.asin(gamma));
        }
        if (!(a > 0 && b > 0 && c > 0)) {
            return Box.ofVectors(a * ANGSTROM, 0, 0, 0, b * ANGSTROM, 0, 0, 0, c * ANGSTROM);
        }
        return Box.fromLengthsAndAngles(a * ANGSTROM, b * ANGSTROM, c * ANGSTROM, alpha, beta, gamma);
    }

    @Override
    public void close() {
        in.close();
    }
}
