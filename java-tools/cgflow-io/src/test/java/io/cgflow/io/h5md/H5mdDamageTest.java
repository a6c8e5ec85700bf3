package io.cgflow.io.h5md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inconsistent, truncated, corrupted and non-finite H5MD is refused as bad input naming the file, the
 * dataset and the frame or particle: never a runtime exception of the HDF5 layer, never a garbage frame.
 */
class H5mdDamageTest {
    private static final int ATOMS = 50;
    private static final int FRAMES = 20;

    @TempDir
    Path dir;

    private static Path variant(String name) {
        return TestData.file("formats/h5md/" + name + ".h5md");
    }

    /** Everything a tool reads from a file: structure, CG topology, boxes and every frame. */
    private static List<Frame> readAll(Path file) {
        try (H5mdReader r = new H5mdReader(file)) {
            r.structure();
            r.cgTopology();
            r.boxes();
            List<Frame> out = new ArrayList<>();
            for (Frame f = r.next(); f != null; f = r.next()) {
                out.add(f);
            }
            return out;
        }
    }

    private static InputException refused(Path file) {
        return assertThrows(InputException.class, () -> readAll(file));
    }

    private static void assertNames(InputException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void speciesOfTheWrongLength() {
        assertNames(refused(variant("species-count")), "species-count.h5md", "/particles/all/species", "[3]", "4");
    }

    @Test
    void stepCountDifferentFromFrames() {
        assertNames(refused(variant("step-count")), "step-count.h5md", "/particles/all/position/step", "5");
    }

    @Test
    void edgesOfAnUnknownShape() {
        assertNames(refused(variant("edges-shape")), "edges-shape.h5md", "/particles/all/box/edges", "[2, 3]");
    }

    @Test
    void nanCoordinateNamesFrameAndParticle() {
        assertNames(refused(variant("nan-position")), "nan-position.h5md", "frame 1", "particle 3", "NaN");
    }

    @Test
    void infiniteBoxNamesTheFrame() {
        InputException e = refused(variant("inf-box"));
        assertNames(e, "inf-box.h5md", "frame 3", "Infinity");
    }

    private Path written(int compression) {
        List<Atom> atoms = new ArrayList<>();
        for (int i = 0; i < ATOMS; i++) {
            atoms.add(new Atom("A" + i % 3, "RES", i / 5 + 1, "C", "", 12.011));
        }
        List<Frame> frames = new ArrayList<>();
        for (int k = 0; k < FRAMES; k++) {
            float[] x = new float[3 * ATOMS];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((i * 0.37 + k * 0.11) % 3.0);
            }
            frames.add(new Frame(100L * k, 0.2 * k, Box.orthorhombic(3, 3, 3), x));
        }
        Path file = dir.resolve("valid-" + compression + ".h5");
        H5mdWriter.write(file, new Topology(atoms), null, frames, new Provenance("test", "1", "test", List.of()),
            new H5mdWriter.ShardInfo(0, 0), new H5mdWriter.Options(compression, "test", "1", 1));
        return file;
    }

    /**
     * Reads the damaged copy: a refusal must name the file; a successful read must give finite coordinates and
     * valid boxes, and with {@code positionsProtected} (deflated chunks carry a checksum) the original positions.
     */
    private static void refusedOrSound(Path damaged, List<Frame> original, String what, boolean positionsProtected) {
        List<Frame> got;
        try {
            got = readAll(damaged);
        } catch (InputException e) {
            assertTrue(e.getMessage().contains(damaged.getFileName().toString()), what + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": " + e, e);
        }
        assertEquals(original.size(), got.size(), what);
        for (int k = 0; k < got.size(); k++) {
            for (float v : got.get(k).positions()) {
                assertTrue(Float.isFinite(v), what + ", frame " + k);
            }
            assertTrue(got.get(k).box().isValid(), what + ", frame " + k);
            if (positionsProtected) {
                assertArrayEquals(original.get(k).positions(), got.get(k).positions(), what + ", frame " + k);
            }
        }
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        for (int compression : new int[] {0, 4}) {
            Path valid = written(compression);
            List<Frame> original = readAll(valid);
            byte[] bytes = Files.readAllBytes(valid);
            for (int n = 0; n < 40; n++) {
                int length = (int) ((long) bytes.length * n / 40);
                Path cut = dir.resolve("cut-" + compression + "-" + n + ".h5");
                Files.write(cut, java.util.Arrays.copyOf(bytes, length));
                InputException e = assertThrows(InputException.class, () -> readAll(cut), "cut at " + length);
                assertTrue(e.getMessage().contains(cut.getFileName().toString()), e.getMessage());
            }
            refusedOrSound(valid, original, "intact", true);
        }
    }

    @Test
    void corruptedBytesAreRefusedOrHarmless() throws IOException {
        for (int compression : new int[] {0, 4}) {
            Path valid = written(compression);
            List<Frame> original = readAll(valid);
            byte[] bytes = Files.readAllBytes(valid);
            java.util.Random random = new java.util.Random(7);
            for (int n = 0; n < 150; n++) {
                int at = random.nextInt(bytes.length);
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) (1 + random.nextInt(255));
                Path bad = dir.resolve("flip-" + compression + ".h5");
                Files.write(bad, copy);
                refusedOrSound(bad, original, "byte " + at + " flipped", compression > 0);
            }
        }
    }
}
