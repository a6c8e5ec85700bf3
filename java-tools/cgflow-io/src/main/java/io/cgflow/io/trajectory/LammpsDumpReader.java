package io.cgflow.io.trajectory;

import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.text.TextInput;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * LAMMPS text dump reader ({@code dump atom/custom}): any column order; positions from {@code x y z},
 * else {@code xu yu zu}, else scaled {@code xs ys zs}, else {@code xsu ysu zsu}; orthogonal and
 * restricted triclinic boxes ({@code BOX BOUNDS xy xz yz}); atoms sorted by {@code id}; lengths
 * converted with the unit style; time from {@code ITEM: TIME} when present, else step × timestep.
 */
public final class LammpsDumpReader implements TrajectoryReader {
    private static final List<String[]> COORDINATE_SETS = List.of(
        new String[] {"x", "y", "z"}, new String[] {"xu", "yu", "zu"},
        new String[] {"xs", "ys", "zs"}, new String[] {"xsu", "ysu", "zsu"});
    private final TextInput in;
    private final LammpsUnits units;
    private final double timestepPs;
    private int frameIndex;
    private long[] sortedIds;

    /**
     * @param timestepPs MD time step in ps, for frames without {@code ITEM: TIME}; NaN when unknown
     */
    public LammpsDumpReader(Path path, LammpsUnits units, double timestepPs) {
        this.in = new TextInput(path);
        this.units = units;
        this.timestepPs = timestepPs;
    }

    @Override
    public Path path() {
        return in.path();
    }

    @Override
    public long bytesRead() {
        return in.bytesRead();
    }

    @Override
    public Frame next() {
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
        int needed = Math.max(idColumn, Math.max(pos[0], Math.max(pos[1], pos[2]))) + 1;
        long[] ids = new long[natoms];
        double[] raw = new double[3 * natoms];
        final int count = natoms;
        for (int i = 0; i < natoms; i++) {
            final int atom = i + 1;
            String[] t = in.requireLine(() -> "atom " + atom + " of " + count + " of " + where).trim().split("\\s+");
            if (t.length < needed || t.length != columns.length) {
                throw in.error("atom line has " + t.length + " columns, the ATOMS header names " + columns.length
                    + " (" + where + ")");
            }
            ids[i] = idColumn >= 0 ? in.parseLong(t[idColumn], "atom id") : i + 1;
            for (int d = 0; d < 3; d++) {
                final String column = columns[pos[d]];
                final long id = ids[i];
                raw[3 * i + d] = in.parseFinite(t[pos[d]], () -> column + " of atom id " + id + " (" + where + ")");
            }
        }
        float[] x = new float[3 * natoms];
        int[] order = order(ids, where);
        for (int i = 0; i < natoms; i++) {
            double px = raw[3 * i];
            double py = raw[3 * i + 1];
            double pz = raw[3 * i + 2];
            if (scaled) {
                double sx = px;
                double sy = py;
                double sz = pz;
                px = xlo + sx * lx + sy * xy + sz * xz;
                py = ylo + sy * ly + sz * yz;
                pz = zlo + sz * lz;
            }
            int k = order[i];
            x[3 * k] = (float) (px * f);
            x[3 * k + 1] = (float) (py * f);
            x[3 * k + 2] = (float) (pz * f);
        }
        if (Double.isNaN(time) && step != Frame.NO_STEP && !Double.isNaN(timestepPs)) {
            time = step * timestepPs;
        }
        frameIndex++;
        return new Frame(step, time, box, x);
    }

    /** Destination index of every line: rank of its id among the ids of the first frame. */
    private int[] order(long[] ids, String where) {
        int n = ids.length;
        if (sortedIds == null) {
            sortedIds = ids.clone();
            Arrays.sort(sortedIds);
            for (int i = 1; i < n; i++) {
                if (sortedIds[i] == sortedIds[i - 1]) {
                    throw in.error("atom id " + sortedIds[i] + " appears twice (" + where + ")");
                }
            }
        } else if (sortedIds.length != n) {
            throw in.error(where + " has " + n + " atoms, the first frame " + sortedIds.length);
        }
        boolean contiguous = sortedIds[0] == 1 && sortedIds[n - 1] == n;
        int[] order = new int[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int k = contiguous ? (int) (ids[i] - 1) : Arrays.binarySearch(sortedIds, ids[i]);
            if (k < 0 || k >= n || sortedIds[k] != ids[i]) {
                throw in.error("atom id " + ids[i] + " is not among the ids of the first frame (" + where + ")");
            }
            if (seen[k]) {
                throw in.error("atom id " + ids[i] + " appears twice (" + where + ")");
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
