package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Elements;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.text.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PDB reader: one frame per MODEL/ENDMDL block (or one frame for a file without MODEL records), box
 * from CRYST1 (Å and degrees; the 1 Å unit cell of NMR entries means no box), ATOM/HETATM positions
 * in Å, converted to nm. Time and step come from {@code t=}/{@code step=} in TITLE or REMARK lines
 * (as GROMACS writes them).
 */
public final class PdbReader implements TrajectoryReader {
    private static final Pattern TIME = Pattern.compile("\\bt=\\s*([-+0-9.eE]+)");
    private static final Pattern STEP = Pattern.compile("\\bstep=\\s*([-+0-9]+)");
    private static final double ANGSTROM = 0.1;
    private final TextInput in;
    private int frameIndex;
    private int expectedAtoms = -1;
    private List<Atom> atoms;

    public PdbReader(Path path) {
        this.in = new TextInput(path);
    }

    public static Structure readStructure(Path path) {
        try (PdbReader r = new PdbReader(path)) {
            r.atoms = new ArrayList<>();
            Frame f = r.next();
            if (f == null) {
                throw InputException.in(path, "no ATOM or HETATM records");
            }
            return new Structure(path, new Topology(r.atoms), f.box());
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

    @Override
    public Frame next() {
        Box box = null;
        long step = Frame.NO_STEP;
        double time = Double.NaN;
        float[] x = expectedAtoms > 0 ? new float[3 * expectedAtoms] : new float[3 * 1024];
        int n = 0;
        boolean inModel = false;
        String line;
        while ((line = in.readLine()) != null) {
            String record = line.length() >= 6 ? line.substring(0, 6) : line;
            if (record.startsWith("ATOM") || record.startsWith("HETATM")) {
                if (line.length() < 54) {
                    throw in.error("ATOM record shorter than 54 columns: no room for x, y, z");
                }
                if (3 * n + 3 > x.length) {
                    x = java.util.Arrays.copyOf(x, 2 * x.length);
                }
                final int atom = n + 1;
                final int frame = frameIndex;
                x[3 * n] = (float) (ANGSTROM * in.parseFinite(line, 30, 38,
                    () -> "x of atom " + atom + " (frame " + frame + ")"));
                x[3 * n + 1] = (float) (ANGSTROM * in.parseFinite(line, 38, 46,
                    () -> "y of atom " + atom + " (frame " + frame + ")"));
                x[3 * n + 2] = (float) (ANGSTROM * in.parseFinite(line, 46, 54,
                    () -> "z of atom " + atom + " (frame " + frame + ")"));
                if (atoms != null) {
                    atoms.add(atom(line));
                }
                n++;
            } else if (record.startsWith("CRYST1")) {
                box = cryst1(line);
            } else if (record.startsWith("TITLE") || record.startsWith("REMARK")) {
                Matcher mt = TIME.matcher(line);
                if (mt.find()) {
                    time = in.parseFinite(mt.group(1), "the time t= of the " + record.trim() + " record");
                }
                Matcher ms = STEP.matcher(line);
                if (ms.find()) {
                    step = in.parseLong(ms.group(1), "the step= of the " + record.trim() + " record");
                }
            } else if (record.startsWith("MODEL")) {
                inModel = true;
            } else if (record.startsWith("ENDMDL") || record.startsWith("END") && n > 0) {
                if (n > 0 || inModel) {
                    break;
                }
            }
        }
        if (n == 0) {
            return null;
        }
        if (expectedAtoms < 0) {
            expectedAtoms = n;
        } else if (n != expectedAtoms) {
            throw in.error("model " + frameIndex + " has " + n + " atoms but the first model has " + expectedAtoms);
        }
        frameIndex++;
        return new Frame(step, time, box, x.length == 3 * n ? x : java.util.Arrays.copyOf(x, 3 * n));
    }

    private Box cryst1(String line) {
        String padded = String.format("%-70s", line);
        double a = in.parseFinite(padded.substring(6, 15), "CRYST1 a");
        double b = in.parseFinite(padded.substring(15, 24), "CRYST1 b");
        double c = in.parseFinite(padded.substring(24, 33), "CRYST1 c");
        double alpha = in.parseFinite(padded.substring(33, 40), "CRYST1 alpha");
        double beta = in.parseFinite(padded.substring(40, 47), "CRYST1 beta");
        double gamma = in.parseFinite(padded.substring(47, 54), "CRYST1 gamma");
        if (a == 1.0 && b == 1.0 && c == 1.0) {
            return null;
        }
        return Box.fromLengthsAndAngles(a * ANGSTROM, b * ANGSTROM, c * ANGSTROM, alpha, beta, gamma);
    }

    private Atom atom(String line) {
        String name = line.substring(12, 16).trim();
        String resName = line.substring(17, Math.min(21, line.length())).trim();
        int resId = 0;
        String resField = line.substring(22, 26).trim();
        if (!resField.isEmpty()) {
            resId = in.parseInt(resField, "residue number");
        }
        String element = line.length() >= 78 ? Elements.normalise(line.substring(76, 78)) : "";
        if (element.isEmpty() || Elements.mass(element).isEmpty()) {
            element = Elements.guess(name, resName);
        }
        double mass = element.isEmpty() ? 0.0 : Elements.mass(element).orElse(0.0);
        return new Atom(name, resName, resId, element, "", mass);
    }

    @Override
    public void close() {
        in.close();
    }
}
