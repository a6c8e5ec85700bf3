package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.frame.Frame;
import io.cgflow.io.TestData;
import io.cgflow.io.h5md.H5mdReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * H5MD from other writers converts without a structure file, to the same coordinates and boxes; damaged,
 * non-periodic and non-finite H5MD is refused with exit 2 naming the file and the place.
 */
class ForeignH5mdConversionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"traj-mda.h5md", "h5md/fixed-interval.h5md", "h5md/box-own-steps.h5md",
        "h5md/lammps-like.h5md", "h5md/gromacs-like.h5md"})
    void convertsWithoutStructure(String name) {
        Path input = TestData.file("formats/" + name);
        Path out = dir.resolve("out.h5");
        ToolLauncher.Outcome o = ConvertFixture.run("-i", input.toString(), "-o", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        try (H5mdReader original = new H5mdReader(input); H5mdReader converted = new H5mdReader(out)) {
            assertEquals(original.frameCount(), converted.frameCount());
            for (Frame a = original.next(), b = converted.next(); a != null; a = original.next(), b = converted.next()) {
                assertArrayEquals(a.positions(), b.positions());
                for (int i = 0; i < 9; i++) { // cgflow stores edges as float32
                    assertEquals(a.box().get(i / 3, i % 3), b.box().get(i / 3, i % 3), 1e-6);
                }
                assertEquals(a.step(), b.step());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "boundary-none|no periodic box",
        "nan-position|frame 1",
        "inf-box|frame 3",
        "species-count|/particles/all/species",
        "step-count|/particles/all/position/step",
        "edges-shape|/particles/all/box/edges"})
    void damagedInputIsBadInput(String name, String expected) {
        Path out = dir.resolve("out.h5");
        ToolLauncher.Outcome o = ConvertFixture.run("-i", TestData.file("formats/h5md/" + name + ".h5md").toString(),
            "-o", out.toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains(name + ".h5md") && o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), "stack trace: " + o.err());
        assertFalse(Files.exists(out));
    }
}
