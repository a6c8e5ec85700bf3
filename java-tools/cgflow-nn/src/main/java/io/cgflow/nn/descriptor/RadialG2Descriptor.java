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

    public RadialG2Descriptor(RadialG2Settings settings) {
        this.settings = settings;
        this.cutoff = settings.cutoff();
        this.eta = settings.eta();
        this.centres = settings.centres();
        this.gaussians = eta.length;
        this.types = settings.neighbourTypes().size();
        this.value = new double[gaussians];
        this.slope = new double[gaussians];
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
        for (int m = 0; m < gaussians; m++) {
            double u = r - centres[m];
            double e = Math.exp(-eta[m] * u * u);
            value[m] = e * fc;
            if (slope != null) {
                slope[m] = e * (dfc - 2 * eta[m] * u * fc);
            }
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
