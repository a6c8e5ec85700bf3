package io.cgflow.convert;

import io.cgflow.cli.ToolLauncher;

/** Entry point of the {@code cgflow-convert} jar. */
public final class ConvertMain {
    private ConvertMain() {
    }

    public static void main(String[] args) {
        ToolLauncher.main(new ConvertCommand(), args);
    }
}
