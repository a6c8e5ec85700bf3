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
            case TANH -> Math.tanh(z);
            case SIGMOID -> sigmoid(z);
            case SOFTPLUS -> z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            case RELU -> z > 0 ? z : 0;
        };
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
