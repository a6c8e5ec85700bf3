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
