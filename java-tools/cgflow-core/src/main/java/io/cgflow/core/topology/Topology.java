package io.cgflow.core.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The particles of a system in file order. Species are the distinct particle kinds (force-field type
 * where the structure has types, else the atom name), numbered in order of first appearance. Bonds, when
 * the source has them (GROMACS topology, LAMMPS data, cgflow H5MD), are pairs of 0-based atom indices;
 * a structure without bonded information (GRO, PDB) has none.
 */
public final class Topology {
    private static final int[] NO_BONDS = new int[0];

    private final List<Atom> atoms;
    private final List<String> speciesNames;
    private final int[] species;
    private final int[] bonds;

    public Topology(List<Atom> atoms) {
        this(atoms, NO_BONDS);
    }

    /**
     * @param bonds atom index pairs, flattened: bond k joins {@code bonds[2k]} and {@code bonds[2k+1]} (0-based)
     */
    public Topology(List<Atom> atoms, int[] bonds) {
        this.atoms = List.copyOf(atoms);
        if (bonds.length % 2 != 0) {
            throw new IllegalArgumentException("bond list has an odd number of atom indices");
        }
        for (int b : bonds) {
            if (b < 0 || b >= this.atoms.size()) {
                throw new IllegalArgumentException("bond names atom " + b + " of " + this.atoms.size());
            }
        }
        this.bonds = bonds.length == 0 ? NO_BONDS : bonds.clone();
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

    /** Number of bonds (0 when the source has no bonded information). */
    public int bondCount() {
        return bonds.length / 2;
    }

    /** The bonds as flattened atom index pairs (a copy): bond k joins {@code [2k]} and {@code [2k+1]}. */
    public int[] bonds() {
        return bonds.clone();
    }

    /** The same atoms with these bonds. */
    public Topology withBonds(int[] newBonds) {
        return new Topology(atoms, newBonds);
    }
}
