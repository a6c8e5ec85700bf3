package io.cgflow.md;

/**
 * The Lennard-Jones equation of state of J. K. Johnson, J. A. Zollweg and K. E. Gubbins, "The Lennard-Jones
 * equation of state revisited", Mol. Phys. 78, 591–618 (1993): a modified Benedict–Webb–Rubin form with 32
 * fitted coefficients x₁…x₃₂ (their Table 10) and γ = 3, for the full (untruncated) potential, in reduced
 * units (ε = σ = k_B = 1). A test oracle only.
 */
final class JohnsonZollwegGubbins {
    private static final double GAMMA = 3.0;
    private static final double[] X = {Double.NaN,
        0.8623085097507421, 2.976218765822098, -8.402230115796038, 0.1054136629203555,
        -0.8564583828174598, 1.582759470107601, 0.7639421948305453, 1.753173414312048,
        2798.291772190376, -0.048394220260857657, 0.9963265197721935, -36.98000291272493,
        20.84012299434647, 83.05402124717285, -957.4799715203068, -147.7746229234994,
        63.98607852471505, 16.03993673294834, 68.05916615864377, -2791.293578795945,
        -6.245128304568454, -8116.836104958410, 14.88735559561229, -10593.46754655084,
        -113.1607632802822, -8867.771540418822, -39.86982844450543, -4689.270299917261,
        259.3535277438717, -2694.523589434903, -721.8487631550215, 172.1802063863269};

    private JohnsonZollwegGubbins() {
    }

    private static double[] a(double t) {
        double st = Math.sqrt(t);
        return new double[] {Double.NaN,
            X[1] * t + X[2] * st + X[3] + X[4] / t + X[5] / (t * t),
            X[6] * t + X[7] + X[8] / t + X[9] / (t * t),
            X[10] * t + X[11] + X[12] / t,
            X[13],
            X[14] / t + X[15] / (t * t),
            X[16] / t,
            X[17] / t + X[18] / (t * t),
            X[19] / (t * t)};
    }

    private static double[] b(double t) {
        double t2 = t * t;
        double t3 = t2 * t;
        double t4 = t3 * t;
        return new double[] {Double.NaN,
            X[20] / t2 + X[21] / t3,
            X[22] / t2 + X[23] / t4,
            X[24] / t2 + X[25] / t3,
            X[26] / t2 + X[27] / t4,
            X[28] / t2 + X[29] / t3,
            X[30] / t2 + X[31] / t3 + X[32] / t4};
    }

    /** Reduced pressure P* at reduced density ρ* and temperature T*. */
    static double pressure(double rho, double t) {
        double f = Math.exp(-GAMMA * rho * rho);
        double[] a = a(t);
        double[] b = b(t);
        double p = rho * t;
        for (int i = 1; i <= 8; i++) {
            p += a[i] * Math.pow(rho, i + 1);
        }
        for (int i = 1; i <= 6; i++) {
            p += f * b[i] * Math.pow(rho, 2 * i + 1);
        }
        return p;
    }

    /** Reduced residual (configurational) energy per particle, U* per bead. */
    static double energy(double rho, double t) {
        double t2 = t * t;
        double t3 = t2 * t;
        double t4 = t3 * t;
        double st = Math.sqrt(t);
        double[] c = {Double.NaN,
            X[2] * st / 2 + X[3] + 2 * X[4] / t + 3 * X[5] / t2,
            X[7] + 2 * X[8] / t + 3 * X[9] / t2,
            X[11] + 2 * X[12] / t,
            X[13],
            2 * X[14] / t + 3 * X[15] / t2,
            2 * X[16] / t,
            2 * X[17] / t + 3 * X[18] / t2,
            3 * X[19] / t2};
        double[] d = {Double.NaN,
            3 * X[20] / t2 + 4 * X[21] / t3,
            3 * X[22] / t2 + 5 * X[23] / t4,
            3 * X[24] / t2 + 4 * X[25] / t3,
            3 * X[26] / t2 + 5 * X[27] / t4,
            3 * X[28] / t2 + 4 * X[29] / t3,
            3 * X[30] / t2 + 4 * X[31] / t3 + 5 * X[32] / t4};
        double f = Math.exp(-GAMMA * rho * rho);
        double[] g = new double[7];
        g[1] = (1 - f) / (2 * GAMMA);
        for (int k = 2; k <= 6; k++) {
            g[k] = -(f * Math.pow(rho, 2 * (k - 1)) - 2 * (k - 1) * g[k - 1]) / (2 * GAMMA);
        }
        double u = 0;
        for (int i = 1; i <= 8; i++) {
            u += c[i] * Math.pow(rho, i) / i;
        }
        for (int i = 1; i <= 6; i++) {
            u += d[i] * g[i];
        }
        return u;
    }
}
