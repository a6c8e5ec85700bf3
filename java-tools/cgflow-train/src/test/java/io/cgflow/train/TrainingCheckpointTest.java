package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCheckpointTest {
    @TempDir
    Path dir;

    private static TrainingCheckpoint checkpoint() {
        SplittableRandom random = new SplittableRandom(4);
        List<Sampler.Frame> frames = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            frames.add(new Sampler.Frame(random.doubles(300, 0, 3).toArray(), Box.orthorhombic(3, 3, 3)));
        }
        double[] theta = random.doubles(50).toArray();
        return new TrainingCheckpoint("run identity", 3, theta, theta.clone(), 0.01, 2, 0.008, 0.3, new double[10],
            true,
            "iteration\tloss\n0\t0.1\n", List.of(new TrainingCheckpoint.StoredState(frames,
                random.doubles(20).toArray())), Arrays.asList(null, null));
    }

    /** Any damaged byte is refused with the file named (exit 2), never read as other numbers; the intact file reads. */
    @Test
    void everyDamagedByteIsRefused() throws IOException {
        Path file = dir.resolve("train.ckpt");
        TrainingCheckpoint written = checkpoint();
        written.write(file);
        TrainingCheckpoint read = TrainingCheckpoint.read(file);
        assertArrayEquals(written.theta(), read.theta());
        assertEquals(written.log(), read.log());
        assertEquals(written.lowestLoss(), read.lowestLoss());
        assertEquals(written.bestLoss(), read.bestLoss());
        byte[] bytes = Files.readAllBytes(file);
        Path damaged = dir.resolve("damaged.ckpt");
        for (int at = 0; at < bytes.length; at += Math.max(1, bytes.length / 300)) {
            for (int bit : new int[] {0, 5}) {
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) (1 << bit);
                Files.write(damaged, copy);
                // refused, or (a flip in the gzip header's time stamp or OS byte, outside the checksum) the same
                try {
                    TrainingCheckpoint again = TrainingCheckpoint.read(damaged);
                    assertTrue(at >= 4 && at <= 9, "byte " + at + " of " + bytes.length + " flipped and read");
                    assertArrayEquals(written.theta(), again.theta());
                    assertArrayEquals(written.states().get(0).frames().get(19).x(),
                        again.states().get(0).frames().get(19).x());
                } catch (InputException e) {
                    assertTrue(e.getMessage().contains("damaged.ckpt"), e.getMessage());
                }
            }
        }
        Files.write(damaged, Arrays.copyOf(bytes, bytes.length - 9));
        InputException cut = assertThrows(InputException.class, () -> TrainingCheckpoint.read(damaged));
        assertTrue(cut.getMessage().contains("damaged or cut-short"), cut.getMessage());
    }

    /** A checkpoint of an older format (here: the version field set to 1) is refused as such, with the way out. */
    @Test
    void aCheckpointOfAnotherFormatIsRefusedAsSuch() throws IOException {
        Path file = dir.resolve("train.ckpt");
        checkpoint().write(file);
        byte[] raw;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            raw = in.readAllBytes();
        }
        java.nio.ByteBuffer.wrap(raw).putInt(8, 1);  // after the 8-byte magic number
        Path older = dir.resolve("older.ckpt");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(older))) {
            out.write(raw);
        }
        InputException e = assertThrows(InputException.class, () -> TrainingCheckpoint.read(older));
        assertTrue(e.getMessage().contains("older.ckpt") && e.getMessage().contains("another cgflow-train version"
            + " (format 1; this one reads format 2): remove it to train afresh"), e.getMessage());
    }
}
