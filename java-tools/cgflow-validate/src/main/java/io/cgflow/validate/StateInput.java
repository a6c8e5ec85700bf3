package io.cgflow.validate;

import java.nio.file.Path;

/**
 * One state to validate: its name, its role in training ({@code train} or {@code holdout}), the atomistic reference
 * distributions, the distributions of the CG run (cgflow-reference on the cgflow-md trajectory) and, optionally,
 * the CG run's THERMO.tsv (null without one).
 */
public record StateInput(String name, String role, Path reference, Path cg, Path thermo) {
    public static final String TRAIN = "train";
    public static final String HOLDOUT = "holdout";
}
