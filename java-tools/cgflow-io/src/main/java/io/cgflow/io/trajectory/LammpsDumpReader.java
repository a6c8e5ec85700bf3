package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.text.Decimal;
import io.cgflow.io.text.TextInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * LAMMPS text dump reader ({@code dump atom/custom}): any column order; positions from {@code x y z},
 * else {@code xu yu zu}, else scaled {@code xs ys zs}, else {@code xsu ysu zsu}; orthogonal and
 * restricted triclinic boxes ({@code BOX BOUNDS xy xz yz}); atoms sorted by {@code id}; lengths
 * converted with the unit style; time from {@code ITEM: TIME} when present, else step × timestep.
 * The reading thread parses only the few header lines of a frame and cuts out its atom lines as one
 * block of bytes ({@link #nextRaw}); the atom lines are parsed from the bytes, without a string per
 * line or field, by {@link #decode} (on several threads when the caller has them).
 */
public final class LammpsDumpReader implements TrajectoryReader, RawFrameSource {
    private static final List<String[]> COORDINATE_SETS = List.of(
        new String[] {"x", "y", "z"}, new String[] {"xu", "yu", "zu"},
        new String[] {"xs", "ys", "zs"}, new String[] {"xsu", "ysu", "zsu"});
    private final TextInput in;
    private final LammpsUnits units;
    private final double timestepPs;
    private final ExpectedAtoms expectedAtoms;
    private int frameIndex;
    /** Ids of the first frame, sorted; set by the reading thread before any other frame is decoded. */
    private long[] sortedIds;

    /**
     * @param timestepPs MD time step in ps, for frames without {@code ITEM: TIME}; NaN when unknown
     */
    public LammpsDumpReader(Path path, LammpsUnits units, double timestepPs) {
        this(path, units, timestepPs, 0);
    }

    /**
     * @param timestepPs    MD time step in ps, for frames without {@code ITEM: TIME}; NaN when unknown
     * @param expectedAtoms the structure's atom count, checked against every frame's NUMBER OF ATOMS
     *                      before anything is allocated for it; 0 when unknown
     */
    public LammpsDumpReader(Path path, LammpsUnits units, double timestepPs, int expectedAtoms) {
        this(path, units, timestepPs, ExpectedAtoms.of(expectedAtoms));
    }

    LammpsDumpReader(Path path, LammpsUnits units, double timestepPs, ExpectedAtoms expectedAtoms) {
        this.in = new TextInput(path);
        this.units = units;
        this.timestepPs = timestepPs;
        this.expectedAtoms = expectedAtoms;
    }

    @Override
    public Path path() {
        return in.path();
    }

    @Override
    public long bytesRead() {
        return in.bytesRead();
    }

    /**
     * A frame as read: its header, already interpreted, and its atom lines as raw bytes. The first frame
     * is decoded on the reading thread (it fixes the atom order), so it carries its frame.
     */
    record RawDump(String where, long step, double time, Box box, double[] origin, double[] cell, boolean scaled,
                   int natoms, int columns, int idColumn, int[] pos, String[] names, TextInput.LineBlock lines,
                   Frame decoded) {
    }

    @Override
    public Frame next() {
        RawDump raw = read(true);
        return raw == null ? null : decode(raw);
    }

    @Override
    public boolean skip() {
        return read(false) != null;
    }

    @Override
    public Object nextRaw() {
        return read(true);
    }

    private RawDump read(boolean keep) {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return null;
            }
        } while (line.isBlank());
        String where = "frame " + frameIndex;
        long step = Frame.NO_STEP;
        double time = Double.NaN;
        int natoms = -1;
        double[] bounds = null;
        double[] tilt = {0, 0, 0};
        while (true) {
            if (!line.startsWith("ITEM:")) {
                throw in.error("expected an 'ITEM:' line in " + where + ", found '" + abbreviate(line) + "'");
            }
            String item = line.substring(5).trim();
            if (item.equals("TIMESTEP")) {
                step = in.parseLong(in.requireLine("the time step of " + where), "the time step");
            } else if (item.equals("TIME")) {
                time = in.parseFinite(in.requireLine("the time of " + where), "the time") * units.timeToPs();
            } else if (item.equals("UNITS")) {
                in.requireLine("the unit style of " + where);
            } else if (item.startsWith("NUMBER OF ATOMS")) {
                natoms = in.parseInt(in.requireLine("the atom count of " + where), "the atom count");
                if (natoms <= 0) {
                    throw in.error("atom count " + natoms + " is not positive (" + where + ")");
                }
                if (expectedAtoms.contradicts(natoms)) {
                    throw in.error("ITEM: NUMBER OF ATOMS of " + where + " declares " + natoms
                        + " atoms " + expectedAtoms.mismatch());
                }
            } else if (item.startsWith("BOX BOUNDS")) {
                if (item.contains("abc origin")) {
                    throw in.error("general triclinic boxes (BOX BOUNDS abc origin) are not supported; "
                        + "dump with a restricted triclinic box");
                }
                boolean triclinic = item.contains("xy");
                bounds = new double[6];
                for (int d = 0; d < 3; d++) {
                    String[] t = in.requireLine("box bounds of " + where).trim().split("\\s+");
                    if (t.length < (triclinic ? 3 : 2)) {
                        throw in.error("box bounds line has " + t.length + " numbers (" + where + ")");
                    }
                    bounds[2 * d] = in.parseFinite(t[0], "box lower bound");
                    bounds[2 * d + 1] = in.parseFinite(t[1], "box upper bound");
                    if (triclinic) {
                        tilt[d] = in.parseFinite(t[2], "box tilt factor");
                    }
                }
            } else if (item.startsWith("ATOMS")) {
                if (natoms < 0 || bounds == null) {
                    throw in.error("ATOMS section before NUMBER OF ATOMS and BOX BOUNDS (" + where + ")");
                }
                break;
            } else {
                throw in.error("unknown dump section 'ITEM: " + item + "' (" + where + ")");
            }
            line = in.requireLine("the next ITEM of " + where);
        }
        // restricted triclinic: xy, xz, yz; bounds include the tilt
        double xy = tilt[0];
        double xz = tilt[1];
        double yz = tilt[2];
        double xlo = bounds[0] - Math.min(Math.min(0.0, xy), Math.min(xz, xy + xz));
        double xhi = bounds[1] - Math.max(Math.max(0.0, xy), Math.max(xz, xy + xz));
        double ylo = bounds[2] - Math.min(0.0, yz);
        double yhi = bounds[3] - Math.max(0.0, yz);
        double zlo = bounds[4];
        double zhi = bounds[5];
        double lx = xhi - xlo;
        double ly = yhi - ylo;
        double lz = zhi - zlo;
        double f = units.lengthToNm();
        Box box = Box.ofVectors(lx * f, 0, 0, xy * f, ly * f, 0, xz * f, yz * f, lz * f);

        String[] columns = line.substring(line.indexOf("ATOMS") + 5).trim().split("\\s+");
        int idColumn = indexOf(columns, "id");
        int[] pos = null;
        boolean scaled = false;
        for (String[] set : COORDINATE_SETS) {
            int cx = indexOf(columns, set[0]);
            int cy = indexOf(columns, set[1]);
            int cz = indexOf(columns, set[2]);
            if (cx >= 0 && cy >= 0 && cz >= 0) {
                pos = new int[] {cx, cy, cz};
                scaled = set[0].startsWith("xs");
                break;
            }
        }
        if (pos == null) {
            throw in.error("ATOMS columns " + Arrays.toString(columns) + " have no positions (x y z, xu yu zu, "
                + "xs ys zs or xsu ysu zsu)");
        }
        // every column of an atom line is at least one character and a blank
        long minLine = 2L * columns.length;
        if (natoms > in.remaining() / minLine) {
            throw in.error("ITEM: NUMBER OF ATOMS of " + where + " declares " + natoms + " atoms (an atom line of "
                + columns.length + " columns has at least " + minLine + " bytes) but " + in.describeRemaining());
        }
        final int count = natoms;
        TextInput.LineBlock lines = in.readLines(natoms, k -> "atom " + k + " of " + count + " of " + where);
        if (Double.isNaN(time) && step != Frame.NO_STEP && !Double.isNaN(timestepPs)) {
            time = step * timestepPs;
        }
        frameIndex++;
        if (!keep) {
            return new RawDump(where, step, time, box, null, null, scaled, natoms, columns.length, idColumn, pos,
                columns, null, null);
        }
        RawDump raw = new RawDump(where, step, time, box, new double[] {xlo, ylo, zlo},
            new double[] {lx, ly, lz, xy, xz, yz}, scaled, natoms, columns.length, idColumn, pos, columns, lines, null);
        if (sortedIds == null) {
            // the first frame sets the atom order that every other frame is sorted into
            Frame first = parse(raw, true);
            return new RawDump(where, step, time, box, null, null, scaled, natoms, columns.length, idColumn, pos,
                columns, null, first);
        }
        return raw;
    }

    @Override
    public Frame decode(Object record) {
        RawDump raw = (RawDump) record;
        return raw.decoded != null ? raw.decoded : parse(raw, false);
    }

    /** Parses the atom lines of a frame; thread-safe unless {@code first}. */
    private Frame parse(RawDump raw, boolean first) {
        int natoms = raw.natoms;
        byte[] b = raw.lines.data();
        int end = raw.lines.length();
        int columns = raw.columns;
        int idColumn = raw.idColumn;
        int px = raw.pos[0];
        int py = raw.pos[1];
        int pz = raw.pos[2];
        long[] ids = new long[natoms];
        double[] xyz = new double[3 * natoms];
        int p = 0;
        for (int i = 0; i < natoms; i++) {
            int column = 0;
            int lineStart = p;
            while (true) {
                while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r')) {
                    p++;
                }
                if (p >= end || b[p] == '\n') {
                    break;
                }
                int s = p;
                while (p < end && b[p] != ' ' && b[p] != '\t' && b[p] != '\r' && b[p] != '\n') {
                    p++;
                }
                if (column == idColumn) {
                    long id = Decimal.parseLong(b, s, p);
                    if (id == Long.MIN_VALUE) {
                        throw error(raw, i, "cannot read atom id from '" + token(b, s, p) + "'");
                    }
                    ids[i] = id;
                }
                int d = column == px ? 0 : column == py ? 1 : column == pz ? 2 : -1;
                if (d >= 0) {
                    double v = Decimal.parse(b, s, p);
                    if (!Double.isFinite(v)) {
                        throw TextInput.notFinite(token(b, s, p), raw.names[column] + " of atom "
                            + (idColumn >= 0 ? "id " + ids[i] : String.valueOf(i + 1)) + " (" + raw.where + ")", path(),
                            "line " + (raw.lines.firstLine() + i));
                    }
                    xyz[3 * i + d] = v;
                }
                column++;
            }
            if (column != columns) {
                throw error(raw, i, "atom line has " + column + " columns, the ATOMS header names " + columns
                    + " (" + raw.where + ")");
            }
            if (idColumn < 0) {
                ids[i] = i + 1;
            }
            p++; // the newline
            if (p > end && i < natoms - 1) {
                throw error(raw, i, "atom lines end early (" + raw.where + ") at byte " + lineStart);
            }
        }
        double f = units.lengthToNm();
        float[] x = new float[3 * natoms];
        int[] order = order(ids, raw, first);
        double xlo = raw.origin[0];
        double ylo = raw.origin[1];
        double zlo = raw.origin[2];
        double lx = raw.cell[0];
        double ly = raw.cell[1];
        double lz = raw.cell[2];
        double xy = raw.cell[3];
        double xz = raw.cell[4];
        double yz = raw.cell[5];
        for (int i = 0; i < natoms; i++) {
            double ax = xyz[3 * i];
            double ay = xyz[3 * i + 1];
            double az = xyz[3 * i + 2];
            if (raw.scaled) {
                double sx = ax;
                double sy = ay;
                double sz = az;
                ax = xlo + sx * lx + sy * xy + sz * xz;
                ay = ylo + sy * ly + sz * yz;
                az = zlo + sz * lz;
            }
            int k = order[i];
            x[3 * k] = (float) (ax * f);
            x[3 * k + 1] = (float) (ay * f);
            x[3 * k + 2] = (float) (az * f);
        }
        return new Frame(raw.step, raw.time, raw.box, x);
    }

    private InputException error(RawDump raw, int atomIndex, String problem) {
        return InputException.at(path(), "line " + (raw.lines.firstLine() + atomIndex), problem);
    }

    private static String token(byte[] b, int s, int e) {
        return new String(b, s, Math.min(e - s, 60), StandardCharsets.ISO_8859_1);
    }

    /** Destination index of every line: rank of its id among the ids of the first frame. */
    private int[] order(long[] ids, RawDump raw, boolean first) {
        int n = ids.length;
        String where = raw.where;
        long[] sorted = sortedIds;
        if (first) {
            sorted = ids.clone();
            Arrays.sort(sorted);
            for (int i = 1; i < n; i++) {
                if (sorted[i] == sorted[i - 1]) {
                    throw InputException.at(path(), where, "atom id " + sorted[i] + " appears twice");
                }
            }
            sortedIds = sorted;
        } else if (sorted.length != n) {
            throw InputException.at(path(), where, "has " + n + " atoms, the first frame " + sorted.length);
        }
        boolean contiguous = sorted[0] == 1 && sorted[n - 1] == n;
        int[] order = new int[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int k = contiguous ? (ids[i] >= 1 && ids[i] <= n ? (int) (ids[i] - 1) : -1)
                : Arrays.binarySearch(sorted, ids[i]);
            if (k < 0 || k >= n || sorted[k] != ids[i]) {
                throw error(raw, i, "atom id " + ids[i] + " is not among the ids of the first frame (" + where + ")");
            }
            if (seen[k]) {
                throw error(raw, i, "atom id " + ids[i] + " appears twice (" + where + ")");
            }
            seen[k] = true;
            order[i] = k;
        }
        return order;
    }

    private static int indexOf(String[] columns, String name) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    @Override
    public void close() {
        in.close();
    }
}
