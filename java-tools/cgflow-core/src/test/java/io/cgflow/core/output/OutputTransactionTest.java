package io.cgflow.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs that are links or special files: the link stays and its file is replaced; a device, pipe or descriptor is refused. */
class OutputTransactionTest {
    @TempDir
    Path dir;

    @Test
    void aLinkStaysAndTheFileItPointsToIsReplaced() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path file = Files.writeString(data.resolve("thermo.tsv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("thermo-link.tsv"), Path.of("data", "thermo.tsv"));
        OutputTransaction.writeString(link, "new\n");
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertEquals("new\n", Files.readString(file));
        assertEquals(1, count(data), "only the file itself in its folder, no temporary");
        assertEquals(2, count(dir));
    }

    /**
     * A named pipe (and any file that is not a regular file) is refused when staged, before any work: replacing it by a
     * rename would destroy it (as root, {@code --log /dev/null} replaced /dev/null), and writing into it would block
     * without a reader and not be all or nothing.
     */
    @Test
    void aNamedPipeIsRefusedAndLeftAlone() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo not available: " + e.getMessage());
            return;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        InputException e = assertThrows(InputException.class, () -> OutputTransaction.writeString(fifo, "rows\n"));
        assertTrue(e.getMessage().contains("pipe: it is not a file"), e.getMessage());
        assertFalse(Files.isRegularFile(fifo), "the pipe was replaced by a file");
        assertTrue(Files.exists(fifo));
        assertEquals(1, count(dir), "nothing beside the pipe");
        Path viaLink = Files.createSymbolicLink(dir.resolve("log.tsv"), fifo.getFileName());
        assertThrows(InputException.class, () -> OutputTransaction.writeString(viaLink, "rows\n"));
        assertTrue(Files.isSymbolicLink(viaLink));
    }

    /** /dev/stdout resolves to whatever stdout is, e.g. a log the shell opened with >>: never replaced. */
    @Test
    void aLinkToADescriptorOfTheProcessIsRefused() throws IOException {
        Path log = Files.writeString(dir.resolve("run.log"), "earlier lines\n");
        Path fd = Files.createSymbolicLink(dir.resolve("fd"), Path.of("/proc/self/fd/1"));
        assertThrows(InputException.class, () -> OutputTransaction.writeString(fd, "metrics\n"));
        assumeTrue(Files.isSymbolicLink(Path.of("/dev/stdout")), "no /dev/stdout link here");
        assertThrows(InputException.class, () -> OutputTransaction.writeString(Path.of("/dev/stdout"), "metrics\n"));
        assertEquals("earlier lines\n", Files.readString(log));
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
