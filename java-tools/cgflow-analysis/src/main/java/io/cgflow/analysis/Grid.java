package io.cgflow.analysis;

/**
 * A histogram grid: {@code bins} bins [min + k·width, min + (k+1)·width), reported at their centres. The
 * one binning convention of cgflow (gmx rdf and csg_stat instead centre bins on grid points).
 */
public record Grid(double min, double width, int bins) {
    public Grid {
        if (!(width > 0) || bins < 1) {
            throw new IllegalArgumentException("a grid needs a positive bin width and at least one bin");
        }
    }

    /** The grid of bins of {@code width} covering [min, max) (max rounded down to whole bins). */
    public static Grid of(double min, double max, double width) {
        int bins = (int) Math.floor((max - min) / width + 1e-9);
        return new Grid(min, width, Math.max(1, bins));
    }

    public double max() {
        return min + width * bins;
    }

    /** Bin of value {@code x}, or -1 outside the grid. The upper edge belongs to the last bin. */
    public int index(double x) {
        double u = (x - min) / width;
        if (u < 0 || u > bins) {
            return -1;
        }
        return Math.min(bins - 1, (int) u);
    }

    public double[] centres() {
        double[] c = new double[bins];
        for (int k = 0; k < bins; k++) {
            c[k] = min + (k + 0.5) * width;
        }
        return c;
    }
}
