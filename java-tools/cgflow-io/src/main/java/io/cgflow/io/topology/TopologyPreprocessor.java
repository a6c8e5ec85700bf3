package io.cgflow.io.topology;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The C-preprocessor subset of GROMACS topologies ({@code grompp}'s cpp): {@code #include "file"} (searched
 * relative to the including file, then beside the file a symbolic link points to, then in the include path),
 * {@code #define NAME [value]}, {@code #undef},
 * {@code #ifdef}/{@code #ifndef}/{@code #else}/{@code #endif}, backslash continuation lines and {@code ;}
 * comments. Defined names are replaced by their values in the lines that are kept, token by token.
 */
final class TopologyPreprocessor {
    private static final int MAX_DEPTH = 32;

    /** One logical line of the preprocessed topology, with where it came from (1-based line number). */
    record SourceLine(Path file, int line, String text) {
        InputException error(String problem) {
            return InputException.at(file, "line " + line, problem);
        }
    }

    private final List<Path> includePath;
    private final Map<String, String> defines = new HashMap<>();
    private final List<SourceLine> out = new ArrayList<>();

    /** @param includePath folders searched after the including file's own folder, in order */
    TopologyPreprocessor(List<Path> includePath) {
        this.includePath = List.copyOf(includePath);
    }

    /** The logical lines of {@code top} and everything it includes, with comments and directives removed. */
    List<SourceLine> read(Path top) {
        if (!Files.isRegularFile(top)) {
            throw InputException.in(top, Files.exists(top) ? "not a regular file" : "topology file not found");
        }
        process(top.toAbsolutePath().normalize(), 0, new ArrayDeque<>());
        return out;
    }

    private void process(Path file, int depth, Deque<Path> stack) {
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "file not found");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        }
        stack.push(file);
        // conditional state: each entry is {active, elseSeen}; a branch is active when all enclosing ones are
        Deque<boolean[]> conditions = new ArrayDeque<>();
        Deque<Integer> conditionLines = new ArrayDeque<>();
        for (int i = 0; i < raw.size(); i++) {
            int lineNumber = i + 1;
            StringBuilder joined = new StringBuilder(raw.get(i));
            while (endsWithBackslash(joined) && i + 1 < raw.size()) {
                joined.setLength(joined.toString().stripTrailing().length() - 1);
                joined.append(' ').append(raw.get(++i));
            }
            String line = joined.toString();
            int semicolon = line.indexOf(';');
            if (semicolon >= 0) {
                line = line.substring(0, semicolon);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            SourceLine here = new SourceLine(file, lineNumber, trimmed);
            boolean active = conditions.stream().allMatch(c -> c[0]);
            if (trimmed.startsWith("#")) {
                String[] t = trimmed.substring(1).strip().split("\\s+", 2);
                String directive = t[0];
                String argument = t.length > 1 ? t[1].strip() : "";
                switch (directive) {
                    case "ifdef", "ifndef" -> {
                        String name = macroName(here, directive, argument);
                        boolean defined = defines.containsKey(name);
                        conditions.push(new boolean[] {directive.equals("ifdef") == defined, false});
                        conditionLines.push(lineNumber);
                    }
                    case "else" -> {
                        if (conditions.isEmpty() || conditions.peek()[1]) {
                            throw here.error("#else without a matching #ifdef/#ifndef");
                        }
                        boolean[] c = conditions.peek();
                        c[0] = !c[0];
                        c[1] = true;
                    }
                    case "endif" -> {
                        if (conditions.isEmpty()) {
                            throw here.error("#endif without a matching #ifdef/#ifndef");
                        }
                        conditions.pop();
                        conditionLines.pop();
                    }
                    case "define" -> {
                        if (active) {
                            String[] d = argument.split("\\s+", 2);
                            defines.put(macroName(here, directive, d[0]), d.length > 1 ? d[1].strip() : "");
                        }
                    }
                    case "undef" -> {
                        if (active) {
                            defines.remove(macroName(here, directive, argument));
                        }
                    }
                    case "include" -> {
                        if (active) {
                            include(here, argument, depth, stack);
                        }
                    }
                    default -> {
                        if (active) {
                            throw here.error("preprocessor directive '#" + directive + "' is not supported (#include, "
                                + "#define, #undef, #ifdef, #ifndef, #else, #endif)");
                        }
                    }
                }
                continue;
            }
            if (active) {
                out.add(new SourceLine(file, lineNumber, substitute(trimmed)));
            }
        }
        if (!conditions.isEmpty()) {
            throw InputException.at(file, "line " + conditionLines.peek(), "#ifdef/#ifndef without a matching #endif");
        }
        stack.pop();
    }

    private static boolean endsWithBackslash(CharSequence s) {
        String t = s.toString().stripTrailing();
        return t.endsWith("\\");
    }

    private static String macroName(SourceLine here, String directive, String argument) {
        String name = argument.split("\\s+")[0];
        if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw here.error("#" + directive + " needs a macro name, got '" + argument + "'");
        }
        return name;
    }

    private void include(SourceLine here, String argument, int depth, Deque<Path> stack) {
        String name;
        if (argument.length() >= 2 && (argument.startsWith("\"") && argument.endsWith("\"")
            || argument.startsWith("<") && argument.endsWith(">"))) {
            name = argument.substring(1, argument.length() - 1).strip();
        } else {
            throw here.error("#include needs a file name in quotes, got '" + argument + "'");
        }
        if (name.isEmpty()) {
            throw here.error("#include names no file");
        }
        if (depth + 1 >= MAX_DEPTH) {
            throw here.error("#include nested more than " + MAX_DEPTH + " deep (does a file include itself?)");
        }
        List<Path> tried = new ArrayList<>();
        Path parent = here.file().toAbsolutePath().getParent();
        List<Path> folders = new ArrayList<>();
        folders.add(parent);
        // a topology linked into a work folder (as Nextflow stages inputs) finds its includes beside the real file
        try {
            Path real = here.file().toRealPath().getParent();
            if (!real.equals(parent)) {
                folders.add(real);
            }
        } catch (java.io.IOException ignored) {
            // the including file was read a moment ago; if it cannot be resolved now, its own folder is enough
        }
        folders.addAll(includePath);
        for (Path folder : folders) {
            Path candidate = folder.resolve(name);
            tried.add(folder);
            if (Files.isRegularFile(candidate)) {
                Path normal = candidate.toAbsolutePath().normalize();
                if (stack.contains(normal)) {
                    throw here.error("#include \"" + name + "\" includes itself");
                }
                process(normal, depth + 1, stack);
                return;
            }
        }
        throw here.error("cannot find #include \"" + name + "\" (looked in " + String.join(", ",
            tried.stream().map(Path::toString).toList()) + "; set GMXLIB to the GROMACS force-field folder)");
    }

    private String substitute(String line) {
        if (defines.isEmpty()) {
            return line;
        }
        String[] t = line.split("\\s+");
        boolean changed = false;
        for (int k = 0; k < t.length; k++) {
            String v = defines.get(t[k]);
            if (v != null && !v.isEmpty()) {
                t[k] = v;
                changed = true;
            }
        }
        return changed ? String.join(" ", t) : line;
    }
}
