package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.io.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result does not depend on how the work was split: 1 vs 2 threads, 1 file vs 3 shards give the same
 * counts exactly and the same values to floating-point summation order.
 */
class MergeInvarianceTest {
    @TempDir
    Path dir;

    private ReferenceDistributions run(String name, List<Path> inputs, int threads) {
        List<String> args = new ArrayList<>();
        for (Path p : inputs) {
            args.add("-i");
            args.add(p.toString());
        }
        Path out = dir.resolve(name + ".h5");
        args.addAll(List.of("-m", TestData.file("mappings/propane.yaml").toString(), "-o", out.toString(),
            "--threads", String.valueOf(threads), "--rdf-max", "1.2", "--block-frames", "20"));
        io.cgflow.cli.ToolLauncher.Outcome o = Fixtures.reference(args.toArray(new String[0]));
        assertEquals(0, o.exitCode(), o.err());
        return DistributionsFile.read(out);
    }

    private static void assertSame(ReferenceDistributions a, ReferenceDistributions b) {
        assertEquals(a.summary().frames(), b.summary().frames());
        assertEquals(a.summary().meanVolume(), b.summary().meanVolume(), 1e-12 * a.summary().meanVolume());
        assertEquals(a.distributions().size(), b.distributions().size());
        for (Distribution da : a.distributions()) {
            Distribution db = b.find(da.kind(), da.name()).orElseThrow();
            assertArrayEquals(da.counts(), db.counts(), da.name() + " counts");
            assertArrayEquals(da.value(), db.value(), 1e-12, da.name() + " values");
            for (int k = 0; k < da.error().length; k++) {
                assertEquals(da.error()[k], db.error()[k], 1e-12 + 1e-9 * Math.abs(da.error()[k]), da.name()
                    + " error bin " + k);
            }
        }
    }

    @Test
    void threadsAndShardsDoNotChangeTheResult() {
        Path xtc = TestData.file("propane/traj.xtc");
        Path gro = TestData.file("propane/conf.gro");
        List<Path> single = Fixtures.h5md(xtc, gro, dir.resolve("whole.h5"), OptionalInt.empty());
        List<Path> shards = Fixtures.h5md(xtc, gro, dir.resolve("parts.h5"), OptionalInt.of(70));
        assertEquals(3, shards.size(), "201 frames in shards of 70");
        ReferenceDistributions one = run("one-thread", single, 1);
        assertSame(one, run("two-threads", single, 2));
        assertSame(one, run("three-shards", shards, 1));
        assertSame(one, run("three-shards-two-threads", shards, 2));
    }
}
