package io.cgflow.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text inputs that are not text, not files or too large are named with the line and byte, never "Input length = 1". */
class TextFilesTest {
    @TempDir
    Path dir;

    private String refused(Path file, long max) {
        InputException e = assertThrows(InputException.class, () -> TextFiles.lines(file, "metrics file", max));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void utf8TextIsReadByLines() throws IOException {
        Path f = Files.writeString(dir.resolve("ok.tsv"), "a\tb\r\nÅngström\t2\n", StandardCharsets.UTF_8);
        assertEquals(List.of("a\tb", "Ångström\t2"), TextFiles.lines(f, "table", 1000));
    }

    @Test
    void badBytesAreNamedByLineAndByte() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.prom"), "x 1\ny 2\n\u00c5 3\n".getBytes(StandardCharsets.ISO_8859_1));
        String m = refused(latin1, 1000);
        assertTrue(m.contains("line 3: byte 9 (0xC5) is not UTF-8 text"), m);
        Path nul = Files.write(dir.resolve("nul.prom"), new byte[] {'x', ' ', '1', '\n', 0, '\n'});
        m = refused(nul, 1000);
        assertTrue(m.contains("line 2: byte 5 is a NUL character"), m);
    }

    @Test
    void foldersMissingFilesAndLargeFilesAreRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.prom"));
        assertTrue(refused(folder, 1000).contains("is a folder, not a metrics file"));
        assertTrue(refused(dir.resolve("missing.prom"), 1000).contains("metrics file not found"));
        Path big = Files.writeString(dir.resolve("big.prom"), "x 1\n".repeat(10));
        assertTrue(refused(big, 39).contains("is 40 bytes long; a metrics file has at most 39"));
    }

    @Test
    void requireFileSaysWhatIsWrong() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.h5"));
        InputException e = assertThrows(InputException.class, () -> InputException.requireFile(folder));
        assertTrue(e.getMessage().endsWith("model.h5: is a folder, not a file"), e.getMessage());
        e = assertThrows(InputException.class, () -> InputException.requireFile(dir.resolve("none.h5")));
        assertTrue(e.getMessage().endsWith("none.h5: file not found"), e.getMessage());
        InputException.requireFile(Files.writeString(dir.resolve("f.h5"), "x"));
    }
}
