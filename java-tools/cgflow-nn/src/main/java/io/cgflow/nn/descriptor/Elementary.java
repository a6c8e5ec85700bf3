package io.cgflow.nn.descriptor;

/**
 * The exponential and the cosine and sine of the cut-off function as the descriptors evaluate them: table and short
 * polynomial, plain arithmetic the JIT compiler inlines, within 2 ulps of the exact values (tested against
 * {@link StrictMath}). The JVM's intrinsics are calls to out-of-line stubs (about 8 ns for exp and 16 ns for cos on
 * the build machine), three of which per pair and per pass made a third of a network force evaluation; inlined,
 * the independent ones of a pair overlap. Plain double arithmetic, so the same bits on every JIT tier and machine.
 */
final class Elementary {
    /** exp: 2^(j/64) for j = 0 … 63. */
    private static final double[] TWO_TO_J_64 = new double[64];
    /** ln 2 / 64 in two parts: the high part has 36 significant bits, so k · HI is exact for |k| &lt; 2¹⁷. */
    private static final double LN2_64_HI;
    private static final double LN2_64_LO;
    /** ln 2 rounded to double; ln 2 − LN2 = 2.319046813846299558 × 10⁻¹⁷. */
    private static final double LN2 = 0x1.62e42fefa39efp-1;
    private static final double INV_LN2_64 = 64 / LN2;
    /** cos and sin at t_a = fl(a π / N), a = 0 … N. */
    private static final int N = 1024;
    private static final double PI_N = Math.PI / N;
    private static final double INV_PI_N = N / Math.PI;
    private static final double[] COS = new double[N + 1];
    private static final double[] SIN = new double[N + 1];

    static {
        for (int j = 0; j < 64; j++) {
            TWO_TO_J_64[j] = StrictMath.pow(2, j / 64.0);
        }
        double part = LN2 / 64;
        LN2_64_HI = Double.longBitsToDouble(Double.doubleToRawLongBits(part) & 0xFFFFFFFFFE000000L);
        LN2_64_LO = (part - LN2_64_HI) + 2.319046813846299558e-17 / 64;
        for (int a = 0; a <= N; a++) {
            double t = a * PI_N;
            COS[a] = StrictMath.cos(t);
            SIN[a] = StrictMath.sin(t);
        }
    }

    private Elementary() {
    }

    /**
     * e^x: x = k ln2/64 + s with |s| ≤ ln2/128, e^x = 2^(k/64) e^s, e^s − 1 by its Taylor series to s⁶ (the next term
     * is below 3 × 10⁻²⁰). Outside ±700 (and for NaN) {@link Math#exp}.
     */
    static double exp(double x) {
        if (!(Math.abs(x) <= 700)) {
            return Math.exp(x);
        }
        double kd = Math.rint(x * INV_LN2_64);
        int k = (int) kd;
        double s = (x - kd * LN2_64_HI) - kd * LN2_64_LO;
        double p = s + s * s * (0.5 + s * (1.0 / 6 + s * (1.0 / 24 + s * (1.0 / 120 + s * (1.0 / 720)))));
        double t = TWO_TO_J_64[k & 63];
        double scale = Double.longBitsToDouble((long) ((k >> 6) + 1023) << 52);
        return (t + t * p) * scale;
    }

    /**
     * cos x for 0 ≤ x ≤ π: x = t_a + b with |b| ≤ π/2048, cos x = cos t_a + (cos t_a (cos b − 1) − sin t_a sin b),
     * cos b − 1 and sin b by their Taylor series (to b⁴ and b⁵: the next terms are below 2 × 10⁻²⁰). Outside [0, π]
     * {@link Math#cos}.
     */
    static double cos(double x) {
        return x >= 0 && x <= Math.PI ? rotated(x, COS, SIN, -1) : Math.cos(x);
    }

    /** sin x for 0 ≤ x ≤ π, as {@link #cos}: sin t_a + (sin t_a (cos b − 1) + cos t_a sin b). */
    static double sin(double x) {
        return x >= 0 && x <= Math.PI ? rotated(x, SIN, COS, 1) : Math.sin(x);
    }

    /** f(t_a) + (f(t_a) (cos b − 1) + sign · g(t_a) sin b) for the table point t_a nearest to x (sign ±1: exact). */
    private static double rotated(double x, double[] f, double[] g, double sign) {
        int a = (int) (x * INV_PI_N + 0.5);
        double b = x - a * PI_N;
        double b2 = b * b;
        double cm1 = b2 * (-0.5 + b2 * (1.0 / 24));
        double sb = b + b * b2 * (-1.0 / 6 + b2 * (1.0 / 120));
        return f[a] + (f[a] * cm1 + sign * g[a] * sb);
    }
}
