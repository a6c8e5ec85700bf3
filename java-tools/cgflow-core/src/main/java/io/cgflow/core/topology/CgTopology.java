package io.cgflow.core.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The coarse-grained system: beads with a type, a name, a mass and the molecule they belong to; the
 * bonded interactions (bonds, angles, dihedrals, each with a type name); and the bead pairs excluded from
 * non-bonded distributions. Produced by a mapping, or read back from a CG H5MD file.
 */
public final class CgTopology {
    /** A bonded interaction of type {@code name} between the beads {@code beads} (2, 3 or 4 of them). */
    public record Bonded(String name, int[] beads) {
    }

    private final List<String> types;
    private final int[] typeOf;
    private final int[] moleculeOf;
    private final String[] beadNames;
    private final double[] masses;
    private final List<Bonded> bonds;
    private final List<Bonded> angles;
    private final List<Bonded> dihedrals;
    private final Set<Long> excluded;

    public CgTopology(List<String> types, int[] typeOf, int[] moleculeOf, String[] beadNames, double[] masses,
                      List<Bonded> bonds, List<Bonded> angles, List<Bonded> dihedrals, Set<Long> excludedPairs) {
        int n = typeOf.length;
        if (moleculeOf.length != n || beadNames.length != n || masses.length != n) {
            throw new IllegalArgumentException("bead arrays differ in length");
        }
        this.types = List.copyOf(types);
        this.typeOf = typeOf.clone();
        this.moleculeOf = moleculeOf.clone();
        this.beadNames = beadNames.clone();
        this.masses = masses.clone();
        this.bonds = List.copyOf(bonds);
        this.angles = List.copyOf(angles);
        this.dihedrals = List.copyOf(dihedrals);
        this.excluded = Set.copyOf(excludedPairs);
    }

    /** Key of the unordered bead pair (i, j) in the exclusion set. */
    public static long pairKey(int i, int j) {
        int a = Math.min(i, j);
        int b = Math.max(i, j);
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** Pairs joined by a bond or an angle, within molecules: the default exclusions. */
    public static Set<Long> bondedExclusions(List<Bonded> bonds, List<Bonded> angles) {
        Set<Long> set = new HashSet<>();
        for (Bonded b : bonds) {
            set.add(pairKey(b.beads()[0], b.beads()[1]));
        }
        for (Bonded a : angles) {
            int[] x = a.beads();
            set.add(pairKey(x[0], x[1]));
            set.add(pairKey(x[1], x[2]));
            set.add(pairKey(x[0], x[2]));
        }
        return set;
    }

    public int size() {
        return typeOf.length;
    }

    public List<String> types() {
        return types;
    }

    public int typeOf(int bead) {
        return typeOf[bead];
    }

    public int[] typeIndices() {
        return typeOf.clone();
    }

    public int moleculeOf(int bead) {
        return moleculeOf[bead];
    }

    public int[] moleculeIndices() {
        return moleculeOf.clone();
    }

    public String beadName(int bead) {
        return beadNames[bead];
    }

    public double mass(int bead) {
        return masses[bead];
    }

    public List<Bonded> bonds() {
        return bonds;
    }

    public List<Bonded> angles() {
        return angles;
    }

    public List<Bonded> dihedrals() {
        return dihedrals;
    }

    /** True when the pair is excluded from non-bonded distributions. */
    public boolean excluded(int i, int j) {
        return moleculeOf[i] == moleculeOf[j] && !excluded.isEmpty() && excluded.contains(pairKey(i, j));
    }

    public Set<Long> excludedPairs() {
        return excluded;
    }

    /** Number of beads of each type. */
    public int[] typeCounts() {
        int[] counts = new int[types.size()];
        for (int t : typeOf) {
            counts[t]++;
        }
        return counts;
    }

    /** Distinct names of the bonded types of one kind, in order of first appearance. */
    public static List<String> names(List<Bonded> interactions) {
        List<String> names = new ArrayList<>();
        for (Bonded b : interactions) {
            if (!names.contains(b.name())) {
                names.add(b.name());
            }
        }
        return names;
    }

    /** An atomistic topology read as a CG one: every particle a bead, typed by species, nothing bonded. */
    public static CgTopology ofParticles(Topology topology) {
        int n = topology.size();
        int[] molecule = new int[n];
        String[] names = new String[n];
        double[] masses = topology.masses();
        for (int i = 0; i < n; i++) {
            molecule[i] = i;
            names[i] = topology.atom(i).name();
        }
        return new CgTopology(topology.speciesNames(), topology.species(), molecule, names, masses, List.of(),
            List.of(), List.of(), Set.of());
    }
}
