package io.cgflow.potentials;

/** The bonded coordinates: bond length (2 beads), bond angle (3, centre in the middle), dihedral (4). */
public enum BondedKind {
    BOND(2, Term.BOND),
    ANGLE(3, Term.ANGLE),
    DIHEDRAL(4, Term.DIHEDRAL);

    private final int beads;
    private final Term term;

    BondedKind(int beads, Term term) {
        this.beads = beads;
        this.term = term;
    }

    public int beads() {
        return beads;
    }

    public Term term() {
        return term;
    }

    /** The topology's interactions of this kind. */
    java.util.List<io.cgflow.core.topology.CgTopology.Bonded> of(io.cgflow.core.topology.CgTopology topology) {
        return switch (this) {
            case BOND -> topology.bonds();
            case ANGLE -> topology.angles();
            case DIHEDRAL -> topology.dihedrals();
        };
    }
}
