package io.cgflow.io.text;

import io.cgflow.core.InputException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/** Line-by-line reading of a text file with the line number and bytes consumed, for error messages. */
public final class TextInput implements Closeable {
    private final Path path;
    private final BufferedReader reader;
    private int lineNumber;
    private long bytes;
    private String pushedBack;

    public TextInput(Path path) {
        this.path = path;
        try {
            this.reader = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw InputException.in(path, "file not found");
        } catch (IOException e) {
            throw InputException.in(path, "cannot open: " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    /** The next line without its terminator, or null at the end. */
    public String readLine() {
        if (pushedBack != null) {
            String l = pushedBack;
            pushedBack = null;
            lineNumber++;
            return l;
        }
        try {
            String l = reader.readLine();
            if (l != null) {
                lineNumber++;
                bytes += l.length() + 1;
            }
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The next line; the end of the file here is an error naming {@code what} was expected. */
    public String requireLine(String what) {
        return requireLine(() -> what);
    }

    /** As {@link #requireLine(String)}, building the description only when it is needed. */
    public String requireLine(Supplier<String> what) {
        String l = readLine();
        if (l == null) {
            throw InputException.at(path, "line " + (lineNumber + 1), "file ends where " + what.get()
                + " was expected (truncated?)");
        }
        return l;
    }

    /** Makes {@code line} (the one just read) the next line again. */
    public void unread(String line) {
        pushedBack = line;
        lineNumber--;
    }

    /** Number of the line last read (1-based). */
    public int lineNumber() {
        return lineNumber;
    }

    public long bytesRead() {
        return bytes;
    }

    /** An error at the current line. */
    public InputException error(String problem) {
        return InputException.at(path, "line " + lineNumber, problem);
    }

    /** Parses a finite number; NaN, infinities and malformed text are errors naming the line and field. */
    public double parseFinite(String token, String what) {
        return parseFinite(token, () -> what);
    }

    /** As {@link #parseFinite(String, String)}, building the field description only on error. */
    public double parseFinite(String token, Supplier<String> field) {
        String t = token.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.contains("nan") || lower.contains("inf")) {
                throw error(field.get() + " is '" + t + "', not a finite number");
            }
            throw error("cannot read " + field.get() + " from '" + t + "'");
        }
        if (!Double.isFinite(v)) {
            throw error(field.get() + " is '" + t + "', not a finite number");
        }
        return v;
    }

    public int parseInt(String token, String what) {
        try {
            return Integer.parseInt(token.trim());
        } catch (NumberFormatException e) {
            throw error("cannot read " + what + " from '" + token.trim() + "'");
        }
    }

    public long parseLong(String token, String what) {
        try {
            return Long.parseLong(token.trim());
        } catch (NumberFormatException e) {
            throw error("cannot read " + what + " from '" + token.trim() + "'");
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
