package io.cgflow.analysis;

import io.cgflow.core.geometry.PeriodicCell;

/** Bond lengths (nm), bond angles (degrees, 0–180) and dihedrals (degrees, IUPAC: trans = 180) at minimum image. */
public final class BondedGeometry {
    private BondedGeometry() {
    }

    private static double[] vector(float[] x, int from, int to, PeriodicCell cell) {
        double[] d = {x[3 * to] - x[3 * from], x[3 * to + 1] - x[3 * from + 1], x[3 * to + 2] - x[3 * from + 2]};
        cell.minimumImage(d);
        return d;
    }

    public static double length(float[] x, int i, int j, PeriodicCell cell) {
        double[] d = vector(x, i, j, cell);
        return Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    }

    /** Angle i–j–k at bead j. */
    public static double angle(float[] x, int i, int j, int k, PeriodicCell cell) {
        double[] a = vector(x, j, i, cell);
        double[] b = vector(x, j, k, cell);
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        double cross = Math.sqrt(sq(a[1] * b[2] - a[2] * b[1]) + sq(a[2] * b[0] - a[0] * b[2])
            + sq(a[0] * b[1] - a[1] * b[0]));
        return Math.toDegrees(Math.atan2(cross, dot));
    }

    /** Dihedral i–j–k–l in (−180, 180]. */
    public static double dihedral(float[] x, int i, int j, int k, int l, PeriodicCell cell) {
        double[] b1 = vector(x, i, j, cell);
        double[] b2 = vector(x, j, k, cell);
        double[] b3 = vector(x, k, l, cell);
        double[] n1 = cross(b1, b2);
        double[] n2 = cross(b2, b3);
        double b2len = Math.sqrt(b2[0] * b2[0] + b2[1] * b2[1] + b2[2] * b2[2]);
        double[] m1 = cross(n1, new double[] {b2[0] / b2len, b2[1] / b2len, b2[2] / b2len});
        double xx = n1[0] * n2[0] + n1[1] * n2[1] + n1[2] * n2[2];
        double yy = m1[0] * n2[0] + m1[1] * n2[1] + m1[2] * n2[2];
        return -Math.toDegrees(Math.atan2(yy, xx));
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double sq(double v) {
        return v * v;
    }
}
