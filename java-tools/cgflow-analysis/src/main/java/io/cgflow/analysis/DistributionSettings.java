package io.cgflow.analysis;

/**
 * Ranges and bin widths of the distributions: RDFs on [0, rdfMax) nm, bonds on [0, bondMax) nm, angles on
 * [0, 180] degrees, dihedrals on [−180, 180) degrees.
 */
public record DistributionSettings(double rdfMax, double rdfBin, double bondMax, double bondBin, double angleBin,
                                   double dihedralBin) {
    public static final double DEFAULT_RDF_BIN = 0.002;
    public static final double DEFAULT_BOND_MAX = 1.0;
    public static final double DEFAULT_BOND_BIN = 0.001;
    public static final double DEFAULT_ANGLE_BIN = 1.0;
    public static final double DEFAULT_DIHEDRAL_BIN = 2.0;
    /** The most bins one distribution may have: a range and bin width beyond it are refused as a mistake. */
    public static final long MAX_BINS = 1_000_000;

    /** Bins of a range [0, max) in bins of {@code width} (as a long: may exceed any array). */
    public static long bins(double max, double width) {
        return (long) Math.floor(max / width + 1e-9);
    }

    /**
     * Bytes of the block histograms of an accumulator: RDF sums for {@code typePairs} pairs and bonded counts
     * for {@code bondedTypes} types, per block (an estimate used to refuse settings that cannot fit).
     */
    public long histogramBytes(int typePairs, int[] bondedTypesByKind, long blocks) {
        long rdf = (long) typePairs * (bins(rdfMax, rdfBin) * (blocks + 1) * 8 + 8);
        long bonded = bondedTypesByKind[0] * bins(bondMax, bondBin) + bondedTypesByKind[1] * bins(180, angleBin)
            + (long) bondedTypesByKind[2] * bins(360, dihedralBin);
        return rdf + bonded * 8 * blocks;
    }

    public Grid rdfGrid() {
        return Grid.of(0, rdfMax, rdfBin);
    }

    public Grid bondGrid() {
        return Grid.of(0, bondMax, bondBin);
    }

    public Grid angleGrid() {
        return Grid.of(0, 180, angleBin);
    }

    public Grid dihedralGrid() {
        return Grid.of(-180, 180, dihedralBin);
    }
}
