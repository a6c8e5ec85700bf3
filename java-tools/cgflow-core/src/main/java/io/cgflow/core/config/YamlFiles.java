package io.cgflow.core.config;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw InputException.in(file, "is a folder, not a " + what);
            }
            if (Files.size(file) > 4L * MAX_CHARACTERS) {
                throw InputException.in(file, "is " + Files.size(file) + " bytes long; a " + what + " is a small YAML"
                    + " file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, what + " not found");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        }
        return parse(file, decode(file, bytes));
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

    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
            throw InputException.in(file, "is not UTF-8 text (byte " + in.position() + " cannot be decoded): is it a"
                + " binary file?");
        }
        out.flip();
        String text = out.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw InputException.in(file, "holds a NUL character at offset " + nul + ": is it a binary file?");
        }
        return text;
    }
}
