package io.cgflow.potentials;

/**
 * The cubic spline of a {@link Table} as one polynomial per grid interval, for fast backends: on
 * [x_k, x_k+1] with t = (x − x_k)/h, S = c0 + t (c1 + t (c2 + t c3)) and dS/dx = (c1 + t (2 c2 + 3 t c3))/h,
 * the same spline as the reference evaluators use (equal to rounding).
 */
public final class SplinePolynomials {
    private SplinePolynomials() {
    }

    /** Coefficients c0, c1, c2, c3 of every interval k = 0 … n−2 (periodic tables: n intervals), in order. */
    public static double[] of(Table table) {
        CubicSpline s = new CubicSpline(table);
        double[] y = table.energies();
        double[] m = s.secondDerivatives();
        int n = table.size();
        boolean periodic = table.boundary() == Table.Boundary.PERIODIC;
        int intervals = periodic ? n : n - 1;
        double h = table.step();
        double h6 = h * h / 6;
        double[] c = new double[4 * intervals];
        for (int k = 0; k < intervals; k++) {
            int k1 = k + 1 == n ? 0 : k + 1;
            c[4 * k] = y[k];
            c[4 * k + 1] = y[k1] - y[k] - h6 * (2 * m[k] + m[k1]);
            c[4 * k + 2] = 3 * h6 * m[k];
            c[4 * k + 3] = h6 * (m[k1] - m[k]);
        }
        return c;
    }
}
