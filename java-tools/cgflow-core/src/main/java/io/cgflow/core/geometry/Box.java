package io.cgflow.core.geometry;

import java.util.Arrays;

/**
 * A periodic simulation cell given by its three box vectors a, b, c (rows of a 3×3 matrix), in nm.
 * GROMACS and H5MD keep boxes lower-triangular (a along x, b in the xy plane); this class accepts any
 * right-handed cell and never rotates it. Immutable.
 */
public final class Box {
    private final double[] m;

    private Box(double[] m) {
        this.m = m;
    }

    /** A box from its vectors a = (ax, ay, az), b = (bx, by, bz), c = (cx, cy, cz). */
    public static Box ofVectors(double ax, double ay, double az, double bx, double by, double bz,
                                double cx, double cy, double cz) {
        return new Box(new double[] {ax, ay, az, bx, by, bz, cx, cy, cz});
    }

    /** A box from a row-major 3×3 matrix whose rows are a, b, c. */
    public static Box ofMatrix(double[] rowMajor) {
        if (rowMajor.length != 9) {
            throw new IllegalArgumentException("a box matrix has 9 elements, not " + rowMajor.length);
        }
        return new Box(rowMajor.clone());
    }

    public static Box orthorhombic(double lx, double ly, double lz) {
        return ofVectors(lx, 0, 0, 0, ly, 0, 0, 0, lz);
    }

    /**
     * The GROMACS/H5MD lower-triangular box of edge lengths a, b, c and angles α (b,c), β (a,c),
     * γ (a,b) in degrees, as in PDB CRYST1 records and DCD unit cells.
     */
    public static Box fromLengthsAndAngles(double a, double b, double c, double alpha, double beta, double gamma) {
        double cosA = cosDeg(alpha);
        double cosB = cosDeg(beta);
        double cosG = cosDeg(gamma);
        double sinG = gamma == 90.0 ? 1.0 : Math.sin(Math.toRadians(gamma));
        double bx = b * cosG;
        double by = b * sinG;
        double cx = c * cosB;
        double cy = c * (cosA - cosB * cosG) / sinG;
        double cz2 = c * c - cx * cx - cy * cy;
        double cz = cz2 > 0 ? Math.sqrt(cz2) : 0.0;
        return ofVectors(a, 0, 0, bx, by, 0, cx, cy, cz);
    }

    private static double cosDeg(double angle) {
        return angle == 90.0 ? 0.0 : Math.cos(Math.toRadians(angle));
    }

    /** Element (row, column) of the box matrix: component {@code column} of vector {@code row}. */
    public double get(int row, int column) {
        return m[3 * row + column];
    }

    /** Row-major copy of the box matrix. */
    public double[] matrix() {
        return m.clone();
    }

    /** Lengths |a|, |b|, |c|. */
    public double[] lengths() {
        return new double[] {norm(0), norm(1), norm(2)};
    }

    /** Angles α (b,c), β (a,c), γ (a,b) in degrees. */
    public double[] angles() {
        return new double[] {angle(1, 2), angle(0, 2), angle(0, 1)};
    }

    public double volume() {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /** True when a, b, c lie along x, y, z. */
    public boolean isOrthorhombic() {
        return m[1] == 0 && m[2] == 0 && m[3] == 0 && m[5] == 0 && m[6] == 0 && m[7] == 0;
    }

    /** True when every element is finite and the cell encloses a positive volume. */
    public boolean isValid() {
        for (double v : m) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return volume() > 0;
    }

    /** The same cell with every element multiplied by {@code factor} (unit conversion). */
    public Box scaled(double factor) {
        double[] s = m.clone();
        for (int i = 0; i < 9; i++) {
            s[i] *= factor;
        }
        return new Box(s);
    }

    private double norm(int r) {
        return Math.sqrt(dot(r, r));
    }

    private double dot(int r, int s) {
        return m[3 * r] * m[3 * s] + m[3 * r + 1] * m[3 * s + 1] + m[3 * r + 2] * m[3 * s + 2];
    }

    private double angle(int r, int s) {
        double c = dot(r, s) / (norm(r) * norm(s));
        return Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, c))));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box other && Arrays.equals(m, other.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return "Box" + Arrays.toString(m);
    }
}
