package io.cgflow.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.trajectory.LammpsUnits;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** A gzip-compressed file reads as the same frames, and the same structure, as the plain file. */
class GzipInputTest {
    private static final Trajectories.ReadOptions OPTIONS = new Trajectories.ReadOptions(LammpsUnits.REAL, 0.005);

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> compressedTrajectoriesReadTheSameFrames() {
        return Stream.of("traj.xtc", "traj.trr", "traj-double.trr", "traj.dcd", "traj-bigendian.dcd", "traj.gro",
            "traj-ndec5.gro", "traj.pdb", "traj.xyz", "lammps/dump-ortho.lammpstrj", "lammps/dump-scaled.lammpstrj",
            "lammps/dump-shuffled.lammpstrj", "lammps/dump-unwrapped.lammpstrj").map(name ->
            DynamicTest.dynamicTest(name, () -> {
                Path plain = TestData.file("formats/" + name);
                Path gz = OversizedInputs.gzip(plain, dir);
                assertEquals(TrajectoryFormat.of(plain), TrajectoryFormat.of(gz));
                try (TrajectoryReader a = Trajectories.open(plain, TrajectoryFormat.of(plain), OPTIONS);
                     TrajectoryReader b = Trajectories.open(gz, TrajectoryFormat.of(gz), OPTIONS)) {
                    int k = 0;
                    for (Frame fa = a.next(); fa != null; fa = a.next(), k++) {
                        Frame fb = b.next();
                        assertNotNull(fb, "frame " + k + " missing from " + gz);
                        assertArrayEquals(fa.positions(), fb.positions(), "positions of frame " + k);
                        assertEquals(fa.step(), fb.step(), "step of frame " + k);
                        assertEquals(fa.time(), fb.time(), "time of frame " + k);
                        assertBoxEquals(fa.box(), fb.box());
                    }
                    assertNull(b.next(), "extra frames in " + gz);
                    assertEquals(a.bytesRead(), b.bytesRead(), "bytes read");
                }
            }));
    }

    @TestFactory
    Stream<DynamicTest> compressedFramesSkipLikePlainOnes() {
        return Stream.of("traj.xtc", "traj.trr", "traj.dcd", "traj.gro", "lammps/dump-ortho.lammpstrj").map(name ->
            DynamicTest.dynamicTest(name, () -> {
                Path plain = TestData.file("formats/" + name);
                Path gz = OversizedInputs.gzip(plain, java.nio.file.Files.createTempDirectory(dir, "skip"));
                try (TrajectoryReader a = Trajectories.open(plain, TrajectoryFormat.of(plain), OPTIONS);
                     TrajectoryReader b = Trajectories.open(gz, TrajectoryFormat.of(gz), OPTIONS)) {
                    int k = 0;
                    while (a.skip()) {
                        assertEquals(true, b.skip(), "skip frame " + k);
                        Frame fa = a.next();
                        Frame fb = b.next();
                        if (fa == null) {
                            assertNull(fb);
                            break;
                        }
                        assertArrayEquals(fa.positions(), fb.positions(), "positions of frame " + (k + 1));
                        k += 2;
                    }
                    assertEquals(false, b.skip());
                }
            }));
    }

    @Test
    void gzipDataIsRecognisedWithoutTheExtension() throws java.io.IOException {
        Path plain = TestData.file("formats/traj.xtc");
        Path gz = OversizedInputs.gzip(plain, dir);
        Path renamed = java.nio.file.Files.move(gz, dir.resolve("renamed.xtc"));
        try (TrajectoryReader a = Trajectories.open(plain, TrajectoryFormat.XTC, OPTIONS);
             TrajectoryReader b = Trajectories.open(renamed, TrajectoryFormat.XTC, OPTIONS)) {
            for (Frame fa = a.next(); fa != null; fa = a.next()) {
                assertArrayEquals(fa.positions(), b.next().positions());
            }
            assertNull(b.next());
        }
    }

    @TestFactory
    Stream<DynamicTest> compressedStructuresReadTheSame() {
        return Stream.of("conf.gro", "conf.pdb", "lammps/data.lammps", "lammps/data-ortho.lammps").map(name ->
            DynamicTest.dynamicTest(name, () -> {
                Path plain = TestData.file("formats/" + name);
                Structure a = Trajectories.readStructure(plain, OPTIONS);
                Structure b = Trajectories.readStructure(OversizedInputs.gzip(plain, dir), OPTIONS);
                assertEquals(a.topology().size(), b.topology().size());
                for (int i = 0; i < a.topology().size(); i++) {
                    assertEquals(a.topology().atom(i), b.topology().atom(i), "atom " + i);
                }
                assertBoxEquals(a.box(), b.box());
            }));
    }

    private static void assertBoxEquals(Box a, Box b) {
        if (a == null || b == null) {
            assertEquals(a == null, b == null, "box presence");
            return;
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(a.get(r, c), b.get(r, c), "box element " + r + "," + c);
            }
        }
    }
}
