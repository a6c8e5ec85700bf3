package io.cgflow.nn.model;

import java.util.Locale;

/**
 * Activation functions of hidden layers (the output layer is always {@link #IDENTITY}). The smooth ones are the
 * ones to use for forces: ReLU gives forces that jump. Names in model files are the lower-case enum names.
 */
public enum Activation {
    IDENTITY,
    TANH,
    SIGMOID,
    /** ln(1 + eˣ). */
    SOFTPLUS,
    RELU;

    /** σ(z). */
    public double value(double z) {
        return switch (this) {
            case IDENTITY -> z;
            case TANH -> tanh(z);
            case SIGMOID -> sigmoid(z);
            case SOFTPLUS -> z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            case RELU -> z > 0 ? z : 0;
        };
    }

    /** a[k] = σ(z[k]) for k &lt; count: the bits of {@link #value}, with the common activations' loops unswitched. */
    public void values(double[] z, double[] a, int count) {
        switch (this) {
            case TANH -> {
                for (int k = 0; k < count; k++) {
                    a[k] = tanh(z[k]);
                }
            }
            case IDENTITY -> System.arraycopy(z, 0, a, 0, count);
            default -> {
                for (int k = 0; k < count; k++) {
                    a[k] = value(z[k]);
                }
            }
        }
    }

    /** d[k] *= σ'(z[k]) for k &lt; count, given a = σ(z): the bits of {@link #derivative}. */
    public void scaleByDerivatives(double[] z, double[] a, double[] d, int count) {
        switch (this) {
            case TANH -> {
                for (int k = 0; k < count; k++) {
                    d[k] *= 1 - a[k] * a[k];
                }
            }
            case IDENTITY -> {
            }
            default -> {
                for (int k = 0; k < count; k++) {
                    d[k] *= derivative(z[k], a[k]);
                }
            }
        }
    }

    /** σ'(z), given z and a = σ(z). */
    public double derivative(double z, double a) {
        return switch (this) {
            case IDENTITY -> 1;
            case TANH -> 1 - a * a;
            case SIGMOID -> a * (1 - a);
            case SOFTPLUS -> sigmoid(z);
            case RELU -> z > 0 ? 1 : 0;
        };
    }

    /**
     * tanh within a few ulps, by the exponential (a JIT intrinsic) rather than {@link Math#tanh} (StrictMath's
     * expm1 in Java, about three times slower, and a third of a network step's time with 64-wide layers): z itself below 2⁻⁵⁵, the Taylor
     * series to z¹⁵ below |z| = 1/16 (the next term is below 10⁻²² relative there), (1 − e^−2|z|) / (1 + e^−2|z|)
     * with the sign of z up to 22, ±1 beyond. The plain-Java evaluators (sampling, MD, the trainer's passes) all use this
     * one definition; Deeplearning4j uses its own (they agree to 10⁻⁶ relative, `Dl4jAgreementTest`).
     */
    static double tanh(double z) {
        double a = Math.abs(z);
        if (a < 0x1p-55) {
            return z; // ±0 keeps its sign, as StrictMath's
        }
        if (a < 0x1p-4) {
            double s = z * z;
            return z + z * s * (-1.0 / 3 + s * (2.0 / 15 + s * (-17.0 / 315 + s * (62.0 / 2835 + s * (-1382.0 / 155925
                + s * (21844.0 / 6081075 + s * (-929569.0 / 638512875)))))));
        }
        if (a > 22) {
            return Math.copySign(1.0, z);
        }
        double e = Math.exp(-2 * a);
        return Math.copySign((1 - e) / (1 + e), z);
    }

    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** The name used in files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation of a file name, or null when there is none of that name. */
    public static Activation byId(String id) {
        for (Activation a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        return null;
    }
}
