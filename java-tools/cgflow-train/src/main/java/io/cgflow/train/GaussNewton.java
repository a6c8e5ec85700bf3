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
 */
public final class GaussNewton {
    private final double[][] a;
    private final double[] b;

    /**
     * The normal equations of the estimates (each with its Jacobian) and their element weights; parameters not
     * {@code trainable} get a zero step.
     */
    public GaussNewton(List<Estimate> estimates, List<double[]> weights, boolean[] trainable) {
        int p = estimates.get(0).jacobian()[0].length;
        a = new double[p][p];
        b = new double[p];
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
    }

    /** The step for damping λ. */
    public double[] step(double lambda) {
        int p = b.length;
        double max = 0;
        for (int q = 0; q < p; q++) {
            max = Math.max(max, a[q][q]);
        }
        double eps = Math.max(1e-9 * max, 1e-300);
        double[][] m = new double[p][];
        for (int q = 0; q < p; q++) {
            m[q] = a[q].clone();
            m[q][q] += lambda * a[q][q] + eps;
        }
        try {
            RealVector x = new CholeskyDecomposition(new Array2DRowRealMatrix(m, false), 1e-8, 0)
                .getSolver().solve(new ArrayRealVector(b, false));
            double[] step = x.toArray();
            for (int q = 0; q < p; q++) {
                step[q] = -step[q];
            }
            return step;
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalStateException("the Gauss-Newton matrix is not positive definite: " + e.getMessage(), e);
        }
    }

    /** The loss change the linearised model predicts for a step: 2 bᵀΔ + Δᵀ A Δ. */
    public double predictedChange(double[] step) {
        double lin = 0;
        double quad = 0;
        for (int q = 0; q < b.length; q++) {
            lin += b[q] * step[q];
            double aq = 0;
            for (int u = 0; u < b.length; u++) {
                aq += a[q][u] * step[u];
            }
            quad += step[q] * aq;
        }
        return 2 * lin + quad;
    }
}
