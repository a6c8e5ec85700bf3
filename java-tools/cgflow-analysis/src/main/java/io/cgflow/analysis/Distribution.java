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

    /** The mean of x under the density (bin centres weighted by value); NaN for an empty distribution. */
    public double mean() {
        double sum = 0;
        double m = 0;
        for (int k = 0; k < value.length; k++) {
            sum += value[k];
            m += value[k] * x[k];
        }
        return m / sum;
    }

    /**
     * The standard deviation of x under the density, at least one bin width (the grid resolves no narrower
     * spread); NaN for an empty distribution.
     */
    public double spread() {
        double mean = mean();
        double sum = 0;
        double var = 0;
        for (int k = 0; k < value.length; k++) {
            sum += value[k];
            var += value[k] * (x[k] - mean) * (x[k] - mean);
        }
        return Math.sqrt(Math.max(var / sum, grid.width() * grid.width()));
    }
}
