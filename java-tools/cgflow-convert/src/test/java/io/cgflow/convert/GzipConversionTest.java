package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.core.frame.Frame;
import io.cgflow.io.OversizedInputs;
import io.cgflow.io.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Converting a gzip-compressed trajectory (and structure) gives the same H5MD frames as the plain files. */
class GzipConversionTest {
    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> compressedInputsConvertToTheSameFrames() {
        return Stream.of(
            new String[] {"formats/traj.xtc", "formats/conf.gro"},
            new String[] {"formats/traj.trr", "formats/conf.gro"},
            new String[] {"formats/traj.dcd", "formats/conf.pdb"},
            new String[] {"formats/traj.gro", "formats/conf.gro"},
            new String[] {"formats/traj.pdb", "formats/conf.pdb"},
            new String[] {"formats/traj.xyz", "formats/conf.gro"},
            new String[] {"formats/lammps/dump-ortho.lammpstrj", "formats/lammps/data-ortho.lammps"},
            new String[] {"formats/lammps/dump-shuffled.lammpstrj", "formats/lammps/data.lammps"}).map(pair ->
            DynamicTest.dynamicTest(pair[0], () -> {
                Path trajectory = TestData.file(pair[0]);
                Path structure = TestData.file(pair[1]);
                Path plainOut = dir.resolve(trajectory.getFileName() + ".plain.h5");
                Path gzOut = dir.resolve(trajectory.getFileName() + ".gz.h5");
                convert(trajectory, structure, plainOut, "1");
                convert(OversizedInputs.gzip(trajectory, dir), OversizedInputs.gzip(structure, dir), gzOut, "2");
                List<Frame> a = ConversionTest.readAll(plainOut);
                List<Frame> b = ConversionTest.readAll(gzOut);
                assertEquals(a.size(), b.size(), "frames");
                for (int k = 0; k < a.size(); k++) {
                    assertArrayEquals(a.get(k).positions(), b.get(k).positions(), 0f, "positions of frame " + k);
                    assertArrayEquals(a.get(k).box().matrix(), b.get(k).box().matrix(), 0.0, "box of frame " + k);
                    assertEquals(a.get(k).step(), b.get(k).step(), "step of frame " + k);
                }
            }));
    }

    private static void convert(Path input, Path structure, Path out, String threads) {
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", input.toString(), "-s", structure.toString(),
            "-o", out.toString(), "--threads", threads, "--timestep", "0.005");
        assertEquals(0, o.exitCode(), o.err());
    }
}
