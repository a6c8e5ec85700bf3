package io.cgflow.core.output;

import io.cgflow.core.InputException;
import io.cgflow.core.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks, before anything is read, that no output of a run can replace one of its inputs and that no two
 * outputs are the same file. An output is a single file, a sharded trajectory ({@code OUT.h5} and its
 * shards {@code OUT-NNNNN.h5} with the list {@code OUT.shards.txt}) or a folder of files whose names match a
 * pattern (tables). Paths are compared after resolving symbolic links of every existing part, and existing
 * files also by identity, so {@code ./a/../x.h5}, a link to an input or a hard link are caught. A collision is
 * a command-line error (exit 1) naming both options.
 */
public final class OutputGuard {
    private record Input(String option, Path path, Path canonical) {
    }

    private record Output(String option, Path given, List<Path> representatives, Predicate<Path> covers,
                          boolean folder) {
    }

    /** A folder output whose files of {@code names} must all be the tool's own ({@code ours}), written by {@code writer}. */
    private record Owned(String option, Path dir, Pattern names, Predicate<Path> ours, String writer) {
    }

    private final List<Owned> owned = new ArrayList<>();

    private final List<Input> inputs = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();

    /** An input file given with {@code option}. */
    public OutputGuard input(String option, Path path) {
        if (path != null) {
            inputs.add(new Input(option, path, canonical(path)));
        }
        return this;
    }

    /** Several input files given with {@code option}. */
    public OutputGuard inputs(String option, List<Path> paths) {
        for (Path p : paths) {
            input(option, p);
        }
        return this;
    }

    /** A single output file. */
    public OutputGuard file(String option, Path path) {
        if (path != null) {
            Path c = canonical(path);
            outputs.add(new Output(option, path, List.of(c), c::equals, false));
        }
        return this;
    }

    /** A trajectory written as {@code OUT.ext} or as shards {@code OUT-NNNNN.ext} with {@code OUT.shards.txt}. */
    public OutputGuard sharded(String option, Path path) {
        if (path != null) {
            Path c = canonical(path);
            String name = c.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stem = dot < 0 ? name : name.substring(0, dot);
            String ext = dot < 0 ? "" : name.substring(dot);
            Path manifest = c.resolveSibling(stem + ".shards.txt");
            Pattern shard = Pattern.compile(Pattern.quote(stem) + "-\\d{5,}" + Pattern.quote(ext));
            Path folder = c.getParent();
            outputs.add(new Output(option, path, List.of(c, manifest, c.resolveSibling(stem + "-00000" + ext)),
                p -> p.equals(c) || p.equals(manifest)
                    || (folder.equals(p.getParent()) && shard.matcher(p.getFileName().toString()).matches()), false));
        }
        return this;
    }

    /** A folder receiving files whose names match {@code names} (e.g. the distribution tables). */
    public OutputGuard folder(String option, Path dir, Pattern names, String example) {
        if (dir != null) {
            Path c = canonical(dir);
            outputs.add(new Output(option, dir, List.of(c.resolve(example)),
                p -> c.equals(p.getParent()) && names.matcher(p.getFileName().toString()).matches(), true));
        }
        return this;
    }

    /**
     * As {@link #folder(String, Path, Pattern, String)}; the folder's files of those names must have been written by
     * the tool ({@code ours}, e.g. by their first line, {@link #firstLineStarts}): a run replaces the ones it writes
     * again and removes the others as stale, so a file of the user's among them is refused (exit 2) before any work.
     */
    public OutputGuard folder(String option, Path dir, Pattern names, String example, Predicate<Path> ours,
                              String writer) {
        folder(option, dir, names, example);
        if (dir != null) {
            owned.add(new Owned(option, dir, names, ours, writer));
        }
        return this;
    }

    /** Whether a file's first line starts with one of {@code prefixes} (read from its first 1 KiB). */
    public static Predicate<Path> firstLineStarts(List<String> prefixes) {
        return file -> {
            byte[] head = new byte[1024];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            } catch (IOException e) {
                return false;
            }
            String first = new String(head, 0, n, StandardCharsets.UTF_8).lines().findFirst()
                .orElse("");
            return prefixes.stream().anyMatch(first::startsWith);
        };
    }

    /**
     * Throws a {@link UsageException} (exit 1) at the first output that would replace an input or another output,
     * and an {@link InputException} (exit 2, as when the output is staged) at an output file that is a folder or a
     * file of an owned folder that the tool did not write.
     */
    public void check() {
        for (Output o : outputs) {
            Path target = o.representatives().get(0);
            if (!o.folder() && Files.isDirectory(target)) {
                throw new InputException("cannot write output " + o.given() + " (" + o.option() + "): it is a folder");
            }
            if (!o.folder()) {
                // a device, a pipe or a descriptor: refused before anything is read (exit 2)
                OutputTransaction.destination(o.given(), o.given() + " (" + o.option() + ")");
            }
        }
        for (Output o : outputs) {
            for (Input in : inputs) {
                if (o.covers().test(in.canonical()) || sameExistingFile(o, in.path())) {
                    throw new UsageException(o.option() + " " + o.given() + " would overwrite the input "
                        + in.option() + " " + in.path() + describe(o) + "; write the output elsewhere");
                }
            }
        }
        for (int a = 0; a < outputs.size(); a++) {
            for (int b = a + 1; b < outputs.size(); b++) {
                Output x = outputs.get(a);
                Output y = outputs.get(b);
                if (x.representatives().stream().anyMatch(y.covers()) || y.representatives().stream().anyMatch(x.covers())
                    || folderMeets(x, y) || folderMeets(y, x)) {
                    throw new UsageException(x.option() + " " + x.given() + " and " + y.option() + " " + y.given()
                        + " name the same file(s); give each output its own name");
                }
            }
        }
        for (Owned o : owned) {
            if (!Files.isDirectory(o.dir())) {
                continue;
            }
            try (var files = Files.list(o.dir())) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    if (o.names().matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)
                        && !o.ours().test(f)) {
                        throw new InputException(f + ": in the " + o.option() + " folder, but not written by " + o.writer()
                            + ", whose files there it replaces or removes as stale: move it away, or give " + o.option()
                            + " a folder of its own");
                    }
                }
            } catch (IOException e) {
                throw new InputException("cannot list " + o.dir() + " (" + o.option() + "): " + e.getMessage());
            }
        }
    }

    /** Whether {@code folder}, a folder output, is itself one of the files {@code other} writes. */
    private static boolean folderMeets(Output folder, Output other) {
        if (!folder.folder()) {
            return false;
        }
        Path dir = folder.representatives().get(0).getParent();
        return other.covers().test(dir) || other.representatives().contains(dir);
    }

    private static String describe(Output o) {
        return o.representatives().size() > 1 ? " (" + o.option() + " also writes shards NAME-NNNNN and NAME.shards.txt)"
            : "";
    }

    private static boolean sameExistingFile(Output o, Path input) {
        Path out = o.representatives().get(0);
        if (!Files.isRegularFile(out) || !Files.exists(input)) {
            return false;
        }
        try {
            return Files.isSameFile(out, input);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The absolute, normalised path with symbolic links of its existing part resolved (the part that does not
     * exist yet is appended as given).
     */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Deque<Path> rest = new ArrayDeque<>();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            rest.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            Path real = existing.toRealPath();
            while (!rest.isEmpty()) {
                real = real.resolve(rest.pop());
            }
            return real;
        } catch (IOException e) {
            return abs;
        }
    }
}
