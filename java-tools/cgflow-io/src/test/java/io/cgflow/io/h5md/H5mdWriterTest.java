package io.cgflow.io.h5md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Topology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer lays a file out before its frames are known and appends them after jhdf has closed it: the frame
 * datasets' headers are written again for the real frame count. Every frame count (one frame, and more than the
 * 1024 chunks of the smallest index page) and both chunk encodings must read back exactly, with the superblock's
 * end-of-file address at the file's end (HDF5 refuses addresses past it).
 */
class H5mdWriterTest {
    private static final int ATOMS = 7;

    @TempDir
    Path dir;

    private static Topology topology() {
        List<Atom> atoms = new ArrayList<>();
        for (int i = 0; i < ATOMS; i++) {
            atoms.add(new Atom("A" + i % 2, "RES", i / 3 + 1, "C", "", 12.011));
        }
        return new Topology(atoms);
    }

    private static List<Frame> frames(int count) {
        List<Frame> frames = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] x = new float[3 * ATOMS];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((i * 0.37 + k * 0.011) % 3.0);
            }
            Box box = Box.ofVectors(3 + 1e-3 * k, 0, 0, 0.5, 3, 0, 0.2, 0.3, 3.5);
            frames.add(new Frame(10L * k + 5, 0.02 * k + 1, box, x));
        }
        return frames;
    }

    private static H5mdWriter.Pending laidOut(Path file, int compression) {
        return H5mdWriter.open(file, topology(), null, new Provenance("test", "1", "test", List.of()),
            new H5mdWriter.ShardInfo(0, 0), new H5mdWriter.Options(compression, "test", "1", 2));
    }

    private static long endOfFile(Path file) throws IOException {
        byte[] superblock = new byte[48];
        try (var in = Files.newInputStream(file)) {
            assertEquals(48, in.readNBytes(superblock, 0, 48));
        }
        return ByteBuffer.wrap(superblock).order(ByteOrder.LITTLE_ENDIAN).getLong(28);
    }

    @Test
    void everyFrameCountReadsBackExactly() throws IOException {
        for (int compression : new int[] {0, 4}) {
            for (int count : new int[] {1, 2, 1025}) {
                Path file = dir.resolve("t" + count + "-c" + compression + ".h5");
                List<Frame> written = frames(count);
                laidOut(file, compression).write(written);
                String what = count + " frames, compression " + compression;
                assertEquals(Files.size(file), endOfFile(file), what + ": end-of-file address");
                try (H5mdReader r = new H5mdReader(file)) {
                    assertEquals(count, r.frameCount(), what);
                    assertEquals(List.of("A0", "A1"), r.structure().topology().speciesNames(), what);
                    for (int k = 0; k < count; k++) {
                        Frame expected = written.get(k);
                        Frame got = r.next();
                        assertEquals(expected.step(), got.step(), what + ", frame " + k);
                        assertEquals(expected.time(), got.time(), 0.0, what + ", frame " + k);
                        assertArrayEquals(expected.positions(), got.positions(), what + ", frame " + k);
                        for (int row = 0; row < 3; row++) {
                            for (int col = 0; col < 3; col++) {
                                assertEquals((float) expected.box().get(row, col), (float) got.box().get(row, col),
                                    what + ", frame " + k + " box");
                            }
                        }
                    }
                    assertEquals(null, r.next(), what);
                }
            }
        }
    }

    @Test
    void aLaidOutFileTakesItsFramesOnceAndGivesTheSameBytesEveryTime() throws IOException {
        Path a = dir.resolve("a.h5");
        Path b = dir.resolve("b.h5");
        H5mdWriter.Pending pending = laidOut(a, 4);
        H5mdWriter.Pending other = laidOut(b, 4);
        pending.write(frames(5));
        other.write(frames(5));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertThrows(IllegalStateException.class, () -> pending.write(frames(5)), "frames are taken once");
    }

    @Test
    void aFileNeedsFramesOfItsParticles() {
        H5mdWriter.Pending none = laidOut(dir.resolve("c.h5"), 0);
        assertThrows(IllegalArgumentException.class, () -> none.write(List.of()));
        H5mdWriter.Pending other = laidOut(dir.resolve("d.h5"), 0);
        Frame wrong = new Frame(0, 0, Box.orthorhombic(3, 3, 3), new float[3 * (ATOMS + 1)]);
        assertThrows(IllegalArgumentException.class, () -> other.write(List.of(wrong)));
    }
}
