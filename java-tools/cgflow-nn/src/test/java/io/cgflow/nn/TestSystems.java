package io.cgflow.nn;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.nn.descriptor.PairList;
import java.util.SplittableRandom;

/** Small random configurations and brute-force minimum-image pair lists for tests. */
public final class TestSystems {
    private TestSystems() {
    }

    public static Box orthorhombic() {
        return Box.orthorhombic(1.9, 2.1, 2.3);
    }

    /** A skewed lower-triangular box whose smallest perpendicular width exceeds 1.8 nm. */
    public static Box triclinic() {
        return Box.ofVectors(2.2, 0, 0, 0.6, 2.1, 0, -0.4, 0.5, 2.2);
    }

    /** {@code beads} positions ([beads][3]) uniformly in the box. */
    public static double[] positions(Box box, int beads, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[3 * beads];
        for (int i = 0; i < beads; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            double c = random.nextDouble();
            for (int k = 0; k < 3; k++) {
                x[3 * i + k] = a * box.get(0, k) + b * box.get(1, k) + c * box.get(2, k);
            }
        }
        return x;
    }

    public static int[] types(int beads, int typeCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] t = new int[beads];
        for (int i = 0; i < beads; i++) {
            t[i] = random.nextInt(typeCount);
        }
        return t;
    }

    /** Every unique pair i &lt; j closer than {@code cutoff} by minimum image, found by looking at all pairs. */
    public static PairList pairs(Box box, double[] x, double cutoff) {
        PeriodicCell cell = new PeriodicCell(box);
        if (cutoff >= cell.minWidth() / 2) {
            throw new IllegalArgumentException("cut-off too long for the box");
        }
        int n = x.length / 3;
        int max = n * (n - 1) / 2;
        int[] is = new int[max];
        int[] js = new int[max];
        double[] dx = new double[max];
        double[] dy = new double[max];
        double[] dz = new double[max];
        double[] d = new double[3];
        int size = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[0] = x[3 * j] - x[3 * i];
                d[1] = x[3 * j + 1] - x[3 * i + 1];
                d[2] = x[3 * j + 2] - x[3 * i + 2];
                cell.minimumImage(d);
                if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] < cutoff * cutoff) {
                    is[size] = i;
                    js[size] = j;
                    dx[size] = d[0];
                    dy[size] = d[1];
                    dz[size] = d[2];
                    size++;
                }
            }
        }
        return new PairList(n, size, is, js, dx, dy, dz);
    }

    /** Random numbers in [−scale, scale). */
    public static double[] uniform(int n, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = random.nextDouble(-scale, scale);
        }
        return v;
    }

    /** max |a − b| / max(max |b|, floor). */
    public static double relativeError(double[] a, double[] b, double floor) {
        double diff = 0;
        double scale = floor;
        for (int k = 0; k < a.length; k++) {
            diff = Math.max(diff, Math.abs(a[k] - b[k]));
            scale = Math.max(scale, Math.abs(b[k]));
        }
        return diff / scale;
    }
}
