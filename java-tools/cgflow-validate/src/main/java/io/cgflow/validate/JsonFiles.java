package io.cgflow.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.file.Path;

/** JSON in and out (Jackson): objects indented, arrays of numbers on one line, so curves stay compact. */
final class JsonFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY;
    private static final ObjectWriter COMPACT = MAPPER.writer();

    static {
        DefaultPrettyPrinter p = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter());
        PRETTY = MAPPER.writer(p);
    }

    private JsonFiles() {
    }

    static String pretty(Object tree) {
        try {
            return PRETTY.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Compact JSON safe to place inside an HTML script element ('<' escaped). */
    static String forScript(Object tree) {
        try {
            return COMPACT.writeValueAsString(tree).replace("<", "\\u003c").replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            throw InputException.at(file, "line " + e.getLocation().getLineNr(), "not valid JSON: "
                + e.getOriginalMessage());
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        }
    }

    static Object toPlain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }
}
