package io.cgflow.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs that are links or special files: the link stays and its file is replaced; a device or pipe is written into. */
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

    @Test
    void aNamedPipeIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo not available: " + e.getMessage());
            return;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        OutputTransaction.writeString(fifo, "step\tenergy\n0\t-1.5\n");
        assertEquals("step\tenergy\n0\t-1.5\n", reader.get(30, TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo), "the pipe was replaced by a file");
        assertTrue(Files.exists(fifo));
        assertEquals(1, count(dir), "nothing beside the pipe");
    }

    @Test
    void anAbortedOutputToAPipeLeavesNoTemporary() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo not available: " + e.getMessage());
            return;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        Path temp;
        try (OutputTransaction tx = new OutputTransaction()) {
            temp = tx.stage(fifo);
            Files.writeString(temp, "half");
        }
        assertFalse(Files.exists(temp), "staged content left at " + temp);
        assertFalse(Files.isRegularFile(fifo));
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
