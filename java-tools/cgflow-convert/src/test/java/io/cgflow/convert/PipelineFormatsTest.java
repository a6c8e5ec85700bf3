package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.io.TestData;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.Trajectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The samplesheet check of main.nf refuses a structure, topology or trajectory whose format cgflow-convert cannot
 * tell from its name, before any task: its lists of extensions must be the ones the readers take. Each extension
 * main.nf accepts gets past the readers' choice of format (a file of garbage then fails in the parser, not as an
 * unknown format), and the trajectory list is TrajectoryFormat's.
 */
class PipelineFormatsTest {
    @TempDir
    Path dir;

    private static List<String> listOf(String name) throws IOException {
        String text = Files.readString(TestData.root().resolveSibling("main.nf"));
        Matcher m = Pattern.compile("(?m)^" + name + "\\s*=\\s*\\[([^\\]]*)\\]").matcher(text);
        assertTrue(m.find(), name + " in main.nf");
        return Arrays.stream(m.group(1).split(",")).map(s -> s.trim().replace("'", "")).toList();
    }

    @Test
    void trajectoryExtensionsAreTrajectoryFormats() throws IOException {
        Set<String> readers = Arrays.stream(TrajectoryFormat.values()).flatMap(f -> f.extensions().stream())
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(readers, new TreeSet<>(listOf("TRAJECTORY_EXTENSIONS")));
    }

    @Test
    void structureExtensionsAreTheOnesReadStructureTakes() throws IOException {
        // main.nf also takes LAMMPS's data.<name>
        for (String ext : java.util.stream.Stream.concat(listOf("STRUCTURE_EXTENSIONS").stream(), java.util.stream.Stream.of(
            "lammps-name")).toList()) {
            Path f = Files.writeString(dir.resolve(ext.equals("lammps-name") ? "data.system" : "conf." + ext),
                "not a structure\n");
            Exception e = assertThrows(Exception.class, () -> Trajectories.readStructure(f,
                Trajectories.ReadOptions.DEFAULT), ext);
            assertFalse(String.valueOf(e.getMessage()).contains("unknown structure format"), ext + ": " + e);
        }
        Path xyz = Files.writeString(dir.resolve("conf.xyz"), "1\n\nC 0 0 0\n");
        Exception e = assertThrows(Exception.class, () -> Trajectories.readStructure(xyz,
            Trajectories.ReadOptions.DEFAULT));
        assertTrue(e.getMessage().contains("unknown structure format"), e.getMessage());
        assertFalse(listOf("STRUCTURE_EXTENSIONS").contains("xyz"));
    }

    @Test
    void topologyExtensionsAreTheOnesTheConverterTakes() throws IOException {
        Structure argon = Trajectories.readStructure(TestData.file("lj-argon/conf.gro"),
            Trajectories.ReadOptions.DEFAULT);
        List<String> extensions = listOf("TOPOLOGY_EXTENSIONS");
        for (String ext : java.util.stream.Stream.concat(extensions.stream(), java.util.stream.Stream.of("lammps-name"))
            .toList()) {
            Path f = Files.writeString(dir.resolve(ext.equals("lammps-name") ? "data.system" : "topol." + ext),
                "not a topology\n");
            Exception e = assertThrows(Exception.class, () -> AtomisticTopology.combine(argon, f,
                Trajectories.ReadOptions.DEFAULT, LoggerFactory.getLogger(PipelineFormatsTest.class)), ext);
            assertFalse(String.valueOf(e.getMessage()).contains("unknown topology format"), ext + ": " + e);
        }
        Path psf = Files.writeString(dir.resolve("topol.psf"), "PSF\n");
        Exception e = assertThrows(Exception.class, () -> AtomisticTopology.combine(argon, psf,
            Trajectories.ReadOptions.DEFAULT, LoggerFactory.getLogger(PipelineFormatsTest.class)));
        assertTrue(e.getMessage().contains("unknown topology format"), e.getMessage());
        assertFalse(extensions.contains("psf"));
    }
}
