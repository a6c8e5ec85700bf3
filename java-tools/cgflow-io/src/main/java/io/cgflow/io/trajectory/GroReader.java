package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Elements;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.text.Decimal;
import io.cgflow.io.text.TextInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GROMACS GRO reader (single or multi-frame). Coordinate fields are fixed-width with the width taken,
 * as GROMACS does, from the distance between the decimal points of the first atom line, so files
 * written with more decimals ({@code trjconv -ndec}) read at full precision. Time and step come from
 * {@code t=} and {@code step=} in the title line when present.
 */
public final class GroReader implements TrajectoryReader, RawFrameSource {
    private static final Pattern TIME = Pattern.compile("\\bt=\\s*([-+0-9.eE]+)");
    private static final Pattern STEP = Pattern.compile("\\bstep=\\s*([-+0-9]+)");
    /** Fewest bytes of a GRO atom line: 20 columns of names and numbers, three coordinates, the newline. */
    static final int MIN_ATOM_LINE = 24;
    private final TextInput in;
    private final ExpectedAtoms expectedAtoms;
    private int frameIndex;

    public GroReader(Path path) {
        this(path, 0);
    }

    /**
     * @param expectedAtoms the structure's atom count, checked against every frame's atom count line
     *                      before anything is allocated for it; 0 when unknown
     */
    public GroReader(Path path, int expectedAtoms) {
        this(path, ExpectedAtoms.of(expectedAtoms));
    }

    GroReader(Path path, ExpectedAtoms expectedAtoms) {
        this.in = new TextInput(path);
        this.expectedAtoms = expectedAtoms;
    }

    /** Reads the first frame of a GRO file as a structure: atoms, their names and guessed masses, box. */
    public static Structure readStructure(Path path) {
        try (GroReader r = new GroReader(path)) {
            RawGro raw = r.read();
            if (raw == null) {
                throw InputException.in(path, "empty GRO file: no atoms");
            }
            List<Atom> atoms = new ArrayList<>(raw.natoms);
            r.positions(raw, atoms);
            return new Structure(path, new Topology(atoms), raw.box);
        }
    }

    @Override
    public Path path() {
        return in.path();
    }

    @Override
    public long bytesRead() {
        return in.bytesRead();
    }

    /** A frame as read: title, box and count interpreted, atom lines as raw bytes for {@link #decode}. */
    record RawGro(String where, long step, double time, Box box, int natoms, TextInput.LineBlock lines) {
    }

    @Override
    public Frame next() {
        RawGro raw = read();
        return raw == null ? null : decode(raw);
    }

    @Override
    public Object nextRaw() {
        return read();
    }

    @Override
    public Frame decode(Object record) {
        RawGro raw = (RawGro) record;
        return new Frame(raw.step, raw.time, raw.box, positions(raw, null));
    }

    /**
     * Decodes a frame of {@link #nextRaw} with the names of its atoms: {@code atoms} is cleared and receives them
     * (names, residues, guessed elements and masses, as {@link #readStructure}).
     */
    public Frame decode(Object record, List<Atom> atoms) {
        RawGro raw = (RawGro) record;
        atoms.clear();
        positions(raw, atoms);
        return new Frame(raw.step, raw.time, raw.box, positions(raw, null));
    }

    private RawGro read() {
        String title = in.readLine();
        if (title == null) {
            return null;
        }
        if (title.isBlank()) {
            // an empty title is legal; blank lines at the very end of the file are not a frame
            String count = in.readLine();
            if (count == null || count.isBlank() && frameIndex > 0) {
                return null;
            }
            in.unread(count);
        }
        String where = "frame " + frameIndex;
        String countLine = in.requireLine("the atom count of " + where);
        int natoms = in.parseInt(countLine, "the atom count of " + where);
        if (natoms <= 0) {
            throw in.error("atom count " + natoms + " of " + where + " is not positive");
        }
        if (expectedAtoms.contradicts(natoms)) {
            throw in.error("GRO atom count line of " + where + " declares " + natoms + " atoms " + expectedAtoms.mismatch());
        }
        if (natoms > in.remaining() / MIN_ATOM_LINE) {
            throw in.error("GRO atom count line of " + where + " declares " + natoms + " atoms (an atom line has at "
                + "least " + MIN_ATOM_LINE + " bytes) but " + in.describeRemaining());
        }
        TextInput.LineBlock lines = in.readLines(natoms, k -> "atom " + k + " of " + natoms + " of " + where);
        String boxLine = in.requireLine("the box line of " + where);
        String[] t = boxLine.trim().split("\\s+");
        if (boxLine.isBlank()) {
            throw in.error("the box line is empty; a GRO box has 3 or 9 numbers (" + where + ")");
        }
        if (t.length != 3 && t.length != 9) {
            throw in.error("box line has " + t.length + " numbers; a GRO box has 3 or 9 (" + where + ")");
        }
        double[] v = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            v[k] = in.parseFinite(t[k], "box element " + (k + 1) + " (" + where + ")");
        }
        Box box = t.length == 3 ? Box.orthorhombic(v[0], v[1], v[2])
            : Box.ofVectors(v[0], v[3], v[4], v[5], v[1], v[6], v[7], v[8], v[2]);
        long step = Frame.NO_STEP;
        double time = Double.NaN;
        Matcher mt = TIME.matcher(title);
        if (mt.find()) {
            time = in.parseFinite(mt.group(1), "the time t= of the title of " + where);
        }
        Matcher ms = STEP.matcher(title);
        if (ms.find()) {
            step = in.parseLong(ms.group(1), "the step= of the title of " + where);
        }
        frameIndex++;
        return new RawGro(where, step, time, box, natoms, lines);
    }

    /**
     * Parses the coordinates of a frame's atom lines (thread-safe), or when {@code atoms} is given their names,
     * residues and guessed elements and masses instead (the coordinates come back as zeros).
     */
    private float[] positions(RawGro raw, List<Atom> atoms) {
        java.util.Map<String, Atom> kinds = atoms == null ? null : new java.util.HashMap<>();
        byte[] b = raw.lines.data();
        int natoms = raw.natoms;
        float[] x = new float[3 * natoms];
        int width = -1;
        int p = 0;
        for (int i = 0; i < natoms; i++) {
            int start = p;
            while (b[p] != '\n') {
                p++;
            }
            int end = p > start && b[p - 1] == '\r' ? p - 1 : p;
            p++;
            int lineNumber = raw.lines.firstLine() + i;
            if (width < 0) {
                width = fieldWidth(b, start, end, lineNumber);
            }
            if (end - start < 20 + 3 * width) {
                throw InputException.at(path(), "line " + lineNumber, "atom line too short for three coordinates of "
                    + "width " + width + " (" + raw.where + ")");
            }
            // a structure needs the names, not the coordinates (their fields' width is checked above)
            for (int d = 0; d < 3 && atoms == null; d++) {
                int fs = start + 20 + d * width;
                int fe = fs + width;
                while (fs < fe && b[fs] == ' ') {
                    fs++;
                }
                while (fe > fs && b[fe - 1] == ' ') {
                    fe--;
                }
                double v = Decimal.parse(b, fs, fe);
                if (!Double.isFinite(v)) {
                    throw TextInput.notFinite(new String(b, fs, fe - fs, StandardCharsets.ISO_8859_1),
                        "coordinate " + "xyz".charAt(d) + " of atom " + (i + 1) + " (" + raw.where + ")", path(),
                        "line " + lineNumber);
                }
                x[3 * i + d] = (float) v;
            }
            if (atoms != null) {
                // residue and atom name (columns 6-15) repeat from molecule to molecule: each distinct pair is
                // trimmed, and its element and mass guessed, once, and its strings are shared by its atoms
                String key = new String(b, start + 5, 10, StandardCharsets.ISO_8859_1);
                Atom kind = kinds.get(key);
                if (kind == null) {
                    String resName = key.substring(0, 5).trim();
                    String name = key.substring(5).trim();
                    String element = Elements.guess(name, resName);
                    double mass = element.isEmpty() ? 0.0 : Elements.mass(element).orElse(0.0);
                    kind = new Atom(name, resName, 0, element, "", mass);
                    kinds.put(key, kind);
                }
                atoms.add(new Atom(kind.name(), kind.residueName(), residueNumber(b, start, lineNumber), kind.element(),
                    "", kind.mass()));
            }
        }
        return x;
    }

    /** The residue number in columns 1-5 of the atom line at {@code start}: Integer.parseInt of the trimmed field. */
    private int residueNumber(byte[] b, int start, int lineNumber) {
        int p = start;
        int e = start + 5;
        while (p < e && (b[p] & 0xff) <= ' ') {
            p++;
        }
        while (e > p && (b[e - 1] & 0xff) <= ' ') {
            e--;
        }
        long value = Decimal.parseLong(b, p, e);
        if (value == Long.MIN_VALUE) {
            throw InputException.at(path(), "line " + lineNumber, "cannot read residue number from '"
                + new String(b, p, e - p, StandardCharsets.ISO_8859_1) + "'");
        }
        return (int) value; // five columns
    }

    /** Width of a coordinate field: distance between the first two decimal points after column 20. */
    private int fieldWidth(byte[] b, int start, int end, int lineNumber) {
        int p1 = -1;
        int p2 = -1;
        for (int k = start + 20; k < end; k++) {
            if (b[k] == '.') {
                if (p1 < 0) {
                    p1 = k;
                } else {
                    p2 = k;
                    break;
                }
            }
        }
        if (p1 < 0 || p2 < 0) {
            throw InputException.at(path(), "line " + lineNumber, "cannot find the coordinate columns of the atom line");
        }
        return p2 - p1;
    }

    @Override
    public void close() {
        in.close();
    }
}
