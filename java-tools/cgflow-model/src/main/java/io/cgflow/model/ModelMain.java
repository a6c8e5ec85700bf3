package io.cgflow.model;

import io.cgflow.cli.ToolLauncher;

/** Entry point of the {@code cgflow-model} jar. */
public final class ModelMain {
    private ModelMain() {
    }

    public static void main(String[] args) {
        ToolLauncher.main(new ModelCommand(), args);
    }
}
