package io.cgflow.nn.descriptor;

/**
 * Radial symmetry functions G2 per neighbour type (see {@link RadialG2Settings}), with analytic derivatives.
 * Each pair (i, j) within the cut-off adds g_m(r) = exp(−η_m (r − r_s,m)²) f_c(r) to G_i[type(j), m] and to
 * G_j[type(i), m]; its derivative with respect to d = x_j − x_i is g_m'(r) d / r. Holds reusable buffers: one
 * instance per thread.
 */
public final class RadialG2Descriptor implements Descriptor {
    private final RadialG2Settings settings;
    private final double cutoff;
    private final double[] eta;
    private final double[] centres;
    private final int gaussians;
    private final int types;
    private final double[] value;
    private final double[] slope;
    /** True when every η is the same and the centres are evenly spaced: then Gaussians follow by recurrence. */
    private final boolean uniform;
    /** Spacing Δ of the centres, η, and exp(−2ηΔ²) of the recurrence, when uniform. */
    private final double spacing;
    private final double eta0;
    private final double ratioStep;

    public RadialG2Descriptor(RadialG2Settings settings) {
        this.settings = settings;
        this.cutoff = settings.cutoff();
        this.eta = settings.eta();
        this.centres = settings.centres();
        this.gaussians = eta.length;
        this.types = settings.neighbourTypes().size();
        this.value = new double[gaussians];
        this.slope = new double[gaussians];
        boolean even = gaussians >= 2;
        double delta = even ? (centres[gaussians - 1] - centres[0]) / (gaussians - 1) : 0;
        even &= delta > 0;
        for (int m = 0; even && m < gaussians; m++) {
            even = eta[m] == eta[0]
                && Math.abs(centres[m] - (centres[0] + m * delta)) <= 1e-12 * Math.max(1, Math.abs(centres[m]));
        }
        this.uniform = even;
        this.spacing = delta;
        this.eta0 = eta[0];
        this.ratioStep = Math.exp(-2 * eta[0] * delta * delta);
    }

    public RadialG2Settings settings() {
        return settings;
    }

    @Override
    public int length() {
        return types * gaussians;
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    @Override
    public int types() {
        return types;
    }

    /**
     * The contribution of one neighbour at distance r &lt; r_c to the M components of its type: g_m(r) into
     * {@code value} (length M), and g_m'(r) into {@code slope} when it is not null. For incremental updates of single
     * rows (Monte Carlo moves), where a pair's term is removed and added again.
     */
    public void pairTerms(double r, double[] value, double[] slope) {
        evaluate(r, value, slope);
    }

    /** Gaussians per neighbour type (M). */
    public int gaussians() {
        return gaussians;
    }

    /** g_m(r) into {@code value}, and g_m'(r) into {@code slope} when it is not null. */
    private void evaluate(double r, double[] value, double[] slope) {
        double x = Math.PI * r / cutoff;
        double fc = 0.5 * (Math.cos(x) + 1);
        double dfc = -0.5 * Math.PI / cutoff * Math.sin(x);
        if (uniform) {
            gaussiansByRecurrence(r, value);
        } else {
            for (int m = 0; m < gaussians; m++) {
                double u = r - centres[m];
                value[m] = Math.exp(-eta[m] * u * u);
            }
        }
        for (int m = 0; m < gaussians; m++) {
            double e = value[m];
            value[m] = e * fc;
            if (slope != null) {
                slope[m] = e * (dfc - 2 * eta[m] * (r - centres[m]) * fc);
            }
        }
    }

    /**
     * exp(−η (r − r_s,m)²) for evenly spaced centres with three exponentials instead of M: from the centre k nearest
     * to r outwards, e_{m+1} = e_m exp(2ηΔ u_m − ηΔ²) and e_{m−1} = e_m exp(−2ηΔ u_m − ηΔ²) with u_m = r − r_s,m;
     * the factors change by exp(−2ηΔ²) per step. Every factor is at most 1 (u_k is the smallest), so the terms only
     * shrink outwards and underflow harmlessly; the relative error stays within M ulps.
     */
    private void gaussiansByRecurrence(double r, double[] e) {
        double eta = eta0;
        double delta = spacing;
        int k = (int) Math.rint((r - centres[0]) / delta);
        k = Math.max(0, Math.min(gaussians - 1, k));
        double u = r - centres[k];
        double ek = Math.exp(-eta * u * u);
        e[k] = ek;
        double edd = eta * delta * delta;
        double up = Math.exp(2 * eta * delta * u - edd);
        double current = ek;
        for (int m = k + 1; m < gaussians; m++) {
            current *= up;
            e[m] = current;
            up *= ratioStep;
        }
        double down = Math.exp(-2 * eta * delta * u - edd);
        current = ek;
        for (int m = k - 1; m >= 0; m--) {
            current *= down;
            e[m] = current;
            down *= ratioStep;
        }
    }

    private void check(PairList pairs, int[] beadTypes) {
        if (beadTypes.length < pairs.beads()) {
            throw new IllegalArgumentException("types for " + beadTypes.length + " beads, pair list has "
                + pairs.beads());
        }
    }

    @Override
    public void compute(PairList pairs, int[] beadTypes, double[] g) {
        check(pairs, beadTypes);
        int length = length();
        java.util.Arrays.fill(g, 0, pairs.beads() * length, 0.0);
        for (int p = 0; p < pairs.size(); p++) {
            double r = pairs.distance(p);
            if (r >= cutoff) {
                continue;
            }
            evaluate(r, value, null);
            int i = pairs.i()[p];
            int j = pairs.j()[p];
            int rowI = i * length + beadTypes[j] * gaussians;
            int rowJ = j * length + beadTypes[i] * gaussians;
            for (int m = 0; m < gaussians; m++) {
                g[rowI + m] += value[m];
                g[rowJ + m] += value[m];
            }
        }
    }

    @Override
    public DescriptorGradient gradient(PairList pairs, int[] beadTypes) {
        check(pairs, beadTypes);
        DescriptorGradient out = new DescriptorGradient(length());
        for (int p = 0; p < pairs.size(); p++) {
            double r = pairs.distance(p);
            if (r >= cutoff) {
                continue;
            }
            evaluate(r, value, slope);
            int i = pairs.i()[p];
            int j = pairs.j()[p];
            double dx = pairs.dx()[p];
            double dy = pairs.dy()[p];
            double dz = pairs.dz()[p];
            for (int side = 0; side < 2; side++) {
                int owner = side == 0 ? i : j;
                int other = side == 0 ? j : i;
                int v = out.add(owner, i, j, dx, dy, dz, beadTypes[other] * gaussians, gaussians);
                double[] values = out.values();
                for (int m = 0; m < gaussians; m++, v += 3) {
                    double s = slope[m] / r;
                    values[v] = s * dx;
                    values[v + 1] = s * dy;
                    values[v + 2] = s * dz;
                }
            }
        }
        return out;
    }

    @Override
    public void addForces(PairList pairs, int[] beadTypes, double[] dEdG, double[] forces, double[] virial) {
        check(pairs, beadTypes);
        int length = length();
        for (int p = 0; p < pairs.size(); p++) {
            double r = pairs.distance(p);
            if (r >= cutoff) {
                continue;
            }
            evaluate(r, value, slope);
            int i = pairs.i()[p];
            int j = pairs.j()[p];
            int rowI = i * length + beadTypes[j] * gaussians;
            int rowJ = j * length + beadTypes[i] * gaussians;
            double dEdr = 0;
            for (int m = 0; m < gaussians; m++) {
                dEdr += (dEdG[rowI + m] + dEdG[rowJ + m]) * slope[m];
            }
            // force on j: −(dE/dr) d/r; on i the opposite
            double s = -dEdr / r;
            double fx = s * pairs.dx()[p];
            double fy = s * pairs.dy()[p];
            double fz = s * pairs.dz()[p];
            forces[3 * j] += fx;
            forces[3 * j + 1] += fy;
            forces[3 * j + 2] += fz;
            forces[3 * i] -= fx;
            forces[3 * i + 1] -= fy;
            forces[3 * i + 2] -= fz;
            if (virial != null) {
                DescriptorGradient.addVirial(virial, pairs.dx()[p], pairs.dy()[p], pairs.dz()[p], fx, fy, fz);
            }
        }
    }
}
