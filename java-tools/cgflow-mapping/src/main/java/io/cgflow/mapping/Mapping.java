package io.cgflow.mapping;

import java.nio.file.Path;
import java.util.List;

/**
 * An atomistic-to-CG mapping as written by the user (docs/mapping.md): the molecule types to keep, each
 * with its beads and CG bonded topology. Molecules of types not listed (solvent, say) are dropped.
 * Validated against a structure by {@link MappingResolver}.
 */
public record Mapping(Path source, List<MoleculeType> molecules) {
    public Mapping {
        molecules = List.copyOf(molecules);
    }

    /** How the instances of a molecule type are found in the structure. */
    public sealed interface Selection permits ByResidue, ByAtomRange {
    }

    /** Every residue of this name (a run of consecutive atoms with one residue name and number) is a molecule. */
    public record ByResidue(String residueName) implements Selection {
    }

    /**
     * {@code count} atoms from the 1-based atom {@code first}, cut into molecules of {@code perMolecule} atoms
     * (for molecules spanning several residues: peptides, lipids with split residues, nanoparticles).
     */
    public record ByAtomRange(int first, int count, int perMolecule) implements Selection {
    }

    /** Which intra-molecular bead pairs non-bonded distributions leave out. */
    public enum Exclusions {
        /** Pairs joined by a bond or an angle (the default). */
        BONDED,
        /** No pair: every intra-molecular pair counts. */
        NONE,
        /** Every pair of beads of one molecule. */
        ALL
    }

    /**
     * One bead: name (unique in its molecule), type, atoms (names in the residue, or 1-based positions in the
     * molecule as "#3"), and weights (null: from the molecule's weighting).
     */
    public record Bead(String name, String type, List<String> atoms, double[] weights) {
        public Bead {
            atoms = List.copyOf(atoms);
        }
    }

    /** A bonded interaction of type {@code name} between beads named in its molecule. */
    public record Bonded(String name, List<String> beads) {
        public Bonded {
            beads = List.copyOf(beads);
        }
    }

    /** One molecule type. {@code massWeighted}: centres of mass (default) or geometric centres. */
    public record MoleculeType(String name, Selection selection, boolean massWeighted, List<Bead> beads,
                               List<Bonded> bonds, List<Bonded> angles, List<Bonded> dihedrals,
                               Exclusions exclusions) {
        public MoleculeType {
            beads = List.copyOf(beads);
            bonds = List.copyOf(bonds);
            angles = List.copyOf(angles);
            dihedrals = List.copyOf(dihedrals);
        }
    }
}
