package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversion never writes over its inputs (re-sharding an H5MD trajectory onto its own names included), and
 * a rerun with other sharding leaves exactly the new shards.
 */
class ConvertOutputSafetyTest {
    @TempDir
    Path dir;

    private final Path xtc = TestData.file("formats/traj.xtc");
    private final Path gro = TestData.file("formats/conf.gro");

    private ToolLauncher.Outcome convert(String... args) {
        return ConvertFixture.run(args);
    }

    @Test
    void outputsThatWouldReplaceAnInputAreRefused() throws IOException {
        assertEquals(0, convert("-i", xtc.toString(), "-s", gro.toString(), "-o", dir.resolve("t.h5").toString(),
            "--shard-frames", "3").exitCode());
        Path shard = dir.resolve("t-00001.h5");
        byte[] before = Files.readAllBytes(shard);
        List<String> listing = ConvertFixture.listing(dir);
        for (String[] args : List.of(
            new String[] {"-i", shard.toString(), "-o", shard.toString()},
            new String[] {"-i", shard.toString(), "-o", dir.resolve("t.h5").toString()},
            new String[] {"-i", shard.toString(), "-o", dir.resolve("./x/../t.h5").toString(), "--shard-frames", "1"},
            new String[] {"-i", shard.toString(), "-o", dir.resolve("u.h5").toString(), "--metrics", shard.toString()})) {
            ToolLauncher.Outcome o = convert(args);
            assertEquals(1, o.exitCode(), String.join(" ", args) + ": " + o.err());
            assertTrue(o.err().contains("would overwrite the input"), o.err());
            assertArrayEquals(before, Files.readAllBytes(shard));
            assertEquals(listing, ConvertFixture.listing(dir));
        }
    }

    @Test
    void aRerunWithOtherShardingLeavesOnlyItsOwnShards() throws IOException {
        String out = dir.resolve("t.h5").toString();
        assertEquals(0, convert("-i", xtc.toString(), "-s", gro.toString(), "-o", out, "--shard-frames", "2").exitCode());
        List<String> many = ConvertFixture.listing(dir);
        assertTrue(many.contains("t-00003.h5"), many.toString());
        Files.writeString(dir.resolve(".t-00007.h5.tmp-999999999-89abcdef"), "left by kill -9");
        assertEquals(0, convert("-i", xtc.toString(), "-s", gro.toString(), "-o", out, "--shard-frames", "100")
            .exitCode());
        assertEquals(List.of("t-00000.h5", "t.shards.txt"), ConvertFixture.listing(dir));
        assertEquals(0, convert("-i", xtc.toString(), "-s", gro.toString(), "-o", out).exitCode());
        assertEquals(List.of("t.h5"), ConvertFixture.listing(dir));
    }

    @Test
    void anUnwritableOutputIsExitTwo() {
        ToolLauncher.Outcome o = convert("-i", xtc.toString(), "-s", gro.toString(), "-o", "/proc/cgflow/t.h5");
        assertEquals(2, o.exitCode(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("cannot write output"), o.err());
    }
}
