package io.cgflow.convert;

import io.cgflow.cli.ToolLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs cgflow-convert in-process and captures its exit code and streams. */
final class ConvertFixture {
    private ConvertFixture() {
    }

    static ToolLauncher.Outcome run(String... args) {
        return ToolLauncher.capture(new ConvertCommand(), args);
    }

    /** Names of all files in a folder, hidden temporaries included. */
    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
