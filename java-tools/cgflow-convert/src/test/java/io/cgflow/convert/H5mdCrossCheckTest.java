package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H5MD written opens in h5py and in MDAnalysis's H5MD reader (default settings: units from the file's
 * variable-length unit strings) with identical coordinates, which also
 * match MDAnalysis's reading of the original file (tests/h5md/check_h5md.py). Skipped when Debian's
 * python3 with h5py and MDAnalysis is not installed.
 */
class H5mdCrossCheckTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"traj.xtc", "traj.trr", "traj.dcd", "traj.pdb"})
    void independentReadersAgree(String name) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        Path script = TestData.root().getParent().resolve("tests/h5md/check_h5md.py");
        Path structure = TestData.file("formats/conf.gro");
        // a copy: MDAnalysis writes offset caches next to the trajectories it reads
        Path input = Files.copy(TestData.file("formats/" + name), dir.resolve(name));
        Path out = dir.resolve(name + ".h5");
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", input.toString(), "-s", structure.toString(), "-o",
            out.toString(), "--compression", "4");
        assertEquals(0, o.exitCode(), o.err());
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), structure.toString(), out.toString(),
            input.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "check timed out");
        assumeTrue(p.exitValue() != 77, "h5py or MDAnalysis missing: " + log);
        assertEquals(0, p.exitValue(), log);
    }
}
