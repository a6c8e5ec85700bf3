package io.cgflow.nn.descriptor;

/**
 * The derivatives of all descriptor rows with respect to positions, stored as pair contributions. Contribution
 * k belongs to the descriptor row of bead {@link #owner(int)}, covers the components
 * {@code first(k) … first(k)+count(k)−1}, and holds for each the vector ∂G_owner,c/∂d for the displacement
 * d = x_b − x_a of the pair (a, b). By translation invariance of each term, ∂G/∂x_b = ∂G/∂d and
 * ∂G/∂x_a = −∂G/∂d. Built by a descriptor; read by force assembly and tests.
 */
public final class DescriptorGradient {
    private final int rowLength;
    private int size;
    private int[] owner = new int[16];
    private int[] a = new int[16];
    private int[] b = new int[16];
    private int[] first = new int[16];
    private int[] count = new int[16];
    private int[] start = new int[17];
    private double[] d = new double[48];
    private double[] values = new double[48];

    public DescriptorGradient(int rowLength) {
        this.rowLength = rowLength;
    }

    /** Width of a descriptor row. */
    public int rowLength() {
        return rowLength;
    }

    /** Number of pair contributions. */
    public int size() {
        return size;
    }

    public int owner(int k) {
        return owner[k];
    }

    public int a(int k) {
        return a[k];
    }

    public int b(int k) {
        return b[k];
    }

    public int first(int k) {
        return first[k];
    }

    public int count(int k) {
        return count[k];
    }

    /** Component {@code axis} of ∂G_owner,(first+c)/∂d for contribution {@code k}. */
    public double value(int k, int c, int axis) {
        return values[3 * (start[k] + c) + axis];
    }

    /**
     * Appends a contribution and returns the offset in the value array at which its {@code count} vectors
     * (3 doubles each) are to be written by the caller through {@link #values()}.
     */
    int add(int ownerBead, int pairA, int pairB, double dx, double dy, double dz, int firstComponent, int n) {
        if (size == owner.length) {
            int cap = 2 * size;
            owner = java.util.Arrays.copyOf(owner, cap);
            a = java.util.Arrays.copyOf(a, cap);
            b = java.util.Arrays.copyOf(b, cap);
            first = java.util.Arrays.copyOf(first, cap);
            count = java.util.Arrays.copyOf(count, cap);
            start = java.util.Arrays.copyOf(start, cap + 1);
            d = java.util.Arrays.copyOf(d, 3 * cap);
        }
        int offset = start[size];
        if (3 * (offset + n) > values.length) {
            values = java.util.Arrays.copyOf(values, Math.max(2 * values.length, 3 * (offset + n)));
        }
        owner[size] = ownerBead;
        a[size] = pairA;
        b[size] = pairB;
        first[size] = firstComponent;
        count[size] = n;
        d[3 * size] = dx;
        d[3 * size + 1] = dy;
        d[3 * size + 2] = dz;
        start[size + 1] = offset + n;
        size++;
        return 3 * offset;
    }

    double[] values() {
        return values;
    }

    /**
     * Adds F = −Σ (∂E/∂G)(∂G/∂r) to {@code forces} ([beads][3]) and the virial W_αβ = Σ d_α F_b,β to
     * {@code virial} (9 values, may be null), for per-bead ∂E/∂G rows {@code dEdG}.
     */
    public void forces(double[] dEdG, double[] forces, double[] virial) {
        for (int k = 0; k < size; k++) {
            int row = owner[k] * rowLength + first[k];
            double gx = 0;
            double gy = 0;
            double gz = 0;
            for (int c = 0, v = 3 * start[k]; c < count[k]; c++, v += 3) {
                double beta = dEdG[row + c];
                gx += beta * values[v];
                gy += beta * values[v + 1];
                gz += beta * values[v + 2];
            }
            // force on b is −∂E/∂d, on a +∂E/∂d
            forces[3 * b[k]] -= gx;
            forces[3 * b[k] + 1] -= gy;
            forces[3 * b[k] + 2] -= gz;
            forces[3 * a[k]] += gx;
            forces[3 * a[k] + 1] += gy;
            forces[3 * a[k] + 2] += gz;
            if (virial != null) {
                addVirial(virial, d[3 * k], d[3 * k + 1], d[3 * k + 2], -gx, -gy, -gz);
            }
        }
    }

    static void addVirial(double[] w, double dx, double dy, double dz, double fx, double fy, double fz) {
        w[0] += dx * fx;
        w[1] += dx * fy;
        w[2] += dx * fz;
        w[3] += dy * fx;
        w[4] += dy * fy;
        w[5] += dy * fz;
        w[6] += dz * fx;
        w[7] += dz * fy;
        w[8] += dz * fz;
    }
}
