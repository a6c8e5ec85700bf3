package io.cgflow.train;

/**
 * The weighted averages of one state at one θ from its cached frames: ⟨S⟩, the residual r = ⟨S⟩ − S_ref, the loss
 * Σ_k W_k r_k², the loss gradient ∂L/∂θ = −β Cov(a, ∂E/∂θ) with a(x) = Σ_k 2 W_k r_k S_k(x), and the Jacobian
 * J = ∂⟨S⟩/∂θ = −β Cov(S, ∂E/∂θ). Frame weights w_i ∝ exp(−β(E_θ(x_i) − E_θ0(x_i))), normalised through the
 * largest exponent (log-sum-exp); all sums run over frames in index order. An element that depends on θ itself (the
 * pressure, through the virial of the model's forces) adds its explicit derivative: ∂⟨S_c⟩/∂θ = ⟨∂S_c/∂θ⟩ − β Cov(S_c,
 * ∂E/∂θ).
 *
 * @param mean      ⟨S⟩
 * @param residual  ⟨S⟩ − S_ref
 * @param loss      Σ_k W_k r_k²
 * @param gradient  ∂L/∂θ (null when not asked for)
 * @param jacobian  J as [element][parameter] (null when not asked for)
 * @param ess       effective sample size per frame, exp(−Σ w_i ln w_i)/N
 */
public record Estimate(double[] mean, double[] residual, double loss, double[] gradient, double[][] jacobian,
                       double ess) {

    /** Normalised weights from energies at θ and at the sampling θ0. */
    public static double[] weights(double beta, double[] energies, double[] sampledEnergies) {
        int n = energies.length;
        double[] logw = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            logw[i] = -beta * (energies[i] - sampledEnergies[i]);
            max = Math.max(max, logw[i]);
        }
        double sum = 0;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(logw[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** exp(−Σ w ln w) / N: 1 for equal weights, 1/N when one frame carries all. */
    public static double ess(double[] w) {
        double h = 0;
        for (double x : w) {
            if (x > 0) {
                h -= x * Math.log(x);
            }
        }
        return Math.exp(h) / w.length;
    }

    /**
     * The estimate of one state.
     *
     * @param s         S(x_i) of every frame
     * @param d         ∂E/∂θ(x_i) of every frame (null: no gradient, no Jacobian)
     * @param w         normalised frame weights
     * @param target    S_ref
     * @param weights   W_k
     * @param beta      1/(k_B T)
     * @param jacobian  also compute J
     */
    public static Estimate of(double[][] s, double[][] d, double[] w, double[] target, double[] weights, double beta,
                              boolean jacobian) {
        return of(s, d, -1, null, w, target, weights, beta, jacobian);
    }

    /**
     * The estimate of one state whose element {@code explicit} (−1: none) depends on θ with ∂S/∂θ(x_i) =
     * {@code explicitGradient[i]} (used only with {@code d}).
     */
    public static Estimate of(double[][] s, double[][] d, int explicit, double[][] explicitGradient, double[] w,
                              double[] target, double[] weights, double beta, boolean jacobian) {
        return of(s, d, explicit, explicitGradient, w, target, weights, beta, jacobian, 0);
    }

    /**
     * The same, with the covariance part of J shrunk by its significance when {@code shrinkBlocks} ≥ 2 (see {@link
     * #shrink}; the standard errors from that many runs of consecutive frames, as {@link #noise} cuts them); 0: the
     * plain covariance. The loss gradient is never shrunk.
     */
    public static Estimate of(double[][] s, double[][] d, int explicit, double[][] explicitGradient, double[] w,
                              double[] target, double[] weights, double beta, boolean jacobian, int shrinkBlocks) {
        int n = s.length;
        int k = target.length;
        double[] mean = new double[k];
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            double[] si = s[i];
            for (int c = 0; c < k; c++) {
                mean[c] += wi * si[c];
            }
        }
        double[] r = new double[k];
        double loss = 0;
        for (int c = 0; c < k; c++) {
            r[c] = mean[c] - target[c];
            loss += weights[c] * r[c] * r[c];
        }
        double[] gradient = null;
        double[][] jac = null;
        if (d != null) {
            int p = d[0].length;
            double[] dMean = new double[p];
            for (int i = 0; i < n; i++) {
                for (int q = 0; q < p; q++) {
                    dMean[q] += w[i] * d[i][q];
                }
            }
            double[] a = new double[n];
            double aMean = 0;
            for (int i = 0; i < n; i++) {
                double ai = 0;
                for (int c = 0; c < k; c++) {
                    ai += 2 * weights[c] * r[c] * s[i][c];
                }
                a[i] = ai;
                aMean += w[i] * ai;
            }
            gradient = new double[p];
            double[] dev = new double[p];
            if (jacobian) {
                jac = new double[k][p];
            }
            for (int i = 0; i < n; i++) {
                for (int q = 0; q < p; q++) {
                    dev[q] = d[i][q] - dMean[q];
                }
                double ca = -beta * w[i] * (a[i] - aMean);
                for (int q = 0; q < p; q++) {
                    gradient[q] += ca * dev[q];
                }
                if (jacobian) {
                    for (int c = 0; c < k; c++) {
                        double cs = -beta * w[i] * (s[i][c] - mean[c]);
                        if (cs == 0) {
                            continue;
                        }
                        double[] row = jac[c];
                        for (int q = 0; q < p; q++) {
                            row[q] += cs * dev[q];
                        }
                    }
                }
            }
            if (jacobian && shrinkBlocks >= 2) {
                shrink(jac, s, d, dMean, w, mean, beta, shrinkBlocks);
            }
            if (explicit >= 0) {
                double[] explicitMean = new double[p];
                for (int i = 0; i < n; i++) {
                    for (int q = 0; q < p; q++) {
                        explicitMean[q] += w[i] * explicitGradient[i][q];
                    }
                }
                double c = 2 * weights[explicit] * r[explicit];
                for (int q = 0; q < p; q++) {
                    gradient[q] += c * explicitMean[q];
                    if (jacobian) {
                        jac[explicit][q] += explicitMean[q];
                    }
                }
            }
        }
        return new Estimate(mean, r, loss, gradient, jac, ess(w));
    }

    /**
     * The part of the loss that the sampling noise of ⟨S⟩ makes, Σ_k W_k se_k², with se_k the standard error of the
     * weighted mean ⟨S_k⟩ from batch means: the frames, in replica order and each replica's in step order, are cut
     * into {@code blocks} runs of consecutive frames (five per replica keep each run within one replica when the
     * replicas have equal numbers of frames), long enough that the runs' means are nearly independent where single
     * frames are not; se_k² = B/(B − 1) Σ_b (Σ_{i∈b} w_i (S_ik − ⟨S_k⟩))², which for equal weights is the variance of
     * the B run means over B. A residual r_k of pure noise has E[r_k²] = se_k², so a loss not well above this is
     * mostly noise. NaN with fewer than two runs.
     *
     * @param s       S(x_i) of every frame
     * @param w       normalised frame weights
     * @param mean    ⟨S⟩ under those weights
     * @param weights W_k
     * @param blocks  B
     */
    public static double noise(double[][] s, double[] w, double[] mean, double[] weights, int blocks) {
        int b = Math.min(blocks, s.length);
        if (b < 2) {
            return Double.NaN;
        }
        double[] sum = runSquares(s, w, mean, b);
        double noise = 0;
        for (int c = 0; c < sum.length; c++) {
            noise += weights[c] * sum[c];
        }
        return noise * b / (b - 1);
    }

    /** Σ_b (Σ_{i∈b} w_i (S_ik − ⟨S_k⟩))² over {@code b} ≥ 2 runs of consecutive frames, as {@link #noise} cuts them. */
    private static double[] runSquares(double[][] s, double[] w, double[] mean, int b) {
        int n = s.length;
        int k = mean.length;
        double[] sum = new double[k];
        double[] run = new double[k];
        for (int q = 0; q < b; q++) {
            java.util.Arrays.fill(run, 0);
            for (int i = (int) ((long) q * n / b), end = (int) ((long) (q + 1) * n / b); i < end; i++) {
                double wi = w[i];
                double[] si = s[i];
                for (int c = 0; c < k; c++) {
                    run[c] += wi * (si[c] - mean[c]);
                }
            }
            for (int c = 0; c < k; c++) {
                sum[c] += run[c] * run[c];
            }
        }
        return sum;
    }

    /**
     * Shrinks every element of the covariance Jacobian J_cq = −β Cov(S_c, ∂E/∂θ_q) by its significance, J_cq ←
     * J_cq·max(0, 1 − se_cq²/J_cq²), with se_cq² = β² se_c² Var(∂E/∂θ_q): the variance an estimate of the
     * covariance of uncorrelated S_c and ∂E/∂θ_q has, se_c the standard error of ⟨S_c⟩ from runs of consecutive frames
     * (which carries the time correlation of the samples), Var the weighted variance over the frames. An element
     * within its noise is set to zero, one well above it is kept: the positive-part James–Stein shrinkage of each
     * element towards zero.
     *
     * <p>J is estimated from a few hundred frames, and most of its elements (a bin of g far from a Gaussian's centre,
     * the pairs of a rare bead type) are small next to their noise, which adds to the diagonal of the Gauss–Newton
     * matrix and so damps every step. Shrunk, the steps are closer to Newton's: on the same references and seeds
     * (docs/benchmarks.md) the first iterations gain 1.5–3 times as much, and a binary Lennard-Jones mixture's pair
     * potentials came closer to the true ones; but late steps, driven by sampling noise, move further along the
     * directions structure hardly sees (argon with its pressure as a target, shrunk in every iteration: 0.079 ε from
     * LJ against 0.024 ε), so the trainer shrinks only while the noise makes at most a quarter of the loss, and only
     * with {@code jacobian-shrinkage} (off by default: argon's potential from structure alone ended 0.021–0.096 ε from
     * LJ over four seeds with it, 0.015–0.082 ε without).
     */
    static void shrink(double[][] jac, double[][] s, double[][] d, double[] dMean, double[] w, double[] mean,
                       double beta, int blocks) {
        int b = Math.min(blocks, s.length);
        if (b < 2) {
            return;
        }
        double[] se2 = runSquares(s, w, mean, b);
        int p = dMean.length;
        double[] var = new double[p];
        for (int i = 0; i < d.length; i++) {
            double wi = w[i];
            double[] di = d[i];
            for (int q = 0; q < p; q++) {
                double x = di[q] - dMean[q];
                var[q] += wi * x * x;
            }
        }
        for (int c = 0; c < jac.length; c++) {
            double scale = beta * beta * se2[c] * b / (b - 1);
            double[] row = jac[c];
            for (int q = 0; q < p; q++) {
                double j2 = row[q] * row[q];
                double v = scale * var[q];
                row[q] = j2 <= v ? 0 : row[q] * (1 - v / j2);
            }
        }
    }

    /** Σ W_k r_k² over elements [from, to). */
    public double loss(double[] weights, int from, int to) {
        double l = 0;
        for (int c = from; c < to; c++) {
            l += weights[c] * residual[c] * residual[c];
        }
        return l;
    }

    /**
     * √(Σ W_k r_k² / Σ W_k) over elements [from, to): the per-bin RMS deviation, the bins weighed as the loss weighs
     * them (alike within one observable, but for the first bins of overlapping beads' RDFs); the plain RMS of an
     * observable of weight 0.
     */
    public double rms(double[] weights, int from, int to) {
        double l = 0;
        double w = 0;
        double plain = 0;
        for (int c = from; c < to; c++) {
            l += weights[c] * residual[c] * residual[c];
            w += weights[c];
            plain += residual[c] * residual[c];
        }
        return w > 0 ? Math.sqrt(l / w) : Math.sqrt(plain / Math.max(1, to - from));
    }
}
