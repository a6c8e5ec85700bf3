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
import java.util.List;

/**
 * The one way cgflow reads a small UTF-8 text input whole (YAML settings, TSV logs and tables, metrics files): a
 * folder, a missing file, a file over the size limit, bytes that are not UTF-8 and NUL characters are each an
 * {@link InputException} (exit 2) that names the file and, for bad bytes, the line and byte, instead of a
 * charset decoder's "Input length = 1".
 */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * The text of {@code file}.
     *
     * @param what     what the file is, for the messages ("mapping file", "metrics file")
     * @param maxBytes larger files are refused
     */
    public static String read(Path file, String what, long maxBytes) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw InputException.in(file, "is a folder, not a " + what);
            }
            long size = Files.size(file);
            if (size > maxBytes) {
                throw InputException.in(file, "is " + size + " bytes long; a " + what + " has at most " + maxBytes);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, what + " not found");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        }
        return decode(file, bytes);
    }

    /** The lines of {@link #read}, without their line terminators (\n or \r\n). */
    public static List<String> lines(Path file, String what, long maxBytes) {
        return read(file, what, maxBytes).lines().toList();
    }

    /** {@code bytes} read from {@code file} as UTF-8, refusing bytes that are not UTF-8 and NUL characters. */
    public static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
            int at = in.position();
            throw InputException.at(file, "line " + line(bytes, at), String.format(java.util.Locale.ROOT,
                "byte %d (0x%02X) is not UTF-8 text: is it a binary file?", at + 1, bytes[at] & 0xff));
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw InputException.at(file, "line " + line(bytes, i), "byte " + (i + 1) + " is a NUL character: "
                    + "is it a binary file?");
            }
        }
        out.flip();
        return out.toString();
    }

    private static long line(byte[] bytes, int end) {
        long line = 1;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
