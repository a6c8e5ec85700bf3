package io.cgflow.potentials;

/** The named parts of the potential energy, as logs and THERMO lines report them. */
public enum Term {
    /** Non-bonded pair potentials (analytic or tabulated). */
    PAIR,
    BOND,
    ANGLE,
    DIHEDRAL,
    /** A learned many-body model. */
    NETWORK,
    /** A fixed prior added to a learned model (e.g. a short-range repulsion). */
    PRIOR;

    /** Lower-case name, as in logs: {@code pair}, {@code bond}, … */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
