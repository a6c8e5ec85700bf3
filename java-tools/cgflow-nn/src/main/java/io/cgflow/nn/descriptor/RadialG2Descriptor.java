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
    /**
     * When uniform: the Gaussians more than this many centres from the one nearest to r are below e^−44 (about
     * 10⁻¹⁹, beneath the rounding of any sum they could enter) and are left out; M when the grid is not uniform.
     */
    private final int reach;
    /** The components written by the last {@link #pairTerms}: [from, to). */
    private int from;
    private int to;

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
        this.ratioStep = StrictMath.exp(-2 * eta[0] * delta * delta);
        // the Gaussian j centres away is at most exp(−ηΔ² (j − ½)²): below e^−44 from j = reach + 1 on
        this.reach = even ? (int) Math.min(gaussians, Math.ceil(Math.sqrt(NEGLIGIBLE / (eta0 * delta * delta)) - 0.5))
            : gaussians;
        this.to = gaussians;
    }

    /** Exponent below which a Gaussian's contribution is dropped: e^−44 ≈ 7.8 × 10⁻²⁰. */
    private static final double NEGLIGIBLE = 44;

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
     * {@code value} (length M) and g_m'(r) into {@code slope}, each when it is not null — for the components
     * [{@link #from()}, {@link #to()}) only: on an evenly spaced grid the Gaussians farther from r are below
     * e^−44 of the largest possible term, count as zero, and are not written. Callers add and sum over that window.
     */
    public void pairTerms(double r, double[] value, double[] slope) {
        evaluate(r, value, slope);
    }

    /**
     * Adds {@code scale} · g_m(r) to {@code target[offset + m]} for the components of the window (the values of
     * {@link #pairTerms}, bit for bit, without an array between): a neighbour's contribution to a descriptor row
     * (scale 1), or its removal (−1).
     */
    public void addValues(double r, double[] target, int offset, double scale) {
        if (!uniform) {
            evaluate(r, value, null);
            for (int m = 0; m < gaussians; m++) {
                target[offset + m] += scale * value[m];
            }
            return;
        }
        double c = Elementary.cos(0.5 * Math.PI * r / cutoff);
        int k = nearestCentre(r);
        double u = r - centres[k];
        double up = Elementary.exp(2 * eta0 * spacing * u - eta0 * spacing * spacing);
        double down = ratioStep / up;
        addWindow(k, Elementary.exp(-eta0 * u * u) * (c * c), up, down, target, offset, scale);
    }

    /** scale · g_m into target[offset + m] over the window of centre k, by recurrence from g_k = vk outwards. */
    private void addWindow(int k, double vk, double up, double down, double[] target, int offset, double scale) {
        int lo = Math.max(0, k - reach);
        int hi = Math.min(gaussians, k + reach + 1);
        target[offset + k] += scale * vk;
        double current = vk;
        for (int m = k + 1; m < hi; m++) {
            current *= up;
            target[offset + m] += scale * current;
            up *= ratioStep;
        }
        current = vk;
        for (int m = k - 1; m >= lo; m--) {
            current *= down;
            target[offset + m] += scale * current;
            down *= ratioStep;
        }
    }

    /**
     * Σ_m (a[oa + m] + b[ob + m]) g_m'(r) over the window: the radial derivative of the energy of a pair whose two rows
     * have the energy gradients a and b, without an array of slopes between. On an evenly spaced grid the terms are
     * summed from the centre nearest to r outwards, upwards then downwards (a fixed order).
     */
    public double slopeDot(double r, double[] a, int oa, double[] b, int ob) {
        if (!uniform) {
            evaluate(r, null, slope);
            double sum = 0;
            for (int m = 0; m < gaussians; m++) {
                sum += (a[oa + m] + b[ob + m]) * slope[m];
            }
            return sum;
        }
        double y = 0.5 * Math.PI * r / cutoff;
        double c = Elementary.cos(y);
        double dfc = -Math.PI / cutoff * Elementary.sin(y) * c;
        int k = nearestCentre(r);
        double u = r - centres[k];
        double up = Elementary.exp(2 * eta0 * spacing * u - eta0 * spacing * spacing);
        double down = ratioStep / up;
        return slopeWindow(r, k, Elementary.exp(-eta0 * u * u), up, down, c * c, dfc, a, oa, b, ob);
    }

    /** {@link #slopeDot} over the window of centre k from its seeds e_k, the recurrence factors, f_c and f_c'. */
    private double slopeWindow(double r, int k, double ek, double up, double down, double fc, double dfc,
                               double[] a, int oa, double[] b, int ob) {
        int lo = Math.max(0, k - reach);
        int hi = Math.min(gaussians, k + reach + 1);
        double twoEtaFc = 2 * eta0 * fc;
        double u = r - centres[k];
        double sum = (a[oa + k] + b[ob + k]) * (ek * (dfc - twoEtaFc * u));
        double upper = 0;
        double current = ek;
        for (int m = k + 1; m < hi; m++) {
            current *= up;
            upper += (a[oa + m] + b[ob + m]) * (current * (dfc - twoEtaFc * (r - centres[m])));
            up *= ratioStep;
        }
        double lower = 0;
        current = ek;
        for (int m = k - 1; m >= lo; m--) {
            current *= down;
            lower += (a[oa + m] + b[ob + m]) * (current * (dfc - twoEtaFc * (r - centres[m])));
            down *= ratioStep;
        }
        return sum + upper + lower;
    }

    /**
     * Stores what the pair terms at distance r &lt; r_c are made of under {@code pair} in {@code seeds}: on an evenly
     * spaced grid the centre nearest to r, e_k, the two recurrence factors, f_c and f_c' — every elementary function
     * a pair needs, evaluated once. {@link #addSeeded} and {@link #slopeDotSeeded} then give the bits of
     * {@link #addValues} and {@link #slopeDot} at that r with products only: a pair whose terms enter two descriptor
     * rows and a force is evaluated once instead of three times. Other grids store r alone.
     */
    public void seed(double r, PairSeeds seeds, int pair) {
        seeds.r[pair] = r;
        if (!uniform) {
            return;
        }
        double y = 0.5 * Math.PI * r / cutoff;
        double c = Elementary.cos(y);
        int k = nearestCentre(r);
        double u = r - centres[k];
        double up = Elementary.exp(2 * eta0 * spacing * u - eta0 * spacing * spacing);
        seeds.centre[pair] = k;
        seeds.gaussian[pair] = Elementary.exp(-eta0 * u * u);
        seeds.up[pair] = up;
        seeds.down[pair] = ratioStep / up;
        seeds.fc[pair] = c * c;
        seeds.dfc[pair] = -Math.PI / cutoff * Elementary.sin(y) * c;
    }

    /** {@link #addValues} (scale 1) of the pair stored under {@code pair} by {@link #seed}, with the same bits. */
    public void addSeeded(PairSeeds seeds, int pair, double[] target, int offset) {
        if (!uniform) {
            addValues(seeds.r[pair], target, offset, 1);
            return;
        }
        addWindow(seeds.centre[pair], seeds.gaussian[pair] * seeds.fc[pair], seeds.up[pair], seeds.down[pair],
            target, offset, 1);
    }

    /** {@link #slopeDot} of the pair stored under {@code pair} by {@link #seed}, with the same bits. */
    public double slopeDotSeeded(PairSeeds seeds, int pair, double[] a, int oa, double[] b, int ob) {
        if (!uniform) {
            return slopeDot(seeds.r[pair], a, oa, b, ob);
        }
        return slopeWindow(seeds.r[pair], seeds.centre[pair], seeds.gaussian[pair], seeds.up[pair], seeds.down[pair],
            seeds.fc[pair], seeds.dfc[pair], a, oa, b, ob);
    }

    /**
     * Per-pair seeds of the G2 terms (see {@link #seed}), indexed by pair number, in arrays that grow with
     * {@link #ensure} and are reused. One writer per pair; readers after the writers are done.
     */
    public static final class PairSeeds {
        private int[] centre = new int[0];
        private double[] r = new double[0];
        private double[] gaussian = new double[0];
        private double[] up = new double[0];
        private double[] down = new double[0];
        private double[] fc = new double[0];
        private double[] dfc = new double[0];

        /** Room for pairs 0 … count − 1 (contents are kept only when nothing had to grow). */
        public void ensure(int count) {
            if (r.length >= count) {
                return;
            }
            int size = count + count / 4;
            centre = new int[size];
            r = new double[size];
            gaussian = new double[size];
            up = new double[size];
            down = new double[size];
            fc = new double[size];
            dfc = new double[size];
        }

        /** The distance stored under {@code pair}. */
        public double r(int pair) {
            return r[pair];
        }

        /** Marks {@code pair} as beyond the cut-off: it adds no terms. */
        public void beyond(int pair) {
            r[pair] = Double.POSITIVE_INFINITY;
        }

        /** Whether {@code pair} was seeded within the cut-off (not {@link #beyond}). */
        public boolean within(int pair) {
            return r[pair] != Double.POSITIVE_INFINITY;
        }
    }

    /** The centre nearest to r on an evenly spaced grid (clamped to the grid). */
    private int nearestCentre(double r) {
        int k = (int) Math.rint((r - centres[0]) / spacing);
        return Math.max(0, Math.min(gaussians - 1, k));
    }

    /** The centre k nearest to r (clamped to the grid), and the window [from, to) around it. */
    private int window(double r) {
        int k = nearestCentre(r);
        from = Math.max(0, k - reach);
        to = Math.min(gaussians, k + reach + 1);
        return k;
    }

    /** First component written by the last {@link #pairTerms} (0 unless the grid is evenly spaced). */
    public int from() {
        return from;
    }

    /** One past the last component written by the last {@link #pairTerms} (M unless the grid is evenly spaced). */
    public int to() {
        return to;
    }

    /** Gaussians per neighbour type (M). */
    public int gaussians() {
        return gaussians;
    }

    /**
     * g_m(r) into {@code value} and g_m'(r) into {@code slope}, each when not null, over the window [from, to).
     * Values come by the recurrence started from e_k f_c, so a value costs one product; they are the same bits
     * whether slopes are asked for or not.
     */
    private void evaluate(double r, double[] value, double[] slope) {
        // f_c = ½ (cos(πr/r_c) + 1) = cos²(πr/2r_c), f_c' = −(π/r_c) sin(πr/2r_c) cos(πr/2r_c): without the
        // cancellation of cos + 1 near the cut-off, where f_c is small
        double y = 0.5 * Math.PI * r / cutoff;
        double c = Elementary.cos(y);
        double fc = c * c;
        if (!uniform) {
            from = 0;
            to = gaussians;
            double dfc = slope == null ? 0 : -Math.PI / cutoff * Elementary.sin(y) * c;
            for (int m = 0; m < gaussians; m++) {
                double u = r - centres[m];
                double e = Elementary.exp(-eta[m] * u * u);
                if (value != null) {
                    value[m] = e * fc;
                }
                if (slope != null) {
                    slope[m] = e * (dfc - 2 * eta[m] * u * fc);
                }
            }
            return;
        }
        // evenly spaced: e_k = exp(−η u²) at the centre k nearest to r, then outwards by recurrence
        double delta = spacing;
        int k = window(r);
        double u = r - centres[k];
        double ek = Elementary.exp(-eta0 * u * u);
        double up = Elementary.exp(2 * eta0 * delta * u - eta0 * delta * delta);
        // exp(−2ηΔu − ηΔ²) = exp(−2ηΔ²) / exp(2ηΔu − ηΔ²): a division instead of a third exponential
        double down = ratioStep / up;
        if (value != null) {
            recurrence(ek * fc, up, down, k, value);
        }
        if (slope != null) {
            recurrence(ek, up, down, k, slope);
            double dfc = -Math.PI / cutoff * Elementary.sin(y) * c;
            double twoEtaFc = 2 * eta0 * fc;
            for (int m = from; m < to; m++) {
                slope[m] *= dfc - twoEtaFc * (r - centres[m]);
            }
        }
    }

    /**
     * a_m = a_k q_m for m in the window, q_m = exp(−η (r − r_s,m)²) / exp(−η u_k²): from k outwards,
     * q_{m+1} = q_m exp(2ηΔ u_m − ηΔ²) and q_{m−1} = q_m exp(−2ηΔ u_m − ηΔ²) with u_m = r − r_s,m, factors that change
     * by exp(−2ηΔ²) per step. Every factor is at most 1 (u_k is the smallest), so the terms only shrink outwards and
     * underflow harmlessly; the relative error stays within M ulps.
     */
    private void recurrence(double ak, double up, double down, int k, double[] a) {
        a[k] = ak;
        double current = ak;
        for (int m = k + 1; m < to; m++) {
            current *= up;
            a[m] = current;
            up *= ratioStep;
        }
        current = ak;
        for (int m = k - 1; m >= from; m--) {
            current *= down;
            a[m] = current;
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
            int i = pairs.i()[p];
            int j = pairs.j()[p];
            addValues(r, g, i * length + beadTypes[j] * gaussians, 1);
            addValues(r, g, j * length + beadTypes[i] * gaussians, 1);
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
            evaluate(r, null, slope);
            java.util.Arrays.fill(slope, 0, from, 0.0);
            java.util.Arrays.fill(slope, to, gaussians, 0.0);
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
            int i = pairs.i()[p];
            int j = pairs.j()[p];
            double dEdr = slopeDot(r, dEdG, i * length + beadTypes[j] * gaussians, dEdG,
                j * length + beadTypes[i] * gaussians);
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
