package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.text.Decimal;
import io.cgflow.io.text.TextInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XYZ reader, plain and extended (extxyz): the comment line may carry {@code Lattice="ax ay az bx by bz
 * cx cy cz"} (box vectors, Å), {@code Properties=species:S:1:pos:R:3…} (column layout), {@code Time=}
 * (ps) and {@code step=}. Positions are in Å and converted to nm. Without a lattice the frame has no
 * box (the structure file's box is used).
 */
public final class XyzReader implements TrajectoryReader, RawFrameSource {
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|'([^']*)'|(\\S+))");
    private static final double ANGSTROM = 0.1;
    private final TextInput in;
    private final ExpectedAtoms expectedAtoms;
    private int frameIndex;

    public XyzReader(Path path) {
        this(path, 0);
    }

    /**
     * @param expectedAtoms the structure's atom count, checked against every frame's atom count line
     *                      before anything is allocated for it; 0 when unknown
     */
    public XyzReader(Path path, int expectedAtoms) {
        this(path, ExpectedAtoms.of(expectedAtoms));
    }

    XyzReader(Path path, ExpectedAtoms expectedAtoms) {
        this.in = new TextInput(path);
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

    static Map<String, String> parseComment(String comment) {
        Map<String, String> kv = new HashMap<>();
        Matcher m = KEY_VALUE.matcher(comment);
        while (m.find()) {
            String v = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
            kv.put(m.group(1).toLowerCase(Locale.ROOT), v);
        }
        return kv;
    }

    private RawXyz read() {
        String countLine;
        do {
            countLine = in.readLine();
            if (countLine == null) {
                return null;
            }
        } while (countLine.isBlank());
        String where = "frame " + frameIndex;
        int natoms = in.parseInt(countLine, "the atom count of " + where);
        int countLineNumber = in.lineNumber();
        if (natoms <= 0) {
            throw in.error("atom count " + natoms + " of " + where + " is not positive");
        }
        Map<String, String> kv = parseComment(in.requireLine("the comment line of " + where));
        Box box = null;
        if (kv.containsKey("lattice")) {
            String[] t = kv.get("lattice").trim().split("\\s+");
            if (t.length != 9) {
                throw in.error("Lattice has " + t.length + " numbers; it needs the 9 components of a, b, c");
            }
            double[] m = new double[9];
            for (int k = 0; k < 9; k++) {
                m[k] = ANGSTROM * in.parseFinite(t[k], "Lattice component " + (k + 1));
            }
            box = Box.ofMatrix(m);
        }
        int posColumn = positionColumn(kv.get("properties"));
        if (expectedAtoms.contradicts(natoms)) {
            throw InputException.at(path(), "line " + countLineNumber, "XYZ atom count line of " + where + " declares "
                + natoms + " atoms " + expectedAtoms.mismatch());
        }
        // an atom line holds at least the columns before the positions and three numbers, each with a blank
        long minLine = 2L * (posColumn + 3);
        if (natoms > in.remaining() / minLine) {
            throw InputException.at(path(), "line " + countLineNumber, "XYZ atom count line of " + where + " declares "
                + natoms + " atoms (an atom line has at least " + minLine + " bytes) but " + in.describeRemaining());
        }
        long step = kv.containsKey("step") ? in.parseLong(kv.get("step"), "step") : Frame.NO_STEP;
        double time = kv.containsKey("time") ? in.parseFinite(kv.get("time"), "Time") : Double.NaN;
        TextInput.LineBlock lines = in.readLines(natoms, k -> "atom " + k + " of " + natoms + " of " + where);
        frameIndex++;
        return new RawXyz(where, step, time, box, natoms, posColumn, lines);
    }

    /** A frame as read: count and comment line interpreted, atom lines as raw bytes for {@link #decode}. */
    record RawXyz(String where, long step, double time, Box box, int natoms, int posColumn, TextInput.LineBlock lines) {
    }

    @Override
    public Frame next() {
        RawXyz raw = read();
        return raw == null ? null : decode(raw);
    }

    @Override
    public Object nextRaw() {
        return read();
    }

    /** Parses the positions of a frame's atom lines; thread-safe. */
    @Override
    public Frame decode(Object record) {
        RawXyz raw = (RawXyz) record;
        byte[] b = raw.lines.data();
        int end = raw.lines.length();
        int posColumn = raw.posColumn;
        float[] x = new float[3 * raw.natoms];
        int p = 0;
        for (int i = 0; i < raw.natoms; i++) {
            int column = 0;
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
                int d = column - posColumn;
                if (d >= 0 && d < 3) {
                    double v = Decimal.parse(b, s, p);
                    if (!Double.isFinite(v)) {
                        throw TextInput.notFinite(new String(b, s, Math.min(p - s, 60), StandardCharsets.ISO_8859_1),
                            "xyz".charAt(d) + " of atom " + (i + 1) + " (" + raw.where + ")", path(),
                            "line " + (raw.lines.firstLine() + i));
                    }
                    x[3 * i + d] = (float) (ANGSTROM * v);
                }
                column++;
            }
            if (column < posColumn + 3) {
                throw InputException.at(path(), "line " + (raw.lines.firstLine() + i), "atom line has " + column
                    + " columns; positions are in columns " + (posColumn + 1) + "-" + (posColumn + 3) + " ("
                    + raw.where + ")");
            }
            p++; // the newline
        }
        return new Frame(raw.step, raw.time, raw.box, x);
    }

    /** Index of the first position column from an extxyz Properties value (default: after the species). */
    private int positionColumn(String properties) {
        if (properties == null) {
            return 1;
        }
        String[] p = properties.split(":");
        if (p.length % 3 != 0) {
            throw in.error("Properties '" + properties + "' is not a list of name:type:count triples");
        }
        int column = 0;
        for (int k = 0; k < p.length; k += 3) {
            int count = in.parseInt(p[k + 2], "Properties column count");
            if (p[k].equalsIgnoreCase("pos")) {
                if (count != 3) {
                    throw in.error("Properties declares pos with " + count + " columns, not 3");
                }
                return column;
            }
            column += count;
        }
        throw in.error("Properties '" + properties + "' has no pos entry");
    }

    @Override
    public void close() {
        in.close();
    }
}
