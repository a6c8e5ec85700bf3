package io.cgflow.potentials;

import io.cgflow.core.InputException;
import io.cgflow.core.topology.CgTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.cgflow.core.config.YamlFiles;

/**
 * The potential file {@code POT.yaml} (docs/potentials.md): bead types with masses; per type pair a
 * Lennard-Jones, a table (GROMACS {@code table_*.xvg} or LAMMPS {@code pair_style table}) or {@code none};
 * per bond, angle and dihedral type name a harmonic term or a table. Table paths are relative to the file.
 * Every mistake is an {@link InputException} naming the file and the entry.
 */
public final class PotentialFile {
    /** Beyond this many points a harmonic dihedral is sampled on a periodic table (1° apart). */
    static final int DIHEDRAL_POINTS = 360;

    /**
     * What the file defines.
     *
     * @param masses        mass per bead type, amu
     * @param potential     the sum of all terms
     * @param pairEntries   the type pairs with an entry (including those declared {@code none})
     * @param bondedEntries the bonded type names with an entry, per kind
     * @param tables        the table files the entries read (inputs too: no output may replace them)
     */
    public record Contents(Path file, Map<String, Double> masses, PotentialDefinition potential,
                           Set<TypePair> pairEntries, Map<BondedKind, Set<String>> bondedEntries, List<Path> tables) {
        /**
         * Checks a start configuration's topology against the file and returns it with the file's masses: every
         * bead type needs a mass, every type pair that occurs needs an entry, every bonded type of the topology
         * an entry of its kind.
         */
        public CgTopology apply(CgTopology t, Path start) {
            String from = start.getFileName().toString();
            int[] counts = t.typeCounts();
            List<String> types = t.types();
            for (int a = 0; a < types.size(); a++) {
                if (counts[a] > 0 && !masses.containsKey(types.get(a))) {
                    throw InputException.at(file, "types", "has no entry for bead type " + types.get(a) + " of " + from
                        + "; the types are " + masses.keySet());
                }
            }
            for (int a = 0; a < types.size(); a++) {
                for (int b = a; b < types.size(); b++) {
                    boolean occurs = a == b ? counts[a] > 1 : counts[a] > 0 && counts[b] > 0;
                    TypePair p = TypePair.of(types.get(a), types.get(b));
                    if (occurs && !pairEntries.contains(p)) {
                        throw InputException.at(file, "pairs", "has no entry for the type pair " + p + " of " + from
                            + " (give one, or 'style: none' for no interaction)");
                    }
                }
            }
            for (BondedKind kind : BondedKind.values()) {
                String section = section(kind);
                for (String name : CgTopology.names(kindOf(t, kind))) {
                    if (!bondedEntries.get(kind).contains(name)) {
                        throw InputException.at(file, section, "has no entry for the " + kind.name().toLowerCase(Locale.ROOT)
                            + " type " + name + " of " + from);
                    }
                }
            }
            double[] m = new double[t.size()];
            String[] names = new String[t.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = masses.get(types.get(t.typeOf(i)));
                names[i] = t.beadName(i);
            }
            return new CgTopology(t.types(), t.typeIndices(), t.moleculeIndices(), names, m, t.bonds(), t.angles(),
                t.dihedrals(), t.excludedPairs());
        }
    }

    /**
     * The bonded entries of the file that no bond, angle or dihedral of {@code t} uses, as {@code section: type}
     * (a type name that differs from the topology's, by a typo or a renamed mapping, leaves those terms out).
     */
    public static List<String> unusedBondedEntries(Contents contents, CgTopology t) {
        List<String> unused = new ArrayList<>();
        for (BondedKind kind : BondedKind.values()) {
            Set<String> present = new java.util.HashSet<>(CgTopology.names(kindOf(t, kind)));
            for (String name : contents.bondedEntries().getOrDefault(kind, Set.of())) {
                if (!present.contains(name)) {
                    unused.add(section(kind) + ": " + name);
                }
            }
        }
        return unused;
    }

    private static List<CgTopology.Bonded> kindOf(CgTopology t, BondedKind kind) {
        return switch (kind) {
            case BOND -> t.bonds();
            case ANGLE -> t.angles();
            case DIHEDRAL -> t.dihedrals();
        };
    }

    private static String section(BondedKind kind) {
        return switch (kind) {
            case BOND -> "bonds";
            case ANGLE -> "angles";
            case DIHEDRAL -> "dihedrals";
        };
    }

    private PotentialFile() {
    }

    /** Group key of Lennard-Jones pairs that can share one definition. */
    private record LjGroup(double cutoff, boolean shift, boolean tail) {
    }

    public static Contents read(Path file) {
        Object root = YamlFiles.read(file, "potential file");
        Path dir = file.toAbsolutePath().getParent();
        Map<String, Object> top = map(file, root, "the file");
        known(file, top, "the file", Set.of("types", "cutoff", "pairs", "bonds", "angles", "dihedrals"));
        Map<String, Double> masses = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(file, required(file, top, "types", "the file"), "types").entrySet()) {
            String where = "types." + e.getKey();
            Map<String, Object> t = map(file, e.getValue(), where);
            known(file, t, where, Set.of("mass"));
            double m = number(file, t, "mass", where);
            if (!(m > 0) || !Double.isFinite(m)) {
                throw InputException.at(file, where + ".mass", "must be positive, not " + m);
            }
            masses.put(e.getKey(), m);
        }
        Double defaultCutoff = top.containsKey("cutoff") ? positive(file, top, "cutoff", "the file") : null;
        List<PotentialDefinition> parts = new ArrayList<>();
        Set<TypePair> pairEntries = new LinkedHashSet<>();
        Map<LjGroup, List<LennardJones.Parameters>> lj = new LinkedHashMap<>();
        Map<Double, List<TabulatedPair.Entry>> tables = new LinkedHashMap<>();
        List<Path> tableFiles = new ArrayList<>();
        if (top.containsKey("pairs")) {
            int k = 0;
            for (Object o : list(file, top.get("pairs"), "pairs")) {
                String where = "pairs[" + k++ + "]";
                Map<String, Object> p = map(file, o, where);
                List<Object> types = list(file, required(file, p, "types", where), where + ".types");
                if (types.size() != 2) {
                    throw InputException.at(file, where + ".types", "needs two bead types, not " + types.size());
                }
                for (Object t : types) {
                    if (!masses.containsKey(String.valueOf(t))) {
                        throw InputException.at(file, where + ".types", "unknown bead type " + t + "; the types are "
                            + masses.keySet());
                    }
                }
                TypePair pair = TypePair.of(String.valueOf(types.get(0)), String.valueOf(types.get(1)));
                where = where + " (" + pair + ")";
                if (!pairEntries.add(pair)) {
                    throw InputException.at(file, where, "the type pair " + pair + " has an entry already");
                }
                String style = string(file, p, "style", where);
                switch (style) {
                    case "none" -> known(file, p, where, Set.of("types", "style"));
                    case "lennard-jones" -> {
                        known(file, p, where, Set.of("types", "style", "sigma", "epsilon", "cutoff", "shift", "tail"));
                        double sigma = number(file, p, "sigma", where);
                        double epsilon = number(file, p, "epsilon", where);
                        if (!(sigma > 0) || !Double.isFinite(sigma)) {
                            throw InputException.at(file, where + ".sigma", "must be positive, not " + sigma);
                        }
                        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
                            throw InputException.at(file, where + ".epsilon", "must not be negative, not " + epsilon);
                        }
                        double cutoff = cutoff(file, p, where, defaultCutoff);
                        if (cutoff < sigma) {
                            // even WCA keeps the wall up to 2^(1/6) sigma: a shorter cut-off is a unit mix-up
                            throw InputException.at(file, where + ".cutoff", "the cut-off " + cutoff + " nm is below "
                                + "sigma " + sigma + " nm, so no pair would feel the attraction and few the wall "
                                + "(sigma in Angstrom?)");
                        }
                        boolean shift = bool(file, p, "shift", where, true);
                        boolean tail = bool(file, p, "tail", where, false);
                        lj.computeIfAbsent(new LjGroup(cutoff, shift, tail), g -> new ArrayList<>())
                            .add(new LennardJones.Parameters(pair, sigma, epsilon));
                    }
                    case "table" -> {
                        known(file, p, where, Set.of("types", "style", "file", "keyword", "units", "cutoff"));
                        double cutoff = cutoff(file, p, where, defaultCutoff);
                        Table table = table(file, dir, p, where, pair.toString(), null, tableFiles);
                        if (table.end() < cutoff * (1 - 1e-9)) {
                            throw InputException.at(file, where, String.format(Locale.ROOT, "the table %s ends at %.6g"
                                + " nm, before the cut-off %.6g nm", p.get("file"), table.end(), cutoff));
                        }
                        tables.computeIfAbsent(cutoff, c -> new ArrayList<>()).add(new TabulatedPair.Entry(pair, table));
                    }
                    default -> throw InputException.at(file, where + ".style", "is '" + style
                        + "'; use lennard-jones, table or none");
                }
            }
        }
        Map<BondedKind, Set<String>> bondedEntries = new LinkedHashMap<>();
        try {
            for (Map.Entry<LjGroup, List<LennardJones.Parameters>> g : lj.entrySet()) {
                LjGroup key = g.getKey();
                parts.add(new LennardJones(String.format(Locale.ROOT, "lennard-jones rc=%s%s%s", key.cutoff(),
                    key.shift() ? " shift" : "", key.tail() ? " tail" : ""), g.getValue(), key.cutoff(),
                    key.shift() ? LennardJones.Truncation.SHIFT : LennardJones.Truncation.CUT, key.tail()));
            }
            for (Map.Entry<Double, List<TabulatedPair.Entry>> g : tables.entrySet()) {
                parts.add(new TabulatedPair("tables rc=" + g.getKey(), g.getValue(), g.getKey()));
            }
            for (BondedKind kind : BondedKind.values()) {
                bondedEntries.put(kind, bonded(file, dir, top, kind, parts, tableFiles));
            }
            return new Contents(file, masses, new CompositePotential(file.getFileName().toString(), parts),
                Set.copyOf(pairEntries), bondedEntries, List.copyOf(tableFiles));
        } catch (IllegalArgumentException e) {
            throw InputException.in(file, e.getMessage());
        }
    }

    private static Set<String> bonded(Path file, Path dir, Map<String, Object> top, BondedKind kind,
                                      List<PotentialDefinition> parts, List<Path> tableFiles) {
        String section = section(kind);
        Set<String> names = new LinkedHashSet<>();
        if (!top.containsKey(section)) {
            return names;
        }
        List<HarmonicBond.Parameters> bonds = new ArrayList<>();
        List<HarmonicAngle.Parameters> angles = new ArrayList<>();
        List<TabulatedBonded.Entry> tables = new ArrayList<>();
        int k = 0;
        for (Object o : list(file, top.get(section), section)) {
            String where = section + "[" + k++ + "]";
            Map<String, Object> b = map(file, o, where);
            String type = string(file, b, "type", where);
            where = where + " (" + type + ")";
            if (!names.add(type)) {
                throw InputException.at(file, where, "the type " + type + " has an entry already");
            }
            String style = string(file, b, "style", where);
            switch (style) {
                case "harmonic" -> {
                    String angleKey = kind == BondedKind.BOND ? "b0" : kind == BondedKind.ANGLE ? "theta0" : "phi0";
                    known(file, b, where, Set.of("type", "style", "k", angleKey));
                    double kk = number(file, b, "k", where);
                    double x0 = number(file, b, angleKey, where);
                    if (!(kk >= 0) || !Double.isFinite(kk)) {
                        throw InputException.at(file, where + ".k", "must not be negative, not " + kk);
                    }
                    switch (kind) {
                        case BOND -> bonds.add(new HarmonicBond.Parameters(type, kk, x0));
                        case ANGLE -> angles.add(new HarmonicAngle.Parameters(type, kk, x0));
                        case DIHEDRAL -> tables.add(new TabulatedBonded.Entry(type, harmonicDihedral(type, kk, x0)));
                    }
                }
                case "table" -> {
                    known(file, b, where, Set.of("type", "style", "file", "keyword", "units"));
                    tables.add(new TabulatedBonded.Entry(type, table(file, dir, b, where, section + " " + type, kind, tableFiles)));
                }
                default -> throw InputException.at(file, where + ".style", "is '" + style + "'; use harmonic or table");
            }
        }
        if (!bonds.isEmpty()) {
            parts.add(new HarmonicBond(section, bonds));
        }
        if (!angles.isEmpty()) {
            parts.add(new HarmonicAngle(section, angles));
        }
        if (!tables.isEmpty()) {
            parts.add(new TabulatedBonded(section + " tables", kind, tables));
        }
        return names;
    }

    /** ½ k (φ − φ0)², φ − φ0 wrapped to (−180°, 180°], k in kJ/mol/rad², on a periodic 1° table. */
    private static Table harmonicDihedral(String type, double k, double phi0) {
        double[] e = new double[DIHEDRAL_POINTS];
        double step = 360.0 / DIHEDRAL_POINTS;
        for (int i = 0; i < e.length; i++) {
            double d = -180 + i * step - phi0;
            d -= 360 * Math.floor((d + 180) / 360);
            double rad = Math.toRadians(d);
            e[i] = 0.5 * k * rad * rad;
        }
        return new Table("dihedral " + type, -180, step, e, Table.Boundary.PERIODIC, 0, 0);
    }

    /**
     * A table file of an entry: GROMACS xvg (by its extension) or a LAMMPS table (needs {@code keyword};
     * {@code units} real, the default, or native). Dihedral tables must be GROMACS files over −180…180°.
     */
    private static Table table(Path file, Path dir, Map<String, Object> entry, String where, String name,
                               BondedKind kind, List<Path> tableFiles) {
        String relative = string(file, entry, "file", where);
        Path path = dir.resolve(relative).normalize();
        if (Files.isDirectory(path)) {
            throw InputException.at(file, where + ".file", "table file " + relative + " is a folder (" + path + ")");
        }
        if (!Files.isRegularFile(path)) {
            throw InputException.at(file, where + ".file", "table file " + relative + " not found (looked for " + path
                + ")");
        }
        tableFiles.add(path);
        boolean gromacs = relative.toLowerCase(Locale.ROOT).endsWith(".xvg");
        Table t;
        try {
            if (gromacs) {
                if (entry.containsKey("keyword") || entry.containsKey("units")) {
                    throw InputException.at(file, where, "keyword and units are for LAMMPS tables; " + relative
                        + " is a GROMACS xvg (nm, kJ/mol, degrees)");
                }
                t = TableFiles.readGromacs(path, name + " (" + relative + ")");
            } else {
                if (kind == BondedKind.DIHEDRAL) {
                    throw InputException.at(file, where + ".file", "dihedral tables are read from GROMACS xvg files"
                        + " (table_d*.xvg), not " + relative);
                }
                String keyword = string(file, entry, "keyword", where);
                String units = entry.containsKey("units") ? String.valueOf(entry.get("units")) : "real";
                TableFiles.Units u = switch (units) {
                    case "real" -> TableFiles.REAL;
                    case "native" -> TableFiles.NATIVE;
                    default -> throw InputException.at(file, where + ".units", "is '" + units
                        + "'; use real (Å, kcal/mol) or native (nm, kJ/mol)");
                };
                Table read = TableFiles.readLammps(path, keyword, kind, u);
                t = new Table(name + " (" + relative + " " + keyword + ")", read.start(), read.step(), read.energies(),
                    read.boundary(), read.startSlope(), read.endSlope());
            }
        } catch (InputException e) {
            // a problem of the table file gets this entry's place in front; one of the entry names it already
            throw e.getMessage().startsWith(file + ": ") ? e : new InputException(file + ": " + where + ": "
                + e.getMessage(), e);
        }
        if (kind == BondedKind.DIHEDRAL) {
            double[] e = t.energies();
            if (Math.abs(t.start() + 180) > 1e-6 || Math.abs(t.end() - 180) > 1e-6) {
                throw InputException.at(file, where, "the dihedral table " + relative + " spans " + t.start() + " to "
                    + t.end() + " degrees, not −180 to 180");
            }
            double scale = 0;
            for (double v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            if (Math.abs(e[e.length - 1] - e[0]) > 1e-6 + 1e-9 * scale) {
                throw InputException.at(file, where, String.format(java.util.Locale.ROOT, "the dihedral table %s gives "
                    + "%.9g kJ/mol at -180 degrees and %.9g at 180: a dihedral potential is periodic, its last point "
                    + "repeats the first", relative, e[0], e[e.length - 1]));
            }
            t = new Table(t.name(), t.start(), t.step(), java.util.Arrays.copyOf(e, e.length - 1),
                Table.Boundary.PERIODIC, 0, 0);
        }
        return t;
    }

    private static double cutoff(Path file, Map<String, Object> p, String where, Double defaultCutoff) {
        if (p.containsKey("cutoff")) {
            return positive(file, p, "cutoff", where);
        }
        if (defaultCutoff == null) {
            throw InputException.at(file, where, "misses 'cutoff' (or give a cutoff for all pairs at the top)");
        }
        return defaultCutoff;
    }

    private static double positive(Path file, Map<String, Object> m, String key, String where) {
        double v = number(file, m, key, where);
        if (!(v > 0) || !Double.isFinite(v)) {
            throw InputException.at(file, where + "." + key, "must be positive, not " + v);
        }
        return v;
    }

    private static boolean bool(Path file, Map<String, Object> m, String key, String where, boolean defaultValue) {
        Object o = m.getOrDefault(key, defaultValue);
        if (!(o instanceof Boolean b)) {
            throw InputException.at(file, where + "." + key, "must be true or false, not " + o);
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path file, Object o, String where) {
        if (!(o instanceof Map)) {
            throw InputException.at(file, where, "must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Path file, Object o, String where) {
        if (!(o instanceof List)) {
            throw InputException.at(file, where, "must be a list");
        }
        return (List<Object>) o;
    }

    private static Object required(Path file, Map<String, Object> m, String key, String where) {
        if (!m.containsKey(key) || m.get(key) == null) {
            throw InputException.at(file, where, "misses '" + key + "'");
        }
        return m.get(key);
    }

    private static void known(Path file, Map<String, Object> m, String where, Set<String> keys) {
        for (String k : m.keySet()) {
            if (!keys.contains(k)) {
                throw InputException.at(file, where, "unknown key '" + k + "'; expected one of "
                    + new java.util.TreeSet<>(keys));
            }
        }
    }

    private static double number(Path file, Map<String, Object> m, String key, String where) {
        Object o = required(file, m, key, where);
        if (!(o instanceof Number num)) {
            throw InputException.at(file, where + "." + key, "must be a number, not '" + o + "'");
        }
        if (!Double.isFinite(num.doubleValue())) {
            throw InputException.at(file, where + "." + key, "must be a finite number, not " + num);
        }
        return num.doubleValue();
    }

    private static String string(Path file, Map<String, Object> m, String key, String where) {
        return String.valueOf(required(file, m, key, where));
    }
}
