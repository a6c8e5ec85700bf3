package io.cgflow.core.geometry;

/**
 * Periodic geometry of one box: fractional coordinates, minimum images, perpendicular widths. For the
 * lower-triangular boxes GROMACS and LAMMPS use, the minimum image is found by removing c, then b, then a
 * (exact for every distance shorter than half the smallest perpendicular width); other cells are
 * reduced in fractional coordinates and the 27 neighbouring images are compared.
 */
public final class PeriodicCell {
    private final double[] m;
    private final double[] inv;
    private final boolean lowerTriangular;
    private final double[] widths;

    public PeriodicCell(Box box) {
        this.m = box.matrix();
        this.lowerTriangular = m[1] == 0 && m[2] == 0 && m[5] == 0;
        this.inv = invert(m);
        // perpendicular width d: volume / |cross product of the other two vectors|
        double vol = Math.abs(box.volume());
        this.widths = new double[] {
            vol / norm(cross(row(1), row(2))), vol / norm(cross(row(0), row(2))), vol / norm(cross(row(0), row(1)))};
    }

    private double[] row(int r) {
        return new double[] {m[3 * r], m[3 * r + 1], m[3 * r + 2]};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double norm(double[] a) {
        return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    }

    /** Inverse of a row-major 3×3 matrix (rows are box vectors): fractional s = r · inv. */
    private static double[] invert(double[] a) {
        double det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
            + a[2] * (a[3] * a[7] - a[4] * a[6]);
        double[] r = new double[9];
        r[0] = (a[4] * a[8] - a[5] * a[7]) / det;
        r[1] = (a[2] * a[7] - a[1] * a[8]) / det;
        r[2] = (a[1] * a[5] - a[2] * a[4]) / det;
        r[3] = (a[5] * a[6] - a[3] * a[8]) / det;
        r[4] = (a[0] * a[8] - a[2] * a[6]) / det;
        r[5] = (a[2] * a[3] - a[0] * a[5]) / det;
        r[6] = (a[3] * a[7] - a[4] * a[6]) / det;
        r[7] = (a[1] * a[6] - a[0] * a[7]) / det;
        r[8] = (a[0] * a[4] - a[1] * a[3]) / det;
        return r;
    }

    /** Perpendicular widths of the cell (distance between opposite faces), nm. */
    public double[] widths() {
        return widths.clone();
    }

    /** The smallest perpendicular width; minimum images are unique below half of it. */
    public double minWidth() {
        return Math.min(widths[0], Math.min(widths[1], widths[2]));
    }

    /** Box matrix element (row, column). */
    public double get(int row, int column) {
        return m[3 * row + column];
    }

    /** Fractional coordinates of a Cartesian vector, written to {@code out}. */
    public void toFractional(double x, double y, double z, double[] out) {
        out[0] = x * inv[0] + y * inv[3] + z * inv[6];
        out[1] = x * inv[1] + y * inv[4] + z * inv[7];
        out[2] = x * inv[2] + y * inv[5] + z * inv[8];
    }

    /** Replaces the displacement {@code d} (length 3) by its minimum image. */
    public void minimumImage(double[] d) {
        if (lowerTriangular) {
            double n = Math.rint(d[2] / m[8]);
            d[0] -= n * m[6];
            d[1] -= n * m[7];
            d[2] -= n * m[8];
            n = Math.rint(d[1] / m[4]);
            d[0] -= n * m[3];
            d[1] -= n * m[4];
            n = Math.rint(d[0] / m[0]);
            d[0] -= n * m[0];
            if (isOrthogonal()) {
                return;
            }
            // skewed boxes: the sequential reduction can miss by one image; check the neighbours
        }
        double[] s = new double[3];
        toFractional(d[0], d[1], d[2], s);
        for (int k = 0; k < 3; k++) {
            s[k] -= Math.rint(s[k]);
        }
        double bx = 0;
        double by = 0;
        double bz = 0;
        double best = Double.MAX_VALUE;
        for (int i = -1; i <= 1; i++) {
            for (int j = -1; j <= 1; j++) {
                for (int k = -1; k <= 1; k++) {
                    double a = s[0] + i;
                    double b = s[1] + j;
                    double c = s[2] + k;
                    double x = a * m[0] + b * m[3] + c * m[6];
                    double y = a * m[1] + b * m[4] + c * m[7];
                    double z = a * m[2] + b * m[5] + c * m[8];
                    double r2 = x * x + y * y + z * z;
                    if (r2 < best) {
                        best = r2;
                        bx = x;
                        by = y;
                        bz = z;
                    }
                }
            }
        }
        d[0] = bx;
        d[1] = by;
        d[2] = bz;
    }

    private boolean isOrthogonal() {
        return m[3] == 0 && m[6] == 0 && m[7] == 0;
    }

    public double volume() {
        return Math.abs(m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6]));
    }
}
