package io.cgflow.io.topology;

import io.cgflow.core.InputException;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Elements;
import io.cgflow.core.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a GROMACS topology ({@code .top}, or an {@code .itp} with its own {@code [ molecules ]}) into the
 * {@link Topology} of the whole system: atom names, residue names and numbers (numbered through the system,
 * as GROMACS does), force-field types, masses (the {@code [ atoms ]} mass column, else the
 * {@code [ atomtypes ]} mass) and bonds ({@code [ bonds ]}, {@code [ constraints ]}, and the O–H bonds of
 * {@code [ settles ]}). Includes are searched relative to the including file, then in {@code $GMXLIB},
 * then in {@code /usr/share/gromacs/top}. Text before the first {@code [ section ]} is ignored, as grompp does.
 * Everything malformed is an {@link InputException} naming the file and line.
 */
public final class GromacsTopologyReader {
    /** The default force-field folder of a Debian/Ubuntu GROMACS installation. */
    public static final Path SYSTEM_TOP = Path.of("/usr/share/gromacs/top");

    private GromacsTopologyReader() {
    }

    /** One molecule type: its atoms (residue numbers local to the molecule) and bonds (0-based pairs). */
    private static final class MoleculeType {
        final String name;
        final List<Atom> atoms = new ArrayList<>();
        final List<int[]> bonds = new ArrayList<>();

        MoleculeType(String name) {
            this.name = name;
        }
    }

    /** True for names GROMACS topologies use: {@code .top} and {@code .itp}. */
    public static boolean isTopology(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".top") || name.endsWith(".itp");
    }

    /** The include path from the environment: {@code $GMXLIB} (colon-separated), then the system folder. */
    public static List<Path> defaultIncludePath() {
        List<Path> path = new ArrayList<>();
        String gmxlib = System.getenv("GMXLIB");
        if (gmxlib != null) {
            for (String p : gmxlib.split(":")) {
                if (!p.isBlank()) {
                    path.add(Path.of(p));
                }
            }
        }
        path.add(SYSTEM_TOP);
        return path;
    }

    public static Topology read(Path top) {
        return read(top, defaultIncludePath());
    }

    public static Topology read(Path top, List<Path> includePath) {
        List<TopologyPreprocessor.SourceLine> lines = new TopologyPreprocessor(includePath).read(top);
        Map<String, Double> typeMass = new HashMap<>();
        Map<String, MoleculeType> types = new LinkedHashMap<>();
        MoleculeType current = null;
        String section = null;
        List<Atom> system = new ArrayList<>();
        List<Integer> systemBonds = new ArrayList<>();
        int residueCounter = 0;
        boolean sawMolecules = false;
        for (TopologyPreprocessor.SourceLine line : lines) {
            String text = line.text();
            if (text.startsWith("[")) {
                if (!text.endsWith("]")) {
                    throw line.error("section header '" + text + "' has no closing ]");
                }
                section = text.substring(1, text.length() - 1).strip().toLowerCase(Locale.ROOT);
                if (section.equals("molecules")) {
                    sawMolecules = true;
                }
                continue;
            }
            if (section == null) {
                // grompp ignores text before the first directive: the AMBER and CHARMM forcefield.itp files
                // shipped with GROMACS open with a banner of '*' lines outside any comment
                continue;
            }
            String[] t = text.split("\\s+");
            switch (section) {
                case "atomtypes" -> atomType(line, t, typeMass);
                case "moleculetype" -> {
                    if (types.containsKey(t[0])) {
                        throw line.error("molecule type '" + t[0] + "' is defined twice");
                    }
                    current = new MoleculeType(t[0]);
                    types.put(t[0], current);
                }
                case "atoms" -> atom(line, t, require(line, current, section), typeMass);
                case "bonds", "constraints" -> {
                    MoleculeType m = require(line, current, section);
                    if (t.length < 2) {
                        throw line.error("a [ " + section + " ] line names two atoms, this one has " + t.length
                            + " field(s)");
                    }
                    m.bonds.add(new int[] {atomIndex(line, t[0], m), atomIndex(line, t[1], m)});
                }
                case "settles" -> {
                    MoleculeType m = require(line, current, section);
                    int o = atomIndex(line, t[0], m);
                    if (o + 2 >= m.atoms.size()) {
                        throw line.error("[ settles ] on atom " + t[0] + " needs two hydrogens after it; molecule '"
                            + m.name + "' has " + m.atoms.size() + " atoms");
                    }
                    m.bonds.add(new int[] {o, o + 1});
                    m.bonds.add(new int[] {o, o + 2});
                }
                case "molecules" -> {
                    if (t.length < 2) {
                        throw line.error("a [ molecules ] line is 'name count'");
                    }
                    MoleculeType m = types.get(t[0]);
                    if (m == null) {
                        throw line.error("molecule type '" + t[0] + "' is not defined (defined: "
                            + String.join(", ", types.keySet()) + ")");
                    }
                    int count = parseInt(line, t[1], "molecule count");
                    if (count < 0) {
                        throw line.error("negative molecule count " + count);
                    }
                    for (int k = 0; k < count; k++) {
                        int offset = system.size();
                        int previousLocal = Integer.MIN_VALUE;
                        String previousName = null;
                        for (Atom a : m.atoms) {
                            if (a.residueId() != previousLocal || !a.residueName().equals(previousName)) {
                                residueCounter++;
                                previousLocal = a.residueId();
                                previousName = a.residueName();
                            }
                            system.add(new Atom(a.name(), a.residueName(), residueCounter, a.element(), a.type(),
                                a.mass()));
                        }
                        for (int[] b : m.bonds) {
                            systemBonds.add(offset + b[0]);
                            systemBonds.add(offset + b[1]);
                        }
                    }
                }
                default -> {
                    // parameters, pairs, angles, dihedrals, exclusions, system …: not needed here
                }
            }
        }
        if (!sawMolecules) {
            throw InputException.in(top, "no [ molecules ] section: not a system topology (give the .top that "
                + "lists the molecules)");
        }
        if (system.isEmpty()) {
            throw InputException.in(top, "[ molecules ] lists no atoms");
        }
        return new Topology(system, systemBonds.stream().mapToInt(Integer::intValue).toArray());
    }

    private static MoleculeType require(TopologyPreprocessor.SourceLine line, MoleculeType current, String section) {
        if (current == null) {
            throw line.error("[ " + section + " ] before any [ moleculetype ]");
        }
        return current;
    }

    /**
     * {@code [ atomtypes ]}: name [bonded type] [atomic number] mass charge ptype sigma epsilon; the column
     * layout is told by where the particle type (A, S, V, D, B) stands, the mass two columns before it.
     */
    private static void atomType(TopologyPreprocessor.SourceLine line, String[] t, Map<String, Double> typeMass) {
        int ptype = -1;
        for (int k = 3; k < t.length; k++) {
            if (t[k].length() == 1 && "ASVDB".contains(t[k])) {
                ptype = k;
                break;
            }
        }
        if (ptype < 0) {
            throw line.error("[ atomtypes ] line has no particle type column (A, S, V, D or B)");
        }
        typeMass.put(t[0], parseDouble(line, t[ptype - 2], "mass of atom type " + t[0]));
    }

    /** {@code [ atoms ]}: nr type resnr residue atom cgnr [charge [mass …]]. */
    private static void atom(TopologyPreprocessor.SourceLine line, String[] t, MoleculeType m,
                             Map<String, Double> typeMass) {
        if (t.length < 5) {
            throw line.error("an [ atoms ] line has at least 5 fields (nr type resnr residue atom), this one "
                + t.length);
        }
        int nr = parseInt(line, t[0], "atom number");
        if (nr != m.atoms.size() + 1) {
            throw line.error("atom number " + nr + " in molecule '" + m.name + "': expected " + (m.atoms.size() + 1)
                + " (atoms are numbered 1, 2, … in order)");
        }
        String type = t[1];
        int resnr = parseInt(line, t[2].replaceAll("[A-Za-z]+$", ""), "residue number");
        String residue = t[3];
        String name = t[4];
        double mass;
        if (t.length >= 8) {
            mass = parseDouble(line, t[7], "mass of atom " + name);
        } else {
            Double fromType = typeMass.get(type);
            if (fromType == null) {
                throw line.error("atom " + name + " has no mass column and its type '" + type + "' is not in any "
                    + "[ atomtypes ] section");
            }
            mass = fromType;
        }
        if (mass < 0) {
            throw line.error("negative mass " + mass + " of atom " + name);
        }
        String element = mass == 0 ? "" : Elements.guess(name, residue);
        m.atoms.add(new Atom(name, residue, resnr, element, type, mass));
    }

    private static int atomIndex(TopologyPreprocessor.SourceLine line, String token, MoleculeType m) {
        int k = parseInt(line, token, "atom number");
        if (k < 1 || k > m.atoms.size()) {
            throw line.error("atom number " + k + " is outside molecule '" + m.name + "' (atoms 1-" + m.atoms.size()
                + " so far)");
        }
        return k - 1;
    }

    private static int parseInt(TopologyPreprocessor.SourceLine line, String token, String what) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw line.error("cannot read " + what + " from '" + token + "'");
        }
    }

    private static double parseDouble(TopologyPreprocessor.SourceLine line, String token, String what) {
        try {
            double v = Double.parseDouble(token);
            if (!Double.isFinite(v)) {
                throw line.error(what + " is '" + token + "', not a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw line.error("cannot read " + what + " from '" + token + "'");
        }
    }
}
