package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.cli.ToolLauncher;
import io.cgflow.io.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error bars come from full blocks only, and the file and the messages say how many there were: a last
 * partial block counts in the averages, not in the errors, and is not reported as a block.
 */
class BlockErrorTest {
    @TempDir
    Path dir;
    private Path input;

    @BeforeEach
    void convert() {
        List<Path> parts = Fixtures.h5md(TestData.file("propane/traj.xtc"), TestData.file("propane/conf.gro"),
            dir.resolve("p.h5"), OptionalInt.empty());
        input = parts.get(0);
    }

    private ToolLauncher.Outcome run(Path out, String... extra) {
        String[] base = {"-i", input.toString(), "-m", TestData.file("mappings/propane.yaml").toString(), "-o",
            out.toString(), "--threads", "1", "--rdf-max", "1.2"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Fixtures.reference(args);
    }

    @Test
    void aPartialLastBlockIsNotCountedAsABlock() {
        Path out = dir.resolve("d.h5");
        ToolLauncher.Outcome o = run(out, "--block-frames", "20");
        assertEquals(0, o.exitCode(), o.err());
        ReferenceDistributions d = DistributionsFile.read(out);
        assertEquals(201, d.summary().frames());
        assertEquals(10, d.summary().blocks(), "201 frames in blocks of 20: ten full blocks and one frame over");
        assertTrue(o.err().contains("10 full block(s) of 20"), o.err());
        for (Distribution x : d.distributions()) {
            boolean finite = false;
            for (double e : x.error()) {
                finite |= Double.isFinite(e) && e > 0;
            }
            assertTrue(finite, x.name() + ": ten full blocks give error bars");
        }
    }

    /** Bond lengths beyond --bond-max leave the distribution, which is normalised over the rest: said on stderr. */
    @Test
    void bondValuesBeyondTheGridAreCountedInAWarning() {
        ToolLauncher.Outcome o = run(dir.resolve("short.h5"), "--last", "4", "--bond-max", "0.16");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("warning: bond CH3-CH2: ") && o.err().contains("of 1500 values fell outside [0.000,"
            + " 0.1600)") && o.err().contains("(raise --bond-max)"), o.err());
        ToolLauncher.Outcome ok = run(dir.resolve("long.h5"), "--last", "4");
        assertFalse(ok.err().contains("fell outside"), ok.err());
    }

    @Test
    void fewerThanTwoFullBlocksWarnAndGiveNaNErrors() {
        Path out = dir.resolve("d.h5");
        ToolLauncher.Outcome o = run(out, "--last", "4", "--block-frames", "3");
        assertEquals(0, o.exitCode(), o.err());
        ReferenceDistributions d = DistributionsFile.read(out);
        assertEquals(5, d.summary().frames());
        assertEquals(1, d.summary().blocks(), "5 frames in blocks of 3: one full block");
        assertTrue(o.err().contains("at least two full blocks"), o.err());
        assertTrue(o.err().contains("--block-frames 2 or less"), o.err());
        for (Distribution x : d.distributions()) {
            for (double e : x.error()) {
                assertTrue(Double.isNaN(e), x.name() + ": one full block gives no error bar");
            }
        }
        ToolLauncher.Outcome ok = run(dir.resolve("e.h5"), "--last", "4", "--block-frames", "2");
        assertEquals(0, ok.exitCode(), ok.err());
        assertFalse(ok.err().contains("at least two full blocks"), ok.err());
        assertEquals(2, DistributionsFile.read(dir.resolve("e.h5")).summary().blocks());
    }
}
