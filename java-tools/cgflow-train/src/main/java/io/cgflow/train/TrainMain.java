package io.cgflow.train;

import io.cgflow.cli.ToolLauncher;

/** Entry point of the {@code cgflow-train} jar. */
public final class TrainMain {
    private TrainMain() {
    }

    public static void main(String[] args) {
        ToolLauncher.main(new TrainCommand(), args);
    }
}
