package io.cgflow.train;

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
 * weights against a few hundred bins) the step is solved in observable space instead: with J̃ = W^½ J, r̃ = W^½ r and
 * D = λ·diag(A) + εI, Δθ = −D⁻¹ J̃ᵀ (I + J̃ D⁻¹ J̃ᵀ)⁻¹ r̃ (the push-through identity), an n × n Cholesky after
 * O(n² p) work instead of forming the p × p matrix (O(n p²)) and factorising it (O(p³)). Both give the same step.
 */
public final class GaussNewton {
    private final int p;
    private final boolean[] trainable;
    private final double[] diag;
    private final double eps;
    /** W^½ J over the rows of positive weight, columns not trained zeroed (observable-space path). */
    private final double[][] rows;
    /** W^½ r over the same rows. */
    private final double[] scaled;
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
            rows = null;
            scaled = null;
        } else {
            a = null;
            b = null;
            rows = new double[n][];
            scaled = new double[n];
            int k = 0;
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
                    for (int q = 0; q < p; q++) {
                        if (trainable[q]) {
                            row[q] = root * j[c][q];
                            diag[q] += w[c] * j[c][q] * j[c][q];
                        }
                    }
                    rows[k] = row;
                    scaled[k] = root * r[c];
                    k++;
                }
            }
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

    /** Whether the step is solved in observable space (more trained parameters than weighted elements). */
    public boolean inObservableSpace() {
        return rows != null;
    }

    /** The step for damping λ. */
    public double[] step(double lambda) {
        try {
            return rows == null ? parameterSpace(lambda) : observableSpace(lambda);
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

    private double[] observableSpace(double lambda) {
        int n = rows.length;
        double[] inverse = new double[p];
        for (int q = 0; q < p; q++) {
            inverse[q] = trainable[q] ? 1 / (lambda * diag[q] + eps) : 0;
        }
        double[][] k = new double[n][n];
        double[] scaledRow = new double[p];
        for (int c = 0; c < n; c++) {
            double[] rc = rows[c];
            for (int q = 0; q < p; q++) {
                scaledRow[q] = rc[q] * inverse[q];
            }
            for (int d = 0; d <= c; d++) {
                double[] rd = rows[d];
                double sum = 0;
                for (int q = 0; q < p; q++) {
                    sum += scaledRow[q] * rd[q];
                }
                k[c][d] = sum;
                k[d][c] = sum;
            }
            k[c][c] += 1;
        }
        RealVector y = new CholeskyDecomposition(new Array2DRowRealMatrix(k, false), 1e-8, 0)
            .getSolver().solve(new ArrayRealVector(scaled, false));
        double[] step = new double[p];
        for (int c = 0; c < n; c++) {
            double yc = y.getEntry(c);
            double[] rc = rows[c];
            for (int q = 0; q < p; q++) {
                step[q] -= rc[q] * yc;
            }
        }
        for (int q = 0; q < p; q++) {
            step[q] *= inverse[q];
        }
        return step;
    }
}
