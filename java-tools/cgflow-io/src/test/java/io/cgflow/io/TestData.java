package io.cgflow.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's committed test-data folder from a module's working directory. */
public final class TestData {
    private TestData() {
    }

    public static Path root() {
        String configured = System.getProperty("cgflow.testData");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("test-data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("test-data folder not found above " + Path.of("").toAbsolutePath());
    }

    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test data file " + p);
        }
        return p;
    }
}
