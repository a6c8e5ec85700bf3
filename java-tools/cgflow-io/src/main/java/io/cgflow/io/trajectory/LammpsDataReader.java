package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.text.TextInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LAMMPS data file as a structure: atoms sorted by id, type (label where an {@code Atom Type Labels}
 * section names it), molecule id as residue number, mass per type from {@code Masses}, box with tilt.
 * Atom styles atomic, charge, bond, angle, molecular and full (from the {@code Atoms # style} comment
 * that {@code write_data} writes). Masses are converted to amu from the unit style's mass unit; the
 * {@code Bonds} section becomes the topology's bonds.
 */
public final class LammpsDataReader {
    private static final Logger LOG = LoggerFactory.getLogger(LammpsDataReader.class);

    private LammpsDataReader() {
    }

    public static Structure read(Path path, LammpsUnits units) {
        try (TextInput in = new TextInput(path)) {
            in.readLine(); // title
            int natoms = -1;
            int nbonds = -1;
            List<long[]> bondIds = new ArrayList<>();
            List<Integer> bondLines = new ArrayList<>();
            double[] lo = new double[3];
            double[] hi = new double[3];
            double[] tilt = new double[3];
            boolean haveBox = false;
            Map<Integer, Double> masses = new HashMap<>();
            Map<Integer, String> labels = new HashMap<>();
            TreeMap<Long, Atom> atoms = new TreeMap<>();
            String line;
            while ((line = in.readLine()) != null) {
                String content = stripComment(line).trim();
                if (content.isEmpty()) {
                    continue;
                }
                String[] t = content.split("\\s+");
                if (content.endsWith(" atoms") && t.length == 2) {
                    natoms = in.parseInt(t[0], "the atom count");
                    checkCount(in, natoms, "atoms");
                } else if (content.endsWith(" bonds") && t.length == 2) {
                    nbonds = in.parseInt(t[0], "the bond count");
                    checkCount(in, nbonds, "bonds");
                } else if (content.endsWith("xlo xhi") || content.endsWith("ylo yhi") || content.endsWith("zlo zhi")) {
                    int d = content.endsWith("xlo xhi") ? 0 : content.endsWith("ylo yhi") ? 1 : 2;
                    lo[d] = in.parseFinite(t[0], "box lower bound");
                    hi[d] = in.parseFinite(t[1], "box upper bound");
                    haveBox = true;
                } else if (content.endsWith("xy xz yz")) {
                    for (int k = 0; k < 3; k++) {
                        tilt[k] = in.parseFinite(t[k], "box tilt factor");
                    }
                } else if (content.equals("Masses")) {
                    readSection(in, s -> masses.put(in.parseInt(s[0], "atom type"), in.parseFinite(s[1], "mass")));
                } else if (content.equals("Bonds")) {
                    readSection(in, s -> {
                        if (s.length < 4) {
                            throw in.error("a Bonds line has 4 columns (id type atom1 atom2), this one " + s.length);
                        }
                        bondIds.add(new long[] {in.parseLong(s[2], "first atom id of the bond"),
                            in.parseLong(s[3], "second atom id of the bond")});
                        bondLines.add(in.lineNumber());
                    });
                } else if (content.equals("Atom Type Labels")) {
                    readSection(in, s -> labels.put(in.parseInt(s[0], "atom type"), s[1]));
                } else if (t[0].equals("Atoms")) {
                    String style = line.contains("#") ? line.substring(line.indexOf('#') + 1).trim()
                        .toLowerCase(Locale.ROOT) : "";
                    readAtoms(in, style, units, atoms, natoms);
                } else if (Character.isUpperCase(content.charAt(0)) && !content.contains(" atom types")) {
                    // another section (Velocities, Bonds, Pair Coeffs …): skip its body
                    readSection(in, s -> { });
                }
            }
            if (natoms < 0 || atoms.isEmpty()) {
                throw InputException.in(path, "no atom count header or no Atoms section: not a LAMMPS data file");
            }
            if (atoms.size() != natoms) {
                throw InputException.in(path, "header declares " + natoms + " atoms but the Atoms section has "
                    + atoms.size());
            }
            if (nbonds >= 0 && bondIds.size() != nbonds) {
                throw InputException.in(path, "header declares " + nbonds + " bonds but the Bonds section has "
                    + bondIds.size());
            }
            if (units == LammpsUnits.LJ && !masses.isEmpty()) {
                LOG.warn("{}: lj units: masses are reduced units, written as amu unchanged", path);
            }
            List<Atom> ordered = new ArrayList<>();
            Map<Long, Integer> indexOf = new HashMap<>();
            for (Map.Entry<Long, Atom> e : atoms.entrySet()) {
                Atom a = e.getValue();
                indexOf.put(e.getKey(), ordered.size());
                int type = Integer.parseInt(a.type());
                Double raw = masses.get(type);
                if (raw == null) {
                    throw InputException.in(path, "no mass for atom type " + type + " (Masses section)");
                }
                double mass = raw * units.massToAmu();
                String label = labels.getOrDefault(type, a.type());
                ordered.add(new Atom(label, a.residueName(), a.residueId(), elementOfMass(mass), label, mass));
            }
            double f = units.lengthToNm();
            Box box = haveBox ? Box.ofVectors((hi[0] - lo[0]) * f, 0, 0, tilt[0] * f, (hi[1] - lo[1]) * f, 0,
                tilt[1] * f, tilt[2] * f, (hi[2] - lo[2]) * f) : null;
            int[] bonds = new int[2 * bondIds.size()];
            for (int k = 0; k < bondIds.size(); k++) {
                for (int end = 0; end < 2; end++) {
                    Integer index = indexOf.get(bondIds.get(k)[end]);
                    if (index == null) {
                        throw InputException.at(path, "line " + bondLines.get(k), "bond names atom id "
                            + bondIds.get(k)[end] + ", which the Atoms section does not have");
                    }
                    bonds[2 * k + end] = index;
                }
                if (bonds[2 * k] == bonds[2 * k + 1]) {
                    throw InputException.at(path, "line " + bondLines.get(k), "bond joins atom id "
                        + bondIds.get(k)[0] + " to itself");
                }
            }
            return new Structure(path, new Topology(ordered, bonds), box);
        }
    }

    /** A declared count must fit in what is left of the file (each entry is a line of at least 8 bytes). */
    private static void checkCount(TextInput in, long count, String what) {
        if (count < 0 || count > in.remaining() / 8) {
            throw in.error("LAMMPS data header declares " + count + " " + what + " (an entry has at least 8 bytes) "
                + "but " + in.describeRemaining());
        }
    }

    private static void readAtoms(TextInput in, String style, LammpsUnits units, TreeMap<Long, Atom> atoms,
                                  int natoms) {
        readSection(in, s -> {
            long id = in.parseLong(s[0], "atom id");
            final int mol;
            final int type;
            switch (style) {
                case "atomic", "charge" -> {
                    mol = 0;
                    type = in.parseInt(s[1], "atom type");
                }
                case "full", "molecular", "bond", "angle", "" -> {
                    if (style.isEmpty() && s.length < 5) {
                        throw in.error("cannot tell the atom style; write_data marks it as 'Atoms # style'");
                    }
                    mol = style.isEmpty() ? 0 : in.parseInt(s[1], "molecule id");
                    type = in.parseInt(s[style.isEmpty() ? 1 : 2], "atom type");
                }
                default -> throw in.error("atom style '" + style + "' is not supported (atomic, charge, bond, angle, "
                    + "molecular, full)");
            }
            if (atoms.put(id, new Atom(String.valueOf(type), mol == 0 ? "" : "MOL", mol, "", String.valueOf(type), 0))
                != null) {
                throw in.error("atom id " + id + " appears twice");
            }
        });
    }

    /** Reads the lines of a section body (after one blank line) until the next blank line. */
    private static void readSection(TextInput in, java.util.function.Consumer<String[]> row) {
        String line = in.readLine();
        while (line != null && stripComment(line).isBlank()) {
            line = in.readLine();
        }
        while (line != null && !stripComment(line).isBlank()) {
            row.accept(stripComment(line).trim().split("\\s+"));
            line = in.readLine();
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** The element whose standard atomic weight is within 0.05 amu of {@code mass}, or empty. */
    static String elementOfMass(double mass) {
        for (String e : new String[] {"H", "C", "N", "O", "F", "Na", "Mg", "P", "S", "Cl", "Ar", "K", "Ca", "Br",
            "Kr", "I", "Xe", "He", "Ne"}) {
            double m = io.cgflow.core.topology.Elements.mass(e).orElseThrow();
            if (Math.abs(m - mass) < 0.05) {
                return e;
            }
        }
        return "";
    }
}
