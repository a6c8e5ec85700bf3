package io.cgflow.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines and blocks of lines from plain and compressed files, across buffer boundaries. */
class TextInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        Path p = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(bytes);
            }
            return p;
        }
        return Files.write(p, bytes);
    }

    @Test
    void linesEndAtNewlineWithOrWithoutCarriageReturnAndAtTheEndOfTheFile() throws IOException {
        for (String name : new String[] {"a.txt", "a.txt.gz"}) {
            try (TextInput in = new TextInput(write(name, "one\r\ntwo\n\nlast"))) {
                assertEquals("one", in.readLine());
                assertEquals("two", in.readLine());
                assertEquals("", in.readLine());
                assertEquals("last", in.readLine());
                assertNull(in.readLine());
                assertEquals(4, in.lineNumber());
                assertEquals(14, in.bytesRead());
            }
        }
    }

    @Test
    void blocksSpanBuffersAndLongLines() throws IOException {
        StringBuilder sb = new StringBuilder("header\n");
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            sb.append(i).append(' ').append("x".repeat(i % 97 == 0 ? 70_000 : 5)).append('\n');
        }
        sb.append("after");
        String text = sb.toString();
        for (String name : new String[] {"b.txt", "b.txt.gz"}) {
            try (TextInput in = new TextInput(write(name, text))) {
                assertEquals("header", in.readLine());
                TextInput.LineBlock block = in.readLines(n, k -> "line " + k);
                assertEquals(2, block.firstLine());
                String got = new String(block.data(), 0, block.length(), StandardCharsets.ISO_8859_1);
                assertEquals(text.substring(7, text.length() - 5), got);
                assertEquals("after", in.readLine());
                assertEquals(n + 2, in.lineNumber());
            }
        }
    }

    @Test
    void aLastLineWithoutNewlineCompletesABlock() throws IOException {
        try (TextInput in = new TextInput(write("c.txt", "1\n2\n3"))) {
            TextInput.LineBlock block = in.readLines(3, k -> "line " + k);
            assertEquals("1\n2\n3\n", new String(block.data(), 0, block.length(), StandardCharsets.ISO_8859_1));
            assertNull(in.readLine());
        }
    }

    @Test
    void aShortBlockNamesTheMissingLine() throws IOException {
        try (TextInput in = new TextInput(write("d.txt", "title\n1\n2\n"))) {
            in.readLine();
            InputException e = assertThrows(InputException.class, () -> in.readLines(5, k -> "atom " + k + " of 5"));
            assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("atom 3 of 5"), e.getMessage());
        }
    }
}
