package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Gauss–Newton step against a dense solve of (A + λ diag A + εI) Δ = −b written out here, with fewer parameters
 * than observable elements (solved in parameter space) and with more (solved through the Jacobians' row space), for
 * Jacobians of full rank and for covariances over a few frames (rank ≤ frames).
 */
class GaussNewtonTest {
    @ParameterizedTest
    @CsvSource({"2, 40, 25, 0, false", "2, 30, 400, 0, true", "1, 12, 200, 0, true", "2, 60, 300, 5, true"})
    void theStepSolvesTheDampedNormalEquations(int states, int elements, int parameters, int frames,
                                               boolean rowSpace) {
        SplittableRandom rnd = new SplittableRandom(elements * 31L + parameters);
        List<Estimate> estimates = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            double[][] j = new double[elements][parameters];
            double[] r = new double[elements];
            double[] w = new double[elements];
            // a covariance over a few frames: J = Σ_f s_f g_fᵀ, rank ≤ frames
            double[][] sf = new double[frames][elements];
            double[][] gf = new double[frames][parameters];
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < elements; c++) {
                    sf[f][c] = rnd.nextGaussian();
                }
                for (int q = 0; q < parameters; q++) {
                    gf[f][q] = rnd.nextGaussian();
                }
            }
            for (int c = 0; c < elements; c++) {
                for (int q = 0; q < parameters; q++) {
                    if (frames == 0) {
                        j[c][q] = rnd.nextGaussian();
                    } else {
                        for (int f = 0; f < frames; f++) {
                            j[c][q] += sf[f][c] * gf[f][q];
                        }
                    }
                    // columns of very different scale, as network weights and table knots have
                    j[c][q] *= Math.pow(10, (q % 5) - 2);
                }
                r[c] = rnd.nextGaussian();
                w[c] = c % 7 == 3 ? 0 : rnd.nextDouble(0.1, 2);
            }
            estimates.add(new Estimate(new double[elements], r, 0, new double[parameters], j, 1));
            weights.add(w);
        }
        boolean[] trainable = new boolean[parameters];
        for (int q = 0; q < parameters; q++) {
            trainable[q] = q % 11 != 5;
        }
        GaussNewton gn = new GaussNewton(estimates, weights, trainable);
        assertEquals(rowSpace, gn.inRowSpace());
        if (rowSpace) {
            int rank = frames == 0 ? states * elements - states * ((elements + 3) / 7) : states * frames;
            assertEquals(Math.min(rank, parameters), gn.rank(), "rank of the weighted rows");
        }
        for (double lambda : new double[] {1e-3, 0.3, 6.4}) {
            double[] expected = dense(estimates, weights, trainable, lambda);
            double[] step = gn.step(lambda);
            double scale = 0;
            for (double v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int q = 0; q < parameters; q++) {
                assertEquals(expected[q], step[q], 1e-8 * scale, "λ " + lambda + ", parameter " + q);
                if (!trainable[q]) {
                    assertEquals(0, step[q], 0, "a parameter not trained stays");
                }
            }
        }
    }

    /** The step written out: trained parameters only, A and b summed over states with the element weights. */
    private static double[] dense(List<Estimate> estimates, List<double[]> weights, boolean[] trainable,
                                  double lambda) {
        int p = trainable.length;
        List<Integer> free = new ArrayList<>();
        for (int q = 0; q < p; q++) {
            if (trainable[q]) {
                free.add(q);
            }
        }
        int f = free.size();
        double[][] a = new double[f][f];
        double[] b = new double[f];
        for (int s = 0; s < estimates.size(); s++) {
            double[][] j = estimates.get(s).jacobian();
            double[] r = estimates.get(s).residual();
            double[] w = weights.get(s);
            for (int c = 0; c < j.length; c++) {
                for (int u = 0; u < f; u++) {
                    b[u] += w[c] * j[c][free.get(u)] * r[c];
                    for (int v = 0; v < f; v++) {
                        a[u][v] += w[c] * j[c][free.get(u)] * j[c][free.get(v)];
                    }
                }
            }
        }
        double max = f < p ? 1 : 0;
        for (int u = 0; u < f; u++) {
            max = Math.max(max, a[u][u]);
        }
        double eps = 1e-9 * max;
        for (int u = 0; u < f; u++) {
            a[u][u] += lambda * a[u][u] + eps;
        }
        double[] x = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver()
            .solve(new ArrayRealVector(b)).toArray();
        double[] step = new double[p];
        for (int u = 0; u < f; u++) {
            step[free.get(u)] = -x[u];
        }
        return step;
    }
}
