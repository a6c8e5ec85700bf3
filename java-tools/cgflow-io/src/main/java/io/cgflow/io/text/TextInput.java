package io.cgflow.io.text;

import io.cgflow.core.InputException;
import io.cgflow.io.binary.InputFiles;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Line-by-line reading of a text file (plain or gzip-compressed) with the line number and bytes
 * consumed, for error messages. Works on bytes (ISO-8859-1): lines are handed out as strings for
 * headers, or as whole blocks of raw bytes ({@link #readLines}) that a reader parses without
 * allocating per line. Lines end at {@code \n}; a {@code \r} before it is dropped.
 */
public final class TextInput implements Closeable {
    private static final int BUFFER = 1 << 16;
    private final Path path;
    private final InputFiles.Source source;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private boolean eof;
    private int lineNumber;
    private long bytes;
    private String pushedBack;

    public TextInput(Path path) {
        this.path = path;
        this.source = InputFiles.open(path);
    }

    public Path path() {
        return path;
    }

    /** Bytes left after those consumed: exact for a plain file, an upper bound for a compressed one. */
    public long remaining() {
        return Math.max(0, source.sizeBound() - bytes);
    }

    /** "5000 bytes remain" or, for a compressed file, "at most 5000 bytes remain": for messages. */
    public String describeRemaining() {
        return (source.exact() ? "" : "at most ") + remaining() + " bytes remain (truncated file or corrupted header)";
    }

    /** Reads more data behind {@code lim}, keeping [pos, lim); false at the end of the file. */
    private boolean more() {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = source.read(ByteBuffer.wrap(buf, lim, buf.length - lim));
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** The next line without its terminator, or null at the end. */
    public String readLine() {
        if (pushedBack != null) {
            String l = pushedBack;
            pushedBack = null;
            lineNumber++;
            return l;
        }
        int scan = pos;
        while (true) {
            for (int i = scan; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String l = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    bytes += i + 1 - pos;
                    pos = i + 1;
                    lineNumber++;
                    return l;
                }
            }
            int scanned = lim - pos;
            if (!more()) {
                if (pos == lim) {
                    return null;
                }
                int end = buf[lim - 1] == '\r' ? lim - 1 : lim;
                String l = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                bytes += lim - pos;
                pos = lim;
                lineNumber++;
                return l;
            }
            scan = pos + scanned;
        }
    }

    /**
     * The next {@code n} lines as raw bytes, each ending in {@code \n} (one is added to a last line
     * without it). Memory grows with the data that arrives, so a count that overstates the file fails
     * having allocated about what the file holds. {@code what} describes line {@code k} (1-based) for the
     * message when the file ends early.
     */
    public LineBlock readLines(int n, java.util.function.IntFunction<String> what) {
        if (pushedBack != null) {
            throw new IllegalStateException("readLines after unread");
        }
        int first = lineNumber + 1;
        byte[] out = new byte[(int) Math.min(BUFFER, Math.max(16, remaining()))];
        int length = 0;
        int count = 0;
        while (count < n) {
            int i = pos;
            while (i < lim && count < n) {
                if (buf[i++] == '\n') {
                    count++;
                }
            }
            int take = i - pos;
            if (length + take > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max(length + (long) take, 2L * out.length)));
            }
            System.arraycopy(buf, pos, out, length, take);
            length += take;
            bytes += take;
            pos = i;
            if (count < n && !more()) {
                if (length > 0 && out[length - 1] != '\n' && count == n - 1) {
                    if (length == out.length) {
                        out = Arrays.copyOf(out, length + 1);
                    }
                    out[length++] = '\n';
                    count++;
                    break;
                }
                int missing = count + (length > 0 && out[length - 1] != '\n' ? 1 : 0);
                lineNumber += missing;
                throw InputException.at(path, "line " + (lineNumber + 1), "file ends where " + what.apply(missing + 1)
                    + " was expected (truncated?)");
            }
        }
        lineNumber += n;
        return new LineBlock(out, length, first);
    }

    /** Raw lines: {@code data[0, length)}, each ending in {@code \n}; the first is line {@code firstLine}. */
    public record LineBlock(byte[] data, int length, int firstLine) {
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
        return parseFinite(token, 0, token.length(), field);
    }

    /** As {@link #parseFinite(String, Supplier)} for the characters {@code [start, end)} of {@code text}. */
    public double parseFinite(String text, int start, int end, Supplier<String> field) {
        double v = Decimal.parse(text, start, end);
        if (Double.isFinite(v)) {
            return v;
        }
        String t = text.substring(start, end).trim();
        throw notFinite(t, field.get(), path, "line " + lineNumber);
    }

    /** The error for a token that is not a finite number. */
    public static InputException notFinite(String token, String field, Path path, String where) {
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.contains("nan") || lower.contains("inf")) {
            return InputException.at(path, where, field + " is '" + token + "', not a finite number");
        }
        try {
            Double.parseDouble(token);
            return InputException.at(path, where, field + " is '" + token + "', not a finite number");
        } catch (NumberFormatException e) {
            return InputException.at(path, where, "cannot read " + field + " from '" + token + "'");
        }
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
        source.close();
    }
}
