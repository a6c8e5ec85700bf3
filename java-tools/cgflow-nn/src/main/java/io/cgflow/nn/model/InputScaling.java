package io.cgflow.nn.model;

/**
 * Standardisation of descriptor rows: z_c = (G_c − mean_c) / std_c, and the chain rule back,
 * ∂E/∂G_c = (∂E/∂z_c) / std_c. Means and standard deviations come from the reference frames and are stored with
 * the model.
 */
public record InputScaling(double[] mean, double[] std) {
    public InputScaling {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " components, std " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] > 0) || Double.isInfinite(std[c])) {
                throw new IllegalArgumentException("component " + c + ": need finite mean and positive std, got "
                    + mean[c] + ", " + std[c]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** No scaling: mean 0, std 1. */
    public static InputScaling identity(int length) {
        double[] one = new double[length];
        java.util.Arrays.fill(one, 1.0);
        return new InputScaling(new double[length], one);
    }

    /**
     * Mean and standard deviation per component of {@code rows} rows; a component with no spread gets std 1
     * (so constant inputs pass through as zero).
     */
    public static InputScaling fit(double[] g, int rows, int length) {
        double[] mean = new double[length];
        double[] var = new double[length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < length; c++) {
                mean[c] += g[r * length + c];
            }
        }
        for (int c = 0; c < length; c++) {
            mean[c] /= Math.max(rows, 1);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < length; c++) {
                double u = g[r * length + c] - mean[c];
                var[c] += u * u;
            }
        }
        double[] std = new double[length];
        for (int c = 0; c < length; c++) {
            double s = Math.sqrt(var[c] / Math.max(rows, 1));
            std[c] = s > 1e-12 * Math.max(1, Math.abs(mean[c])) ? s : 1.0;
        }
        return new InputScaling(mean, std);
    }

    public int length() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Standardises {@code rows} rows of {@code g} into {@code z} (may be the same array). */
    public void apply(double[] g, int rows, double[] z) {
        int n = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < n; c++) {
                z[r * n + c] = (g[r * n + c] - mean[c]) / std[c];
            }
        }
    }

    /** Turns ∂E/∂z into ∂E/∂G in place for {@code rows} rows. */
    public void backward(double[] dEdz, int rows) {
        int n = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < n; c++) {
                dEdz[r * n + c] /= std[c];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputScaling s && java.util.Arrays.equals(s.mean, mean)
            && java.util.Arrays.equals(s.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(mean) + java.util.Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "InputScaling[" + mean.length + " components]";
    }
}
