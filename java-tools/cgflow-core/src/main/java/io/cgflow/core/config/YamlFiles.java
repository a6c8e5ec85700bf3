package io.cgflow.core.config;

import io.cgflow.core.InputException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The one way cgflow reads its YAML input files (potentials, mappings, training settings, validation tolerances):
 * plain data only (no tags that build objects), a key given twice in one mapping is an error rather than the last
 * one silently winning, aliases and the size of the text are bounded, and every failure is an
 * {@link InputException} (exit 2) that names the file and, for a syntax error, the line and column.
 */
public final class YamlFiles {
    /** Larger YAML inputs are refused (the files cgflow reads are a few kilobytes). */
    public static final int MAX_CHARACTERS = 8 << 20;
    private static final int MAX_ALIASES = 50;

    private YamlFiles() {
    }

    /**
     * The document of {@code file}: maps, lists, strings, numbers, booleans or null (an empty file).
     *
     * @param what what the file is, for the message when it is missing ("mapping file", "potential file")
     */
    public static Object read(Path file, String what) {
        return parse(file, TextFiles.read(file, what, 4L * MAX_CHARACTERS));
    }

    /** Parses {@code text}, read from {@code file} (named in messages). */
    private static Object parse(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_CHARACTERS);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : String.valueOf(e.getMessage()).lines()
                .findFirst().orElse("");
            if (e.getContext() != null && !problem.contains(e.getContext())) {
                problem = problem + " (" + e.getContext() + ")";
            }
            String where = mark == null ? "YAML" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw InputException.at(file, where, "not valid YAML: " + problem.replace('\n', ' '));
        } catch (YAMLException e) {
            throw InputException.in(file, "not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst()
                .orElse(""));
        }
    }

}
