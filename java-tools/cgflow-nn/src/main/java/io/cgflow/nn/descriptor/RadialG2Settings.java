package io.cgflow.nn.descriptor;

import java.util.HashSet;
import java.util.List;

/**
 * Settings of the radial symmetry functions G2 (Behler): for every neighbour type t and Gaussian m,
 * G_i[t,m] = Σ_{j of type t, r_ij &lt; r_c} exp(−η_m (r_ij − r_s,m)²) f_c(r_ij), with the cosine cut-off
 * f_c(r) = ½[cos(π r / r_c) + 1]. Component index of (t, m) in a descriptor row: t·M + m.
 *
 * @param neighbourTypes bead type names, in the order of the type indices
 * @param cutoff r_c, nm
 * @param eta η_m, nm⁻²
 * @param centres r_s,m, nm
 */
public record RadialG2Settings(List<String> neighbourTypes, double cutoff, double[] eta, double[] centres)
        implements DescriptorSettings {
    /** The kind name in model files. */
    public static final String KIND = "radial-g2";

    public RadialG2Settings {
        neighbourTypes = List.copyOf(neighbourTypes);
        if (neighbourTypes.isEmpty()) {
            throw new IllegalArgumentException("no neighbour types");
        }
        if (new HashSet<>(neighbourTypes).size() != neighbourTypes.size()) {
            throw new IllegalArgumentException("neighbour types repeat: " + neighbourTypes);
        }
        if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("cut-off must be a positive number, got " + cutoff);
        }
        if (eta.length == 0 || eta.length != centres.length) {
            throw new IllegalArgumentException("need as many η as centres, at least one: got " + eta.length + " and "
                + centres.length);
        }
        for (int m = 0; m < eta.length; m++) {
            if (!(eta[m] > 0) || Double.isInfinite(eta[m]) || !Double.isFinite(centres[m])) {
                throw new IllegalArgumentException("Gaussian " + m + ": η must be positive and r_s finite, got η="
                    + eta[m] + " r_s=" + centres[m]);
            }
        }
        eta = eta.clone();
        centres = centres.clone();
    }

    /**
     * {@code count} Gaussians of standard deviation {@code width} (η = 1 / (2 width²)) with centres evenly spaced
     * from {@code rMin} towards the cut-off: r_s,m = rMin + m (cutoff − rMin) / count. For example rMin 0.20 nm,
     * cut-off 0.90 nm, 35 Gaussians: centres 0.20, 0.22, …, 0.88 nm, 0.02 nm apart; with width 0.02 nm this is
     * the grid that resolves the first peak of a one-bead water.
     */
    public static RadialG2Settings evenlySpaced(List<String> neighbourTypes, double cutoff, double rMin, int count,
            double width) {
        if (count < 1 || !(rMin < cutoff) || !(width > 0)) {
            throw new IllegalArgumentException("need count ≥ 1, r_min < cut-off and width > 0; got " + count + ", "
                + rMin + ", " + width);
        }
        double spacing = (cutoff - rMin) / count;
        double[] eta = new double[count];
        double[] centres = new double[count];
        for (int m = 0; m < count; m++) {
            eta[m] = 1 / (2 * width * width);
            centres[m] = rMin + m * spacing;
        }
        return new RadialG2Settings(neighbourTypes, cutoff, eta, centres);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public RadialG2Descriptor create() {
        return new RadialG2Descriptor(this);
    }

    /** Gaussians per neighbour type (M). */
    public int gaussians() {
        return eta.length;
    }

    /** Components per bead: types × Gaussians. */
    @Override
    public int length() {
        return neighbourTypes.size() * eta.length;
    }

    @Override
    public double[] eta() {
        return eta.clone();
    }

    @Override
    public double[] centres() {
        return centres.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadialG2Settings s && s.neighbourTypes.equals(neighbourTypes)
            && Double.compare(s.cutoff, cutoff) == 0 && java.util.Arrays.equals(s.eta, eta)
            && java.util.Arrays.equals(s.centres, centres);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(neighbourTypes, cutoff, java.util.Arrays.hashCode(eta),
            java.util.Arrays.hashCode(centres));
    }

    @Override
    public String toString() {
        return "RadialG2Settings[types=" + neighbourTypes + ", cutoff=" + cutoff + ", gaussians=" + eta.length + "]";
    }
}
