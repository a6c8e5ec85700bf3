package io.cgflow.io.trajectory;

/**
 * The atom count a trajectory must have, from its structure ({@code count} 0: unknown), and the structure's
 * name for messages (null: unnamed). Readers check header counts against it before they allocate.
 */
record ExpectedAtoms(int count, String structure) {
    static ExpectedAtoms of(int count) {
        return new ExpectedAtoms(count, null);
    }

    /** Whether a declared count contradicts the known one. */
    boolean contradicts(long declared) {
        return count > 0 && declared != count;
    }

    /** "but the structure conf.gro has N" (or "but the structure has N"). */
    String mismatch() {
        return "but the structure " + (structure == null ? "" : structure + " ") + "has " + count;
    }
}
