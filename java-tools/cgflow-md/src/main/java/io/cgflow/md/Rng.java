package io.cgflow.md;

/**
 * A counter-based random stream: value k of a stream is SplitMix64's output for the state key + k·γ, so the
 * whole state is the counter and a checkpoint restores it exactly. Streams of one seed are told apart by a
 * purpose number; they do not depend on thread counts. Not thread-safe.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long key;
    private long counter;

    /** The stream of {@code purpose} (a small constant per use) for {@code seed}. */
    public Rng(long seed, long purpose) {
        this.key = mix(seed ^ mix(purpose * GOLDEN + 0x632BE59BD9B4E019L));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        return mix(key + (++counter) * GOLDEN);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal deviate (Box–Muller; one value per two uniforms, nothing cached). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Gamma(shape, 1) deviate, shape &gt; 0 (Marsaglia–Tsang). */
    public double nextGamma(double shape) {
        if (shape < 1) {
            double u = nextDouble();
            return nextGamma(1 + shape) * Math.pow(1.0 - u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** Uniform integer in [0, n). */
    public int nextInt(int n) {
        return (int) ((nextLong() >>> 1) % n);
    }

    /** Values drawn so far: the whole state besides the key. */
    public long counter() {
        return counter;
    }

    public void setCounter(long value) {
        counter = value;
    }
}
