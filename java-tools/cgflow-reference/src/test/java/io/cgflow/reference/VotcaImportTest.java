package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.io.TestData;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A VOTCA mapping XML and the equivalent cgflow YAML give the same beads, bonded types and distributions. */
class VotcaImportTest {
    @TempDir
    Path dir;

    private ReferenceDistributions run(Path h5, String mapping) {
        Path out = dir.resolve(mapping.replace('.', '-') + ".h5");
        io.cgflow.cli.ToolLauncher.Outcome o = Fixtures.reference("-i", h5.toString(), "-m", TestData.file("mappings/" + mapping)
            .toString(), "-o", out.toString(), "--rdf-max", "1.0");
        assertEquals(0, o.exitCode(), o.err());
        return DistributionsFile.read(out);
    }

    @ParameterizedTest
    @CsvSource({"propane, propane", "methanol-water/x025, methanol-water"})
    void xmlAndYamlAgree(String source, String mapping) {
        Path h5 = Fixtures.h5md(TestData.file(source + "/traj.xtc"), TestData.file(source + "/conf.gro"),
            dir.resolve("in.h5"), OptionalInt.empty()).get(0);
        ReferenceDistributions yaml = run(h5, mapping + ".yaml");
        ReferenceDistributions xml = run(h5, mapping + ".xml");
        assertEquals(yaml.distributions().size(), xml.distributions().size());
        assertEquals(yaml.summary().types(), xml.summary().types());
        for (Distribution y : yaml.distributions()) {
            Distribution x = xml.find(y.kind(), y.name()).orElseThrow();
            long diff = 0;
            long total = 0;
            for (int k = 0; k < y.counts().length; k++) {
                diff += Math.abs(y.counts()[k] - x.counts()[k]);
                total += y.counts()[k];
            }
            // the XML's weights are the force field's masses (OA 15.9994), the YAML's the standard atomic
            // weights cgflow infers from a GRO file (O 15.999): centres differ by ~1e-5 nm, moving a few
            // pairs across bin edges
            assertEquals(0, diff, 1e-3 * total, y.name() + " counts");
            assertArrayEquals(y.x(), x.x(), 0, y.name() + " grid");
        }
    }
}
