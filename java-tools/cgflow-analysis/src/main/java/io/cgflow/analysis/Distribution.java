package io.cgflow.analysis;

/**
 * One reference distribution: g(r) of a bead-type pair, or the probability density of a bonded type's
 * bond length (per nm), angle or dihedral (per degree). {@code x} are bin centres; {@code error} the
 * standard error of the mean over blocks (NaN with fewer than two full blocks); {@code counts} the raw
 * number of pairs or instances per bin over all frames; {@code norm} the normalisation count (pairs N_A·N_B or
 * N_A(N_A−1)/2 for an RDF, instances per frame for a bonded type); {@code outside} values that fell outside
 * the grid.
 */
public record Distribution(Kind kind, String name, String typeA, String typeB, Grid grid, double[] x, double[] value,
                           double[] error, long[] counts, long norm, long outside) {

    /** The four kinds of structural observable. */
    public enum Kind {
        RDF("rdf", "nm"), BOND("bond", "nm"), ANGLE("angle", "deg"), DIHEDRAL("dihedral", "deg");

        private final String prefix;
        private final String unit;

        Kind(String prefix, String unit) {
            this.prefix = prefix;
            this.unit = unit;
        }

        /** File and group prefix: rdf, bond, angle, dihedral. */
        public String prefix() {
            return prefix;
        }

        /** Unit of x. */
        public String unit() {
            return unit;
        }
    }
}
