package io.cgflow.core.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A set of output files that appear together or not at all. Each file is written under a hidden
 * temporary name in its target folder ({@link #stage}); {@link #commit} renames them all into place;
 * closing an uncommitted transaction deletes every staged file. A failed or killed run therefore never
 * leaves a file that looks finished (a kill between two renames can leave some of the finished files).
 */
public final class OutputTransaction implements AutoCloseable {
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private boolean committed;

    /** The temporary path to write {@code target} to. Parent folders are created. */
    public Path stage(Path target) {
        if (committed) {
            throw new IllegalStateException("transaction already committed");
        }
        Path absolute = target.toAbsolutePath().normalize();
        if (staged.containsKey(absolute)) {
            throw new IllegalArgumentException("output staged twice: " + target);
        }
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder for " + target, e);
        }
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp-" + tag);
        staged.put(absolute, temp);
        return temp;
    }

    /** Gives a staged file another final name (the temporary file stays where it is). */
    public void retarget(Path oldTarget, Path newTarget) {
        Path temp = staged.remove(oldTarget.toAbsolutePath().normalize());
        if (temp == null) {
            throw new IllegalArgumentException("not staged: " + oldTarget);
        }
        staged.put(newTarget.toAbsolutePath().normalize(), temp);
    }

    /** Moves every staged file to its final name. */
    public void commit() {
        try {
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                if (!Files.exists(e.getValue())) {
                    throw new IllegalStateException("staged output was never written: " + e.getKey());
                }
            }
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                move(e.getValue(), e.getKey());
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move outputs into place", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        for (Path temp : staged.values()) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a leftover hidden temporary never looks like a finished output
            }
        }
    }

    /** Writes one small text file atomically. */
    public static void writeString(Path target, String content) {
        try (OutputTransaction tx = new OutputTransaction()) {
            Path temp = tx.stage(target);
            Files.writeString(temp, content);
            tx.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
