package io.cgflow.core.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The particles of a system in file order. Species are the distinct particle kinds (force-field type
 * where the structure has types, else the atom name), numbered in order of first appearance.
 */
public final class Topology {
    private final List<Atom> atoms;
    private final List<String> speciesNames;
    private final int[] species;

    public Topology(List<Atom> atoms) {
        this.atoms = List.copyOf(atoms);
        Map<String, Integer> index = new LinkedHashMap<>();
        this.species = new int[this.atoms.size()];
        for (int i = 0; i < species.length; i++) {
            Atom a = this.atoms.get(i);
            String kind = a.type().isEmpty() ? a.name() : a.type();
            species[i] = index.computeIfAbsent(kind, k -> index.size());
        }
        this.speciesNames = List.copyOf(new ArrayList<>(index.keySet()));
    }

    public int size() {
        return atoms.size();
    }

    public Atom atom(int i) {
        return atoms.get(i);
    }

    public List<Atom> atoms() {
        return atoms;
    }

    /** Species index of every atom. */
    public int[] species() {
        return species.clone();
    }

    /** Name of each species index. */
    public List<String> speciesNames() {
        return speciesNames;
    }

    public double[] masses() {
        double[] m = new double[atoms.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = atoms.get(i).mass();
        }
        return m;
    }
}
