package io.cgflow.mapping;

import io.cgflow.core.InputException;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a {@link Mapping} to an atomistic {@link Topology}: finds every instance of every molecule type,
 * checks it against the mapping (atom names, atom counts, non-zero weights) and builds the
 * {@link CgMapper}. Errors name the mapping file, the entry and the structure file.
 */
public final class MappingResolver {
    private MappingResolver() {
    }

    /** One molecule instance: its type and its atoms (global indices, in molecule order). */
    private record Instance(Mapping.MoleculeType type, int[] atoms) {
    }

    public static CgMapper resolve(Mapping mapping, Topology topology, Path structure) {
        Path file = mapping.source();
        TreeMap<Integer, Instance> instances = new TreeMap<>();
        boolean[] taken = new boolean[topology.size()];
        for (Mapping.MoleculeType type : mapping.molecules()) {
            List<int[]> found = find(file, type, topology, structure);
            int[] template = found.get(0);
            for (int k = 0; k < found.size(); k++) {
                int[] atoms = found.get(k);
                if (atoms.length != template.length) {
                    throw InputException.at(file, "molecule '" + type.name() + "'", "instance " + (k + 1) + " in "
                        + structure.getFileName() + " (atoms " + (atoms[0] + 1) + "-" + (atoms[atoms.length - 1] + 1)
                        + ") has " + atoms.length + " atoms; the first instance has " + template.length);
                }
                for (int a = 0; a < atoms.length; a++) {
                    if (!topology.atom(atoms[a]).name().equals(topology.atom(template[a]).name())) {
                        throw InputException.at(file, "molecule '" + type.name() + "'", "instance " + (k + 1)
                            + " in " + structure.getFileName() + ": atom " + (atoms[a] + 1) + " is named '"
                            + topology.atom(atoms[a]).name() + "' where the first instance has '"
                            + topology.atom(template[a]).name() + "'");
                    }
                    if (taken[atoms[a]]) {
                        throw InputException.at(file, "molecule '" + type.name() + "'", "atom " + (atoms[a] + 1)
                            + " of " + structure.getFileName() + " belongs to two molecule types");
                    }
                    taken[atoms[a]] = true;
                }
                instances.put(atoms[0], new Instance(type, atoms));
            }
        }

        // per molecule type: the beads' local atom indices and normalised weights, from the first instance
        Map<Mapping.MoleculeType, int[][]> localAtoms = new java.util.HashMap<>();
        Map<Mapping.MoleculeType, double[][]> weights = new java.util.HashMap<>();
        for (Mapping.MoleculeType type : mapping.molecules()) {
            Instance first = instances.values().stream().filter(i -> i.type == type).findFirst().orElseThrow();
            int nb = type.beads().size();
            int[][] local = new int[nb][];
            double[][] w = new double[nb][];
            for (int b = 0; b < nb; b++) {
                Mapping.Bead bead = type.beads().get(b);
                String where = "molecule '" + type.name() + "', bead '" + bead.name() + "'";
                local[b] = new int[bead.atoms().size()];
                w[b] = new double[bead.atoms().size()];
                Set<Integer> seen = new HashSet<>();
                for (int a = 0; a < bead.atoms().size(); a++) {
                    int index = localIndex(file, where, bead.atoms().get(a), first.atoms, topology, structure);
                    if (!seen.add(index)) {
                        throw InputException.at(file, where, "atom '" + bead.atoms().get(a) + "' is listed twice");
                    }
                    local[b][a] = index;
                    Atom atom = topology.atom(first.atoms[index]);
                    w[b][a] = bead.weights() != null ? bead.weights()[a] : type.massWeighted() ? atom.mass() : 1.0;
                    if (bead.weights() != null && !(w[b][a] >= 0 && Double.isFinite(w[b][a]))) {
                        throw InputException.at(file, where, "weight " + bead.weights()[a] + " of atom '"
                            + bead.atoms().get(a) + "' is not a finite number >= 0 (a bead's centre is a weighted"
                            + " average of its atoms)");
                    }
                }
                double sum = Arrays.stream(w[b]).sum();
                if (!(sum > 0) || !Double.isFinite(sum)) {
                    throw InputException.at(file, where, "weights sum to " + sum + (type.massWeighted()
                        && bead.weights() == null ? " (atoms without mass: give weights, or weights: geometric)"
                        : "") + "; a bead needs a positive total weight");
                }
                for (int a = 0; a < w[b].length; a++) {
                    w[b][a] /= sum;
                }
            }
            localAtoms.put(type, local);
            weights.put(type, w);
        }

        // beads in structure order
        List<String> types = new ArrayList<>(new LinkedHashSet<>(mapping.molecules().stream()
            .flatMap(m -> m.beads().stream()).map(Mapping.Bead::type).toList()));
        List<Integer> beadType = new ArrayList<>();
        List<Integer> beadMolecule = new ArrayList<>();
        List<String> beadNames = new ArrayList<>();
        List<Double> beadMass = new ArrayList<>();
        List<int[]> beadAtoms = new ArrayList<>();
        List<double[]> beadWeights = new ArrayList<>();
        List<int[]> moleculeAtoms = new ArrayList<>();
        List<String> moleculeTypes = new ArrayList<>();
        List<CgTopology.Bonded> bonds = new ArrayList<>();
        List<CgTopology.Bonded> angles = new ArrayList<>();
        List<CgTopology.Bonded> dihedrals = new ArrayList<>();
        Set<Long> excluded = new HashSet<>();
        int molecule = 0;
        for (Instance inst : instances.values()) {
            Mapping.MoleculeType type = inst.type;
            int firstBead = beadType.size();
            int[][] local = localAtoms.get(type);
            for (int b = 0; b < type.beads().size(); b++) {
                Mapping.Bead bead = type.beads().get(b);
                int[] atoms = new int[local[b].length];
                double mass = 0;
                for (int a = 0; a < atoms.length; a++) {
                    atoms[a] = inst.atoms[local[b][a]];
                    mass += topology.atom(atoms[a]).mass();
                }
                beadType.add(types.indexOf(bead.type()));
                beadMolecule.add(molecule);
                beadNames.add(bead.name());
                beadMass.add(mass);
                beadAtoms.add(atoms);
                beadWeights.add(weights.get(type)[b]);
            }
            List<String> names = type.beads().stream().map(Mapping.Bead::name).toList();
            addBonded(type.bonds(), names, firstBead, bonds);
            addBonded(type.angles(), names, firstBead, angles);
            addBonded(type.dihedrals(), names, firstBead, dihedrals);
            int nb = type.beads().size();
            switch (type.exclusions()) {
                case BONDED -> {
                    excluded.addAll(CgTopology.bondedExclusions(bonds.subList(bonds.size() - type.bonds().size(),
                        bonds.size()), angles.subList(angles.size() - type.angles().size(), angles.size())));
                }
                case ALL -> {
                    for (int i = 0; i < nb; i++) {
                        for (int j = i + 1; j < nb; j++) {
                            excluded.add(CgTopology.pairKey(firstBead + i, firstBead + j));
                        }
                    }
                }
                case NONE -> {
                }
            }
            moleculeAtoms.add(inst.atoms);
            moleculeTypes.add(type.name());
            molecule++;
        }
        int n = beadType.size();
        CgTopology cg = new CgTopology(types, beadType.stream().mapToInt(Integer::intValue).toArray(),
            beadMolecule.stream().mapToInt(Integer::intValue).toArray(), beadNames.toArray(new String[0]),
            beadMass.stream().mapToDouble(Double::doubleValue).toArray(), bonds, angles, dihedrals, excluded);
        MoleculeTraversal traversal = MoleculeTraversal.of(topology, moleculeAtoms.toArray(new int[0][]),
            beadAtoms.toArray(new int[n][]), cg.moleculeIndices());
        return new CgMapper(cg, topology.size(), beadWeights.toArray(new double[n][]), traversal,
            moleculeTypes.toArray(new String[0]), moleculeAtoms.stream().mapToInt(a -> a[0]).toArray());
    }

    private static void addBonded(List<Mapping.Bonded> defs, List<String> names, int firstBead,
                                  List<CgTopology.Bonded> out) {
        for (Mapping.Bonded d : defs) {
            int[] beads = new int[d.beads().size()];
            for (int k = 0; k < beads.length; k++) {
                beads[k] = firstBead + names.indexOf(d.beads().get(k));
            }
            out.add(new CgTopology.Bonded(d.name(), beads));
        }
    }

    private static int localIndex(Path file, String where, String spec, int[] atoms, Topology topology,
                                  Path structure) {
        if (spec.startsWith("#")) {
            int k;
            try {
                k = Integer.parseInt(spec.substring(1));
            } catch (NumberFormatException e) {
                throw InputException.at(file, where, "atom '" + spec + "' is neither an atom name nor #position");
            }
            if (k < 1 || k > atoms.length) {
                throw InputException.at(file, where, "atom position " + k + " is outside the molecule's "
                    + atoms.length + " atoms");
            }
            return k - 1;
        }
        for (int a = 0; a < atoms.length; a++) {
            if (topology.atom(atoms[a]).name().equals(spec)) {
                return a;
            }
        }
        List<String> present = new ArrayList<>();
        for (int a : atoms) {
            present.add(topology.atom(a).name());
        }
        throw InputException.at(file, where, "atom '" + spec + "' does not exist in the molecule in "
            + structure.getFileName() + " (its atoms: " + String.join(" ", present) + ")");
    }

    /** The atoms of every instance of {@code type} in the structure. */
    private static List<int[]> find(Path file, Mapping.MoleculeType type, Topology topology, Path structure) {
        List<int[]> found = new ArrayList<>();
        String where = "molecule '" + type.name() + "'";
        if (type.selection() instanceof Mapping.ByResidue r) {
            int n = topology.size();
            int i = 0;
            Set<String> residueNames = new LinkedHashSet<>();
            while (i < n) {
                Atom a = topology.atom(i);
                int j = i + 1;
                while (j < n && topology.atom(j).residueId() == a.residueId()
                    && topology.atom(j).residueName().equals(a.residueName())) {
                    j++;
                }
                residueNames.add(a.residueName());
                if (a.residueName().equals(r.residueName())) {
                    int[] atoms = new int[j - i];
                    for (int k = 0; k < atoms.length; k++) {
                        atoms[k] = i + k;
                    }
                    found.add(atoms);
                }
                i = j;
            }
            if (found.isEmpty()) {
                throw InputException.at(file, where, "no residue named '" + r.residueName() + "' in "
                    + structure.getFileName() + " (its residues: " + String.join(", ", residueNames) + ")");
            }
        } else if (type.selection() instanceof Mapping.ByAtomRange r) {
            if (r.first() - 1 + r.count() > topology.size()) {
                throw InputException.at(file, where, "atoms " + r.first() + "-" + (r.first() + r.count() - 1)
                    + " run past the " + topology.size() + " atoms of " + structure.getFileName());
            }
            for (int start = r.first() - 1; start < r.first() - 1 + r.count(); start += r.perMolecule()) {
                int[] atoms = new int[r.perMolecule()];
                for (int k = 0; k < atoms.length; k++) {
                    atoms[k] = start + k;
                }
                found.add(atoms);
            }
        }
        return found;
    }
}
