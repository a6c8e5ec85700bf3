package io.cgflow.potentials;

/**
 * The cubic spline of a {@link Table} on its uniform grid, in the second-derivative form: on [x_k, x_k+1]
 * with t = (x − x_k)/h, a = 1 − t, S = a y_k + t y_k+1 + h²/6 [(a³ − a) M_k + (t³ − t) M_k+1], and S' its exact
 * derivative, so forces are consistent with energies. The second derivatives M solve T M = R y + c with T
 * the symmetric (cyclic for periodic) tridiagonal spline matrix; the spline is therefore linear in the
 * energies y, and ∂S/∂y = ∂S/∂y|_M + Rᵀ T⁻¹ ∂S/∂M: evaluations accumulate the two partial derivatives,
 * and {@link #finishGradient} applies one tridiagonal solve per evaluation, not one per pair. Not
 * thread-safe (scratch arrays).
 */
final class CubicSpline {
    private final Table table;
    private final int n;
    private final double x0;
    private final double h;
    private final double[] y;
    private final double[] m;
    private final Table.Boundary boundary;
    private final double[] gy;
    private final double[] gm;
    private final double[] work;
    private final double[] work2;
    private boolean touched;

    CubicSpline(Table table) {
        this.table = table;
        this.n = table.size();
        this.x0 = table.start();
        this.h = table.step();
        this.boundary = table.boundary();
        this.y = table.energies();
        this.m = new double[n];
        this.gy = new double[n];
        this.gm = new double[n];
        this.work = new double[n];
        this.work2 = new double[n];
        solveSecondDerivatives();
    }

    Table table() {
        return table;
    }

    int size() {
        return n;
    }

    /** The spline's second derivatives at the grid points (a copy). */
    double[] secondDerivatives() {
        return m.clone();
    }

    double[] values() {
        return y.clone();
    }

    void setValues(double[] values, int offset) {
        System.arraycopy(values, offset, y, 0, n);
        solveSecondDerivatives();
    }

    private void solveSecondDerivatives() {
        double c = 6 / (h * h);
        double[] rhs = new double[n];
        for (int i = 1; i < n - 1; i++) {
            rhs[i] = c * (y[i - 1] - 2 * y[i] + y[i + 1]);
        }
        switch (boundary) {
            case NATURAL -> {
                java.util.Arrays.fill(m, 0);
                solveInterior(rhs, m);
            }
            case CLAMPED -> {
                rhs[0] = c * (y[1] - y[0]) - 6 * table.startSlope() / h;
                rhs[n - 1] = c * (y[n - 2] - y[n - 1]) + 6 * table.endSlope() / h;
                solveClamped(rhs, m);
            }
            case PERIODIC -> {
                rhs[0] = c * (y[n - 1] - 2 * y[0] + y[1]);
                rhs[n - 1] = c * (y[n - 2] - 2 * y[n - 1] + y[0]);
                solveCyclic(rhs, m);
            }
        }
    }

    /** Natural: rows 1 … n−2 of [1 4 1], M_0 = M_n−1 = 0. */
    private void solveInterior(double[] rhs, double[] out) {
        int size = n - 2;
        double[] diag = new double[size];
        java.util.Arrays.fill(diag, 4);
        double[] b = new double[size];
        System.arraycopy(rhs, 1, b, 0, size);
        double[] sol = new double[size];
        thomas(diag, b, sol, size);
        System.arraycopy(sol, 0, out, 1, size);
    }

    /** Clamped: [2 1; 1 4 1; …; 1 2]. */
    private void solveClamped(double[] rhs, double[] out) {
        double[] diag = new double[n];
        java.util.Arrays.fill(diag, 4);
        diag[0] = 2;
        diag[n - 1] = 2;
        thomas(diag, rhs.clone(), out, n);
    }

    /** Periodic: [4 1 … 1; 1 4 1; …; 1 … 1 4], by Sherman–Morrison on a tridiagonal system. */
    private void solveCyclic(double[] rhs, double[] out) {
        // T = A + u vᵀ with u = (γ, 0, …, 0, 1), v = (1, 0, …, 0, 1/γ), γ = −4
        double gamma = -4;
        double[] diag = new double[n];
        java.util.Arrays.fill(diag, 4);
        diag[0] = 4 - gamma;
        diag[n - 1] = 4 - 1 / gamma;
        double[] ySol = new double[n];
        thomas(diag, rhs.clone(), ySol, n);
        double[] u = new double[n];
        u[0] = gamma;
        u[n - 1] = 1;
        double[] z = new double[n];
        thomas(diag, u, z, n);
        double fact = (ySol[0] + ySol[n - 1] / gamma) / (1 + z[0] + z[n - 1] / gamma);
        for (int i = 0; i < n; i++) {
            out[i] = ySol[i] - fact * z[i];
        }
    }

    /** Solves the tridiagonal system with unit off-diagonals and the given diagonal; b is overwritten. */
    private static void thomas(double[] diag, double[] b, double[] x, int size) {
        double[] c = new double[size];
        double beta = diag[0];
        x[0] = b[0] / beta;
        for (int i = 1; i < size; i++) {
            c[i] = 1 / beta;
            beta = diag[i] - c[i];
            x[i] = (b[i] - x[i - 1]) / beta;
        }
        for (int i = size - 2; i >= 0; i--) {
            x[i] -= c[i + 1] * x[i + 1];
        }
    }

    /** Interval index of x (clamped to the grid for non-periodic tables; x already range-checked). */
    private int interval(double x) {
        int k = (int) Math.floor((x - x0) / h);
        if (boundary == Table.Boundary.PERIODIC) {
            return Math.floorMod(k, n);
        }
        return Math.max(0, Math.min(n - 2, k));
    }

    /** x reduced to [x0, x0 + n h) for periodic tables. */
    private double reduce(double x) {
        if (boundary != Table.Boundary.PERIODIC) {
            return x;
        }
        double period = n * h;
        return x - period * Math.floor((x - x0) / period);
    }

    /** S(x); writes S'(x) into {@code derivative[0]}. */
    double evaluate(double xIn, double[] derivative) {
        double x = reduce(xIn);
        int k = interval(x);
        int k1 = k + 1 == n ? 0 : k + 1;
        double t = (x - (x0 + k * h)) / h;
        double a = 1 - t;
        double h6 = h * h / 6;
        double s = a * y[k] + t * y[k1] + h6 * ((a * a * a - a) * m[k] + (t * t * t - t) * m[k1]);
        derivative[0] = (y[k1] - y[k]) / h + h / 6 * ((1 - 3 * a * a) * m[k] + (3 * t * t - 1) * m[k1]);
        return s;
    }

    /** Adds {@code weight} × ∂S(x)/∂(y, M) to the accumulators; {@link #finishGradient} turns them into ∂/∂y. */
    void accumulateGradient(double xIn, double weight) {
        double x = reduce(xIn);
        int k = interval(x);
        int k1 = k + 1 == n ? 0 : k + 1;
        double t = (x - (x0 + k * h)) / h;
        double a = 1 - t;
        double h6 = h * h / 6;
        gy[k] += weight * a;
        gy[k1] += weight * t;
        gm[k] += weight * h6 * (a * a * a - a);
        gm[k1] += weight * h6 * (t * t * t - t);
        touched = true;
    }

    /** The mean of the grid values (for a periodic spline its average over the period: the M_k sum to zero). */
    double meanValue() {
        double sum = 0;
        for (double v : y) {
            sum += v;
        }
        return sum / n;
    }

    /** Adds {@code weight} × ∂(mean value)/∂y to the accumulators. */
    void accumulateMeanGradient(double weight) {
        double w = weight / n;
        for (int k = 0; k < n; k++) {
            gy[k] += w;
        }
        touched = true;
    }

    /** Adds the accumulated ∂E/∂y to {@code out[offset …]} and resets the accumulators. */
    void finishGradient(double[] out, int offset) {
        if (!touched) {
            return;
        }
        // z = T⁻¹ gm (T symmetric), then ∂E/∂y = gy + Rᵀ z
        double[] z = work;
        java.util.Arrays.fill(z, 0);
        switch (boundary) {
            case NATURAL -> {
                gm[0] = 0;
                gm[n - 1] = 0;
                solveInterior(gm, z);
            }
            case CLAMPED -> solveClamped(gm, z);
            case PERIODIC -> solveCyclic(gm, z);
        }
        double c = 6 / (h * h);
        double[] g = work2;
        System.arraycopy(gy, 0, g, 0, n);
        for (int i = 1; i < n - 1; i++) {
            g[i - 1] += c * z[i];
            g[i] -= 2 * c * z[i];
            g[i + 1] += c * z[i];
        }
        if (boundary == Table.Boundary.CLAMPED) {
            g[1] += c * z[0];
            g[0] -= c * z[0];
            g[n - 2] += c * z[n - 1];
            g[n - 1] -= c * z[n - 1];
        } else if (boundary == Table.Boundary.PERIODIC) {
            g[n - 1] += c * z[0];
            g[0] -= 2 * c * z[0];
            g[1] += c * z[0];
            g[n - 2] += c * z[n - 1];
            g[n - 1] -= 2 * c * z[n - 1];
            g[0] += c * z[n - 1];
        }
        for (int i = 0; i < n; i++) {
            out[offset + i] += g[i];
        }
        java.util.Arrays.fill(gy, 0);
        java.util.Arrays.fill(gm, 0);
        touched = false;
    }

    /** Throws unless x ≥ the table's start (with a tolerance of 1e-9 steps). */
    void requireAbove(double x, String unit) {
        if (x < x0 - 1e-9 * h) {
            throw new TableRangeException("table " + table.name() + ": " + (unit.equals("nm") ? "distance " : "angle ")
                + x + " " + unit + " is below the table's start " + x0 + " " + unit);
        }
    }

    /** Throws unless x ≤ the table's end (non-periodic tables). */
    void requireBelowEnd(double x, String unit) {
        double end = x0 + h * (n - 1);
        if (x > end + 1e-9 * h) {
            throw new TableRangeException("table " + table.name() + ": " + (unit.equals("nm") ? "distance " : "angle ")
                + x + " " + unit + " is beyond the table's end " + end + " " + unit);
        }
    }
}
