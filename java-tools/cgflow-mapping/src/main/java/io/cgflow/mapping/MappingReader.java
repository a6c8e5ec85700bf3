package io.cgflow.mapping;

import io.cgflow.core.InputException;
import io.cgflow.core.topology.TypeNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.cgflow.core.config.YamlFiles;

/**
 * Reads a mapping: cgflow's YAML (or the same structure in JSON, which YAML parses) or VOTCA's mapping
 * XML ({@code .xml}, by {@link VotcaMappingReader}). Every problem is an {@link InputException} naming
 * the file and the entry, e.g. {@code molecules[0].beads[2].atoms}.
 */
public final class MappingReader {
    private static final Set<String> MOLECULE_KEYS = Set.of("name", "residue", "atoms", "weights", "beads", "bonds",
        "angles", "dihedrals", "exclusions");
    private static final Set<String> BEAD_KEYS = Set.of("name", "type", "atoms", "weights");

    private MappingReader() {
    }

    public static Mapping read(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
            return VotcaMappingReader.read(file);
        }
        Object root = YamlFiles.read(file, "mapping file");
        Entry top = new Entry(file, "", root);
        Map<String, Object> map = top.map(Set.of("molecules", "name", "version"));
        List<Entry> molecules = top.child("molecules", map.get("molecules")).list();
        if (molecules.isEmpty()) {
            throw top.error("no molecules: a mapping lists at least one molecule type");
        }
        List<Mapping.MoleculeType> types = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Entry m : molecules) {
            Mapping.MoleculeType type = molecule(m);
            if (!names.add(type.name())) {
                throw m.error("molecule type '" + type.name() + "' is defined twice");
            }
            types.add(type);
        }
        return new Mapping(file, types);
    }

    private static Mapping.MoleculeType molecule(Entry m) {
        Map<String, Object> map = m.map(MOLECULE_KEYS);
        String name = m.child("name", map.get("name")).string();
        Mapping.Selection selection;
        if (map.containsKey("residue") == map.containsKey("atoms")) {
            throw m.error("give exactly one of 'residue' (every residue of that name is a molecule) or 'atoms' "
                + "({first, count, per_molecule})");
        }
        if (map.containsKey("residue")) {
            selection = new Mapping.ByResidue(m.child("residue", map.get("residue")).string());
        } else {
            Entry atoms = m.child("atoms", map.get("atoms"));
            Map<String, Object> a = atoms.map(Set.of("first", "count", "per_molecule"));
            int first = atoms.child("first", a.get("first")).positiveInt();
            int count = atoms.child("count", a.get("count")).positiveInt();
            int per = atoms.child("per_molecule", a.get("per_molecule")).positiveInt();
            if (count % per != 0) {
                throw atoms.error("count " + count + " is not a multiple of per_molecule " + per);
            }
            selection = new Mapping.ByAtomRange(first, count, per);
        }
        String weights = map.containsKey("weights") ? m.child("weights", map.get("weights")).string() : "mass";
        if (!weights.equals("mass") && !weights.equals("geometric")) {
            throw m.child("weights", weights).error("must be 'mass' or 'geometric', not '" + weights + "'");
        }
        List<Mapping.Bead> beads = new ArrayList<>();
        Set<String> beadNames = new HashSet<>();
        List<Entry> beadEntries = m.child("beads", map.get("beads")).list();
        if (beadEntries.isEmpty()) {
            throw m.error("molecule '" + name + "' has no beads");
        }
        for (Entry b : beadEntries) {
            Map<String, Object> bm = b.map(BEAD_KEYS);
            String beadName = b.child("name", bm.get("name")).string();
            if (!beadNames.add(beadName)) {
                throw b.error("bead name '" + beadName + "' is used twice in molecule '" + name + "'");
            }
            String type = bm.containsKey("type") ? b.child("type", bm.get("type")).string() : beadName;
            TypeNames.require(b.file(), b.path() + (bm.containsKey("type") ? ".type" : ".name"), "bead type", type);
            List<String> atoms = new ArrayList<>();
            Entry atomList = b.child("atoms", bm.get("atoms"));
            for (Entry a : atomList.list()) {
                atoms.add(a.value instanceof Integer i ? "#" + i : a.string());
            }
            if (atoms.isEmpty()) {
                throw atomList.error("bead '" + beadName + "' of molecule '" + name + "' has no atoms");
            }
            double[] w = null;
            if (bm.containsKey("weights")) {
                List<Entry> we = b.child("weights", bm.get("weights")).list();
                if (we.size() != atoms.size()) {
                    throw b.child("weights", null).error(we.size() + " weights for " + atoms.size() + " atoms");
                }
                w = new double[we.size()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = we.get(i).number();
                }
            }
            beads.add(new Mapping.Bead(beadName, type, atoms, w));
        }
        List<Mapping.Bonded> bonds = bonded(m, map, "bonds", 2, beadNames);
        List<Mapping.Bonded> angles = bonded(m, map, "angles", 3, beadNames);
        List<Mapping.Bonded> dihedrals = bonded(m, map, "dihedrals", 4, beadNames);
        Mapping.Exclusions exclusions = Mapping.Exclusions.BONDED;
        if (map.containsKey("exclusions")) {
            Entry e = m.child("exclusions", map.get("exclusions"));
            try {
                exclusions = Mapping.Exclusions.valueOf(e.string().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw e.error("must be 'bonded', 'none' or 'all', not '" + e.string() + "'");
            }
        }
        return new Mapping.MoleculeType(name, selection, weights.equals("mass"), beads, bonds, angles, dihedrals,
            exclusions);
    }

    private static List<Mapping.Bonded> bonded(Entry m, Map<String, Object> map, String key, int size,
                                               Set<String> beadNames) {
        List<Mapping.Bonded> list = new ArrayList<>();
        if (!map.containsKey(key)) {
            return list;
        }
        for (Entry e : m.child(key, map.get(key)).list()) {
            Map<String, Object> bm = e.map(Set.of("name", "beads"));
            String name = e.child("name", bm.get("name")).string();
            TypeNames.require(e.file(), e.path() + ".name", key.substring(0, key.length() - 1) + " name", name);
            List<String> beads = new ArrayList<>();
            for (Entry b : e.child("beads", bm.get("beads")).list()) {
                String bead = b.string();
                if (!beadNames.contains(bead)) {
                    throw b.error("no bead named '" + bead + "' in this molecule (beads: " + String.join(", ",
                        beadNames) + ")");
                }
                beads.add(bead);
            }
            if (beads.size() != size) {
                throw e.error(key.substring(0, key.length() - 1) + " '" + name + "' lists " + beads.size()
                    + " beads, needs " + size);
            }
            if (new HashSet<>(beads).size() != size) {
                throw e.error(key.substring(0, key.length() - 1) + " '" + name + "' names a bead twice");
            }
            list.add(new Mapping.Bonded(name, beads));
        }
        return list;
    }

    /** A node of the parsed YAML with its path, for messages. */
    private record Entry(Path file, String path, Object value) {
        InputException error(String problem) {
            return InputException.at(file, path.isEmpty() ? "top level" : path, problem);
        }

        Entry child(String key, Object v) {
            return new Entry(file, path.isEmpty() ? key : path + "." + key, v);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Set<String> allowed) {
            if (!(value instanceof Map<?, ?> m)) {
                throw error(value == null ? "missing" : "expected a mapping of keys to values");
            }
            for (Object k : m.keySet()) {
                if (!allowed.contains(String.valueOf(k))) {
                    throw error("unknown key '" + k + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed))
                        + ")");
                }
            }
            return (Map<String, Object>) m;
        }

        List<Entry> list() {
            if (!(value instanceof List<?> l)) {
                throw error(value == null ? "missing" : "expected a list");
            }
            List<Entry> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(new Entry(file, path + "[" + i + "]", l.get(i)));
            }
            return out;
        }

        String string() {
            if (value == null) {
                throw error("missing");
            }
            if (value instanceof Map || value instanceof List) {
                throw error("expected a single value");
            }
            String s = String.valueOf(value).trim();
            if (s.isEmpty()) {
                throw error("is empty");
            }
            return s;
        }

        int positiveInt() {
            if (!(value instanceof Integer i) || i < 1) {
                throw error("expected a positive integer, got " + value);
            }
            return i;
        }

        double number() {
            if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw error("expected a number, got " + value);
            }
            return n.doubleValue();
        }
    }
}
