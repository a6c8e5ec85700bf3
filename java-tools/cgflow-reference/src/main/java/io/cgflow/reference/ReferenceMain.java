package io.cgflow.reference;

import io.cgflow.cli.ToolLauncher;

/** Entry point of the {@code cgflow-reference} jar. */
public final class ReferenceMain {
    private ReferenceMain() {
    }

    public static void main(String[] args) {
        ToolLauncher.main(new ReferenceCommand(), args);
    }
}
