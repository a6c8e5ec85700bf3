package io.cgflow.md;

import io.cgflow.cli.ToolLauncher;

/** Entry point of the {@code cgflow-md} jar. */
public final class MdMain {
    private MdMain() {
    }

    public static void main(String[] args) {
        ToolLauncher.main(new MdCommand(), args);
    }
}
