package io.cgflow.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * The damped Gauss–Newton (Levenberg–Marquardt) step on the fluctuation Jacobians of all states:
 * Δθ = −(A + λ·diag(A) + εI)⁻¹ b with A = Σ_s J_sᵀ W J_s and b = Σ_s J_sᵀ W r_s — classic IMC's Newton step
 * generalised to any parameters. ε = 10⁻⁹ · max diag(A) keeps parameters that no observable feels (a bias, a knot
 * where nothing was sampled) where they are.
 *
 * <p>With more trained parameters p than weighted observable elements n (a network with hidden layers: thousands of
 * weights) the step is solved through the row space of J̃ = W^½ J instead. J is a covariance over F weighted frames,
 * of rank r ≤ F (plus explicit-derivative rows such as the pressure's), however large n and p: Gram–Schmidt on the
 * rows gives J̃ = T Q with orthonormal rows Q (r × p); with TᵀT = L Lᵀ, C = Qᵀ L, D = λ·diag(A) + εI and
 * r̃ = W^½ r, A = C Cᵀ and b = C L⁻¹ Tᵀ r̃, so Δθ = −D⁻¹ C (I + Cᵀ D⁻¹ C)⁻¹ L⁻¹ Tᵀ r̃ (the push-through identity):
 * O(n p r) once and O(p r²) per λ instead of forming A (O(n p²)) and factorising it (O(p³)); a peptide's 13 000
 * network parameters against 8 000 bins took 5 minutes per step in observable space (O(n² p)). Same step.
 */
public final class GaussNewton {
    private final int p;
    private final boolean[] trainable;
    private final double[] diag;
    private final double eps;
    /** Orthonormal rows spanning the rows of W^½ J (trained columns only; row-space path, else null). */
    private final double[][] basis;
    /** Cholesky factor L of TᵀT, and L⁻¹ Tᵀ W^½ r (row-space path). */
    private final double[][] factor;
    private final double[] projected;
    /** A with unit rows for parameters not trained, and b (parameter-space path; null otherwise). */
    private final double[][] a;
    private final double[] b;

    /**
     * The normal equations of the estimates (each with its Jacobian) and their element weights; parameters not
     * {@code trainable} get a zero step.
     */
    public GaussNewton(List<Estimate> estimates, List<double[]> weights, boolean[] trainable) {
        p = estimates.get(0).jacobian()[0].length;
        this.trainable = trainable.clone();
        int free = 0;
        for (boolean t : trainable) {
            free += t ? 1 : 0;
        }
        int n = 0;
        for (double[] w : weights) {
            for (double v : w) {
                n += v > 0 ? 1 : 0;
            }
        }
        diag = new double[p];
        if (free <= n) {
            a = new double[p][p];
            b = new double[p];
            accumulate(estimates, weights);
            basis = null;
            factor = null;
            projected = null;
        } else {
            a = null;
            b = null;
            List<double[]> q = new ArrayList<>();
            List<double[]> t = new ArrayList<>();
            List<Double> rhs = new ArrayList<>();
            for (int s = 0; s < estimates.size(); s++) {
                double[][] j = estimates.get(s).jacobian();
                double[] r = estimates.get(s).residual();
                double[] w = weights.get(s);
                for (int c = 0; c < j.length; c++) {
                    if (!(w[c] > 0)) {
                        continue;
                    }
                    double root = Math.sqrt(w[c]);
                    double[] row = new double[p];
                    for (int k = 0; k < p; k++) {
                        if (trainable[k]) {
                            row[k] = root * j[c][k];
                            diag[k] += w[c] * j[c][k] * j[c][k];
                        }
                    }
                    t.add(project(row, q));
                    rhs.add(root * r[c]);
                }
            }
            basis = q.toArray(new double[0][]);
            int rank = basis.length;
            double[][] g = new double[rank][rank];
            double[] tr = new double[rank];
            for (int c = 0; c < t.size(); c++) {
                double[] tc = t.get(c);
                for (int u = 0; u < tc.length; u++) {
                    tr[u] += tc[u] * rhs.get(c);
                    for (int v = 0; v <= u; v++) {
                        g[u][v] += tc[u] * tc[v];
                    }
                }
            }
            factor = cholesky(g);
            projected = forward(factor, tr);
        }
        double max = 0;
        for (int q = 0; q < p; q++) {
            // a parameter not trained has a unit row in the parameter-space matrix; it counts the same here
            max = Math.max(max, trainable[q] ? diag[q] : 1);
        }
        eps = Math.max(1e-9 * max, 1e-300);
    }

    private void accumulate(List<Estimate> estimates, List<double[]> weights) {
        for (int s = 0; s < estimates.size(); s++) {
            double[][] j = estimates.get(s).jacobian();
            double[] r = estimates.get(s).residual();
            double[] w = weights.get(s);
            for (int c = 0; c < j.length; c++) {
                double[] row = j[c];
                double wc = w[c];
                for (int q = 0; q < p; q++) {
                    double v = wc * row[q];
                    if (v == 0) {
                        continue;
                    }
                    b[q] += v * r[c];
                    double[] aq = a[q];
                    for (int u = 0; u < p; u++) {
                        aq[u] += v * row[u];
                    }
                }
            }
        }
        for (int q = 0; q < p; q++) {
            if (!trainable[q]) {
                for (int u = 0; u < p; u++) {
                    a[q][u] = 0;
                    a[u][q] = 0;
                }
                a[q][q] = 1;
                b[q] = 0;
            }
        }
        for (int q = 0; q < p; q++) {
            diag[q] = a[q][q];
        }
    }

    /** Whether the step is solved through the row space of the Jacobians (more trained parameters than elements). */
    public boolean inRowSpace() {
        return basis != null;
    }

    /** The rank of the weighted Jacobians' rows (row-space path; −1 otherwise). */
    public int rank() {
        return basis == null ? -1 : basis.length;
    }

    /**
     * Classical Gram–Schmidt, twice (enough for orthogonality to rounding): the coefficients of {@code row} on the
     * basis, extended by the row's remainder when that keeps more than 10⁻¹⁰ of its norm.
     */
    private static double[] project(double[] row, List<double[]> basis) {
        double norm = Math.sqrt(dot(row, row));
        double[] x = row.clone();
        double[] coefficients = new double[basis.size() + 1];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < basis.size(); i++) {
                double[] qi = basis.get(i);
                double c = dot(qi, x);
                coefficients[i] += c;
                for (int k = 0; k < x.length; k++) {
                    x[k] -= c * qi[k];
                }
            }
        }
        double rest = Math.sqrt(dot(x, x));
        if (!(norm > 0) || rest <= 1e-10 * norm) {
            return Arrays.copyOf(coefficients, basis.size());
        }
        for (int k = 0; k < x.length; k++) {
            x[k] /= rest;
        }
        coefficients[basis.size()] = rest;
        basis.add(x);
        return coefficients;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int k = 0; k < u.length; k++) {
            s += u[k] * v[k];
        }
        return s;
    }

    /** The lower Cholesky factor of a symmetric positive definite matrix given by its lower triangle. */
    private static double[][] cholesky(double[][] g) {
        int n = g.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = g[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new NonPositiveDefiniteMatrixException(sum, i, 0);
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** L⁻¹ y for a lower triangular L. */
    private static double[] forward(double[][] l, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double sum = y[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }

    /** The step for damping λ. */
    public double[] step(double lambda) {
        try {
            return basis == null ? parameterSpace(lambda) : rowSpace(lambda);
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalStateException("the Gauss-Newton matrix is not positive definite: " + e.getMessage(), e);
        }
    }

    private double[] parameterSpace(double lambda) {
        double[][] m = new double[p][];
        for (int q = 0; q < p; q++) {
            m[q] = a[q].clone();
            m[q][q] += lambda * a[q][q] + eps;
        }
        RealVector x = new CholeskyDecomposition(new Array2DRowRealMatrix(m, false), 1e-8, 0)
            .getSolver().solve(new ArrayRealVector(b, false));
        double[] step = x.toArray();
        for (int q = 0; q < p; q++) {
            step[q] = -step[q];
        }
        return step;
    }

    private double[] rowSpace(double lambda) {
        int rank = basis.length;
        double[] inverse = new double[p];
        for (int k = 0; k < p; k++) {
            inverse[k] = trainable[k] ? 1 / (lambda * diag[k] + eps) : 0;
        }
        // C = Qᵀ L (p × r), N = I + Cᵀ D⁻¹ C
        double[][] c = new double[p][rank];
        for (int i = 0; i < rank; i++) {
            double[] qi = basis[i];
            for (int j = 0; j <= i; j++) {
                double lij = factor[i][j];
                for (int k = 0; k < p; k++) {
                    c[k][j] += qi[k] * lij;
                }
            }
        }
        double[][] n = new double[rank][rank];
        for (int k = 0; k < p; k++) {
            double dk = inverse[k];
            if (dk == 0) {
                continue;
            }
            double[] ck = c[k];
            for (int u = 0; u < rank; u++) {
                double v = dk * ck[u];
                for (int w = 0; w <= u; w++) {
                    n[u][w] += v * ck[w];
                }
            }
        }
        for (int u = 0; u < rank; u++) {
            n[u][u] += 1;
        }
        double[][] ln = cholesky(n);
        double[] z = forward(ln, projected);
        // back substitution: Lnᵀ z' = z
        for (int i = rank - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < rank; k++) {
                sum -= ln[k][i] * z[k];
            }
            z[i] = sum / ln[i][i];
        }
        double[] step = new double[p];
        for (int k = 0; k < p; k++) {
            double sum = 0;
            for (int u = 0; u < rank; u++) {
                sum += c[k][u] * z[u];
            }
            step[k] = -inverse[k] * sum;
        }
        return step;
    }
}
