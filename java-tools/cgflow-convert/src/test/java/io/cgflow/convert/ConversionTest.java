package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.frame.Frame;
import io.cgflow.io.TestData;
import io.cgflow.io.h5md.H5mdReader;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversions read back through the H5MD reader: exact data, shards, selection, parts, determinism. */
class ConversionTest {
    @TempDir
    Path dir;

    private final Path xtc = TestData.file("formats/traj.xtc");
    private final Path gro = TestData.file("formats/conf.gro");

    static List<Frame> readAll(Path file) {
        List<Frame> frames = new ArrayList<>();
        try (TrajectoryReader r = Trajectories.open(file, TrajectoryFormat.of(file),
            Trajectories.ReadOptions.DEFAULT)) {
            for (Frame f = r.next(); f != null; f = r.next()) {
                frames.add(f);
            }
        }
        return frames;
    }

    private Path convert(String... extra) {
        Path out = dir.resolve("out.h5");
        List<String> args = new ArrayList<>(List.of("-i", xtc.toString(), "-s", gro.toString(), "-o", out.toString()));
        args.addAll(List.of(extra));
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run(args.toArray(new String[0]));
        assertEquals(0, o.exitCode(), o.err());
        return out;
    }

    private static void assertSameFrames(List<Frame> expected, List<Frame> actual) {
        assertEquals(expected.size(), actual.size(), "frames");
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k).positions(), actual.get(k).positions(), 0f, "positions of frame " + k);
            assertArrayEquals(expected.get(k).box().matrix(), actual.get(k).box().matrix(), 1e-7, "box of frame " + k);
            assertEquals(expected.get(k).step(), actual.get(k).step(), "step of frame " + k);
            assertEquals(expected.get(k).time(), actual.get(k).time(), 1e-6, "time of frame " + k);
        }
    }

    @Test
    void xtcRoundTripsExactlyWithTriclinicBox() {
        Path out = convert();
        List<Frame> source = readAll(xtc);
        List<Frame> written = readAll(out);
        assertSameFrames(source, written);
        assertTrue(!written.get(0).box().isOrthorhombic(), "the formats test box is triclinic");
        try (H5mdReader r = new H5mdReader(out)) {
            Structure s = r.structure();
            assertEquals(246, s.topology().size());
            assertEquals("MeOH", s.topology().atom(0).residueName());
            assertEquals("C", s.topology().atom(0).name());
            assertEquals(12.011, s.topology().atom(0).mass(), 1e-4);
        }
    }

    @Test
    void shardsHoldTheSameFramesAsOneFile() throws IOException {
        List<Frame> whole = readAll(convert());
        Path out = convert("--shard-frames", "3");
        List<Frame> sharded = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Path shard = io.cgflow.io.h5md.H5mdShardWriter.shardPath(out, k);
            assertTrue(Files.exists(shard), shard + " missing");
            sharded.addAll(readAll(shard));
        }
        assertTrue(Files.notExists(io.cgflow.io.h5md.H5mdShardWriter.shardPath(out, 4)));
        assertSameFrames(whole, sharded);
        List<String> manifest = Files.readAllLines(io.cgflow.io.h5md.H5mdShardWriter.manifestPath(out));
        assertEquals(List.of("# file\tframes\tfirst_frame", "out-00000.h5\t3\t0", "out-00001.h5\t3\t3",
            "out-00002.h5\t3\t6", "out-00003.h5\t1\t9"), manifest);
    }

    @Test
    void h5mdReShardsAndSubsets() {
        Path whole = convert();
        Path out = dir.resolve("again.h5");
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", whole.toString(), "-o", out.toString(), "--first", "1",
            "--stride", "2");
        assertEquals(0, o.exitCode(), o.err());
        List<Frame> all = readAll(whole);
        assertSameFrames(List.of(all.get(1), all.get(3), all.get(5), all.get(7), all.get(9)), readAll(out));
    }

    @Test
    void frameSelection() {
        List<Frame> all = readAll(xtc);
        List<Frame> selected = readAll(convert("--first", "2", "--last", "8", "--stride", "3"));
        assertSameFrames(List.of(all.get(2), all.get(5), all.get(8)), selected);
    }

    @Test
    void partsConcatenateAndDropTheRepeatedBoundaryFrame() throws IOException {
        byte[] bytes = Files.readAllBytes(xtc);
        List<Long> offsets = XtcFrames.offsets(xtc);
        // part 1: frames 0-5, part 2: frames 5-9 (a continuation run repeats its first frame)
        Path part1 = Files.write(dir.resolve("part1.xtc"), java.util.Arrays.copyOfRange(bytes, 0,
            offsets.get(6).intValue()));
        Path part2 = Files.write(dir.resolve("part2.xtc"), java.util.Arrays.copyOfRange(bytes,
            offsets.get(5).intValue(), bytes.length));
        Path out = dir.resolve("parts.h5");
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", part1.toString(), "-i", part2.toString(), "-s",
            gro.toString(), "-o", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("1 repeated boundary frame(s) dropped"), o.err());
        assertSameFrames(readAll(xtc), readAll(out));
    }

    @Test
    void sameCommandTwiceGivesIdenticalBytes() throws IOException {
        Path a = Files.move(convert("--threads", "3"), dir.resolve("a.h5"));
        Path b = convert("--threads", "3");
        assertEquals(-1, Files.mismatch(a, b), "outputs differ");
    }

    @Test
    void threadCountDoesNotChangeTheData() throws IOException {
        Path one = Files.move(convert("--threads", "1"), dir.resolve("one.h5"));
        Path three = convert("--threads", "3");
        assertSameFrames(readAll(one), readAll(three));
    }

    @Test
    void compressionKeepsDataAndShrinksFile() throws IOException {
        Path plain = Files.move(convert(), dir.resolve("plain.h5"));
        Path packed = convert("--compression", "6");
        assertSameFrames(readAll(plain), readAll(packed));
        assertTrue(Files.size(packed) < Files.size(plain), Files.size(packed) + " vs " + Files.size(plain));
    }

    @Test
    void everyFormatConvertsToTheSamePositionsAsItsReader() {
        for (String name : List.of("traj.trr", "traj-double.trr", "traj.gro", "traj-ndec5.gro", "traj.pdb",
            "traj.xyz", "traj.dcd", "traj-bigendian.dcd")) {
            Path in = TestData.file("formats/" + name);
            Path out = dir.resolve(name + ".h5");
            io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", in.toString(), "-s", gro.toString(), "-o",
                out.toString());
            assertEquals(0, o.exitCode(), name + ": " + o.err());
            List<Frame> source = readAll(in);
            List<Frame> written = readAll(out);
            assertEquals(source.size(), written.size(), name);
            for (int k = 0; k < source.size(); k++) {
                assertArrayEquals(source.get(k).positions(), written.get(k).positions(), 0f, name + " frame " + k);
            }
        }
    }

    @Test
    void lammpsDumpWithDataFileStructure() {
        Path dump = TestData.file("formats/lammps/dump-shuffled.lammpstrj");
        Path data = TestData.file("formats/lammps/data.lammps");
        Path out = dir.resolve("lammps.h5");
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", dump.toString(), "-s", data.toString(), "-o",
            out.toString(), "--timestep", "0.005");
        assertEquals(0, o.exitCode(), o.err());
        List<Frame> written = readAll(out);
        Frame first = written.get(0);
        assertEquals(first.step() * 0.005, first.time(), 1e-9);
        assertTrue(!first.box().isOrthorhombic(), "triclinic LAMMPS box");
    }
}
