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

    /** Layers of the ziggurat. */
    private static final int LAYERS = 128;
    /** Where the base layer's tail begins (Marsaglia and Tsang 2000, 128 layers). */
    private static final double TAIL = 3.442619855899;
    /** The area of each layer. */
    private static final double AREA = 9.91256303526217e-3;
    private static final double SCALE = 0x1.0p31;
    /** Per layer: |j| below this takes the fast path; x = j · WIDTH; f(x) = exp(−x²/2) at the layer edges. */
    private static final long[] BOUND = new long[LAYERS];
    private static final double[] WIDTH = new double[LAYERS];
    private static final double[] EDGE = new double[LAYERS];

    static {
        double d = TAIL;
        double t = d;
        double q = AREA / Math.exp(-0.5 * d * d);
        BOUND[0] = (long) (d / q * SCALE);
        BOUND[1] = 0;
        WIDTH[0] = q / SCALE;
        WIDTH[LAYERS - 1] = d / SCALE;
        EDGE[0] = 1;
        EDGE[LAYERS - 1] = Math.exp(-0.5 * d * d);
        for (int i = LAYERS - 2; i >= 1; i--) {
            d = Math.sqrt(-2 * Math.log(AREA / d + Math.exp(-0.5 * d * d)));
            BOUND[i + 1] = (long) (d / t * SCALE);
            t = d;
            EDGE[i] = Math.exp(-0.5 * d * d);
            WIDTH[i] = d / SCALE;
        }
    }

    /**
     * Standard normal deviate, by the ziggurat of Marsaglia and Tsang (J. Stat. Softw. 5(8), 2000; 128 layers), with
     * the layer and the value taken from different bits of one 64-bit draw (the correlation Doornik (2005) found in
     * the original, which uses the same bits for both, does not arise). About 99 % of the values take the fast path:
     * one draw, one comparison, one multiplication; the rest one draw or a few more.
     */
    public double nextGaussian() {
        while (true) {
            long u = nextLong();
            int layer = (int) (u & (LAYERS - 1));
            long j = u >> 32;   // a signed 32-bit value
            double x = j * WIDTH[layer];
            if (Math.abs(j) < BOUND[layer]) {
                return x;
            }
            if (layer == 0) {
                // the tail beyond TAIL (Marsaglia 1964)
                double a;
                double b;
                do {
                    a = -Math.log(1.0 - nextDouble()) / TAIL;
                    b = -Math.log(1.0 - nextDouble());
                } while (b + b < a * a);
                return j > 0 ? TAIL + a : -TAIL - a;
            }
            if (EDGE[layer] + nextDouble() * (EDGE[layer - 1] - EDGE[layer]) < Math.exp(-0.5 * x * x)) {
                return x;
            }
        }
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
