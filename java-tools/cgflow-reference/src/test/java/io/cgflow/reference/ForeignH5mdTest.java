package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.io.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CG trajectories written by other H5MD writers (no cgflow topology, integer or no species) give reference
 * distributions without a mapping; damaged, non-periodic and non-finite input is refused with exit 2 naming
 * the file and the place, never exit 3.
 */
class ForeignH5mdTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"traj-mda.h5md", "h5md/fixed-interval.h5md", "h5md/box-own-steps.h5md",
        "h5md/lammps-like.h5md", "h5md/gromacs-like.h5md"})
    void worksWithoutMapping(String name) {
        Path out = dir.resolve("dist.h5");
        ToolLauncher.Outcome o = Fixtures.reference("-i", TestData.file("formats/" + name).toString(), "-o",
            out.toString(), "--rdf-bin", "0.01");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(Files.isRegularFile(out));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "boundary-none|'none' (not periodic)",
        "nan-position|frame 1",
        "inf-box|frame 3",
        "species-count|/particles/all/species",
        "step-count|/particles/all/position/step",
        "edges-shape|/particles/all/box/edges",
        "species-name|bead type '../x' contains a path separator",
        "species-index|species of particle 3 is 7",
        "exclusion-range|/connectivity/exclusions names particle 99 of 4",
        "bond-self|/connectivity/bonds[0] names particle 0 twice",
        "bond-float|/connectivity/bonds holds double values",
        "huge-position|beyond ±",
        "mass-string|/particles/all/mass holds String values; a particle's mass is a number",
        "no-edges|/particles/all/box/edges: a periodic box needs edges"})
    void damagedInputIsBadInput(String name, String expected) {
        Path out = dir.resolve("dist.h5");
        ToolLauncher.Outcome o = Fixtures.reference("-i", TestData.file("formats/h5md/" + name + ".h5md").toString(),
            "-o", out.toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains(name + ".h5md") && o.err().contains(expected), o.err());
        assertFalse(o.err().contains("\tat "), "stack trace: " + o.err());
        assertFalse(Files.exists(out));
    }
}
