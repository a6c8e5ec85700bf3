package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.io.TestData;
import io.cgflow.io.h5md.H5mdReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapped CG trajectory (--cg-output) carries its bead types, masses and connectivity: analysed again
 * without a mapping it gives exactly the distributions of the mapped run.
 */
class CgRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void cgTrajectoryReproducesTheMappedDistributions() throws Exception {
        Path h5 = Fixtures.h5md(TestData.file("propane/traj.xtc"), TestData.file("propane/conf.gro"),
            dir.resolve("aa.h5"), OptionalInt.empty()).get(0);
        Path cg = dir.resolve("cg.h5");
        ToolLauncher.Outcome mapped = Fixtures.reference("-i", h5.toString(), "-m",
            TestData.file("mappings/propane.yaml").toString(), "-o", dir.resolve("mapped.h5").toString(),
            "--cg-output", cg.toString(), "--tables", dir.resolve("tables").toString(), "--rdf-max", "1.2");
        assertEquals(0, mapped.exitCode(), mapped.err());
        try (H5mdReader r = new H5mdReader(cg)) {
            CgTopology top = r.cgTopology();
            assertEquals(450, top.size());
            assertEquals(300, top.bonds().size());
            assertEquals(150, top.angles().size());
            assertEquals(java.util.List.of("CH3", "CH2"), top.types());
            assertEquals(15.035, top.mass(0), 1e-3);
            assertTrue(top.excluded(0, 2), "C1-C3 of one molecule: joined by the angle");
        }
        ToolLauncher.Outcome again = Fixtures.reference("-i", cg.toString(), "-o", dir.resolve("again.h5").toString(),
            "--rdf-max", "1.2");
        assertEquals(0, again.exitCode(), again.err());
        ReferenceDistributions a = DistributionsFile.read(dir.resolve("mapped.h5"));
        ReferenceDistributions b = DistributionsFile.read(dir.resolve("again.h5"));
        assertEquals(a.distributions().size(), b.distributions().size());
        for (Distribution d : a.distributions()) {
            Distribution e = b.find(d.kind(), d.name()).orElseThrow();
            assertArrayEquals(d.counts(), e.counts(), d.name());
        }
        assertTrue(Files.exists(dir.resolve("tables/bond-CH3-CH2.tsv")));
        assertTrue(Files.readString(dir.resolve("tables/rdf-CH3-CH2.tsv")).contains("# x\tvalue\terror"));
    }
}
