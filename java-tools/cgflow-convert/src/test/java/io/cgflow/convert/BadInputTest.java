package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.io.OversizedInputs;
import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: each case exits with code 2, prints one message that names the file, the place and the
 * problem, and leaves no output behind (not even a hidden temporary).
 */
class BadInputTest {
    @TempDir
    Path dir;

    private final Path structure = TestData.file("formats/conf.gro");

    private void assertRejected(Path input, Path structureFile, String... expectedInMessage) throws IOException {
        List<String> before = ConvertFixture.listing(dir);
        Path out = dir.resolve("out.h5");
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", input.toString(), "-s", structureFile.toString(), "-o",
            out.toString(), "--shard-frames", "2");
        assertEquals(2, o.exitCode(), "exit code; stderr: " + o.err());
        assertEquals(1, o.err().strip().lines().count(), "one message: " + o.err());
        for (String expected : expectedInMessage) {
            assertTrue(o.err().contains(expected), "message should name '" + expected + "': " + o.err());
        }
        assertEquals(before, ConvertFixture.listing(dir), "outputs left behind");
    }

    private Path copy(String relative, String name) throws IOException {
        return Files.copy(TestData.file(relative), dir.resolve(name));
    }

    private Path truncated(String relative, String name, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.file(relative));
        return Files.write(dir.resolve(name), Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    /**
     * Headers that declare far more than the file holds (a billion atoms, a gigabyte of compressed
     * coordinates) in a file of a few kilobytes: refused with exit code 2 before anything is allocated
     * for them (the test heap would otherwise run out: exit 137), the message naming the field.
     */
    @TestFactory
    Stream<DynamicTest> oversizedDeclarations() throws IOException {
        Path cases = Files.createDirectories(dir.resolve("cases"));
        return OversizedInputs.write(cases).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path input = c.file();
            Path structureFile = c.structure();
            if (structureFile == null) {
                // the crafted file is the structure; convert a matching trajectory with it
                structureFile = c.file();
                input = TestData.file(c.file().toString().endsWith(".gro") ? "formats/traj.xtc"
                    : "formats/lammps/dump-ortho.lammpstrj");
            }
            List<String> expected = new java.util.ArrayList<>(c.expected());
            expected.add(c.file().getFileName().toString());
            if (c.structure() != null && !structureFile.toString().endsWith(".gz")) {
                // the tool knows the structure's atom count: a declared atom count that differs from it is
                // refused as such before the file's size is considered (the size checks: ReaderLimitsTest)
                String message = ConvertFixture.run("-i", input.toString(), "-s", structureFile.toString(), "-o",
                    dir.resolve("probe.h5").toString()).err();
                if (message.contains("atoms but the structure " + structureFile.getFileName() + " has")) {
                    expected = List.of("declares", "atoms but the structure " + structureFile.getFileName() + " has ",
                        c.file().getFileName().toString());
                }
            }
            assertRejected(input, structureFile, expected.toArray(new String[0]));
        }));
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] bytes = Files.readAllBytes(OversizedInputs.gzip(TestData.file("formats/traj.gro"), dir));
        Files.delete(dir.resolve("traj.gro.gz"));
        bytes[bytes.length / 2] ^= 0x55;
        assertRejected(Files.write(dir.resolve("bad.gro.gz"), bytes), structure, "bad.gro.gz");
    }

    @Test
    void notGzip() throws IOException {
        assertRejected(copy("formats/traj.xtc", "plain.xtc.gz"), structure, "plain.xtc.gz", "not a gzip file");
    }

    @Test
    void gzipH5mdIsRefused() throws IOException {
        Path gz = OversizedInputs.gzip(TestData.file("formats/traj-mda.h5md"), dir);
        assertRejected(gz, structure, "traj-mda.h5md.gz", "gzip-compressed H5MD is not supported");
    }

    @Test
    void missingFile() throws IOException {
        assertRejected(dir.resolve("nowhere.xtc"), structure, "nowhere.xtc", "not found");
    }

    @Test
    void missingStructure() throws IOException {
        assertRejected(TestData.file("formats/traj.xtc"), dir.resolve("nowhere.gro"), "nowhere.gro", "not found");
    }

    @Test
    void unknownExtension() throws IOException {
        assertRejected(copy("formats/traj.xtc", "traj.abc"), structure, "traj.abc", "unknown extension '.abc'",
            "--format");
    }

    @Test
    void truncatedXtcMidFrame() throws IOException {
        assertRejected(truncated("formats/traj.xtc", "cut.xtc", 0.55), structure, "cut.xtc", "frame 5", "truncated");
    }

    /** The first file is laid out when the first frame arrives: a failure before it is full leaves nothing either. */
    @Test
    void truncatedXtcBeforeTheFirstShardIsFull() throws IOException {
        assertRejected(truncated("formats/traj.xtc", "early.xtc", 0.15), structure, "early.xtc", "frame 1",
            "truncated");
    }

    @Test
    void truncatedTrrMidFrame() throws IOException {
        assertRejected(truncated("formats/traj.trr", "cut.trr", 0.55), structure, "cut.trr", "frame 5", "truncated");
    }

    @Test
    void truncatedDcdMidFrame() throws IOException {
        assertRejected(truncated("formats/traj.dcd", "cut.dcd", 0.55), structure, "cut.dcd", "frame 5", "truncated");
    }

    @Test
    void corruptedXtcMagic() throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.file("formats/traj.xtc"));
        bytes[3] ^= 0x5a;
        assertRejected(Files.write(dir.resolve("bad.xtc"), bytes), structure, "bad.xtc", "frame 0", "magic number");
    }

    @Test
    void corruptedTrrMagic() throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.file("formats/traj.trr"));
        bytes[2] ^= 0x11;
        assertRejected(Files.write(dir.resolve("bad.trr"), bytes), structure, "bad.trr", "frame 0", "magic number");
    }

    @Test
    void corruptedDcdHeader() throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.file("formats/traj.dcd"));
        bytes[4] = 'X';
        assertRejected(Files.write(dir.resolve("bad.dcd"), bytes), structure, "bad.dcd", "CORD");
    }

    @Test
    void atomCountDiffersFromStructure() throws IOException {
        assertRejected(TestData.file("formats/traj.xtc"), TestData.file("lj-argon/conf.gro"), "traj.xtc", "frame 0",
            "246 atoms", "the structure conf.gro has 500");
    }

    @Test
    void nanCoordinate() throws IOException {
        List<String> lines = Files.readAllLines(TestData.file("formats/traj.gro"), StandardCharsets.ISO_8859_1);
        String atom = lines.get(5);
        lines.set(5, atom.substring(0, 28) + "     nan" + atom.substring(36));
        Path bad = Files.write(dir.resolve("nan.gro"), lines, StandardCharsets.ISO_8859_1);
        assertRejected(bad, structure, "nan.gro", "line 6", "not a finite number");
    }

    @Test
    void infiniteCoordinateInXyz() throws IOException {
        List<String> lines = Files.readAllLines(TestData.file("formats/traj.xyz"), StandardCharsets.ISO_8859_1);
        String[] t = lines.get(3).trim().split("\\s+");
        lines.set(3, t[0] + " inf " + t[2] + " " + t[3]);
        Path bad = Files.write(dir.resolve("inf.xyz"), lines, StandardCharsets.ISO_8859_1);
        assertRejected(bad, structure, "inf.xyz", "line 4", "not a finite number");
    }

    @Test
    void nanCoordinateInBinaryFile() throws IOException {
        byte[] bytes = Files.readAllBytes(TestData.file("formats/traj.trr"));
        // first frame: header then box (9 floats) then x; overwrite the first x with a NaN
        int headerEnd = indexOfXBlock(bytes);
        bytes[headerEnd] = 0x7f;
        bytes[headerEnd + 1] = (byte) 0xc0;
        bytes[headerEnd + 2] = 0;
        bytes[headerEnd + 3] = 0;
        assertRejected(Files.write(dir.resolve("nan.trr"), bytes), structure, "nan.trr", "frame 0", "atom 1", "NaN");
        // a finite coordinate no simulation has (1e30 nm, big-endian float 0x7149F2CA)
        bytes[headerEnd] = 0x71;
        bytes[headerEnd + 1] = 0x49;
        bytes[headerEnd + 2] = (byte) 0xf2;
        bytes[headerEnd + 3] = (byte) 0xca;
        assertRejected(Files.write(dir.resolve("huge.trr"), bytes), structure, "huge.trr", "frame 0", "atom 1",
            "beyond ±");
    }

    /** Offset of the first position of a single-precision TRR frame with a box and no virial/pressure. */
    private static int indexOfXBlock(byte[] bytes) {
        // magic(4) slen(4) len(4) "GMX_trn_file"(12) 13 ints(52) t, lambda(8) box(36)
        return 4 + 4 + 4 + 12 + 52 + 8 + 36;
    }

    @Test
    void zeroBox() throws IOException {
        List<String> lines = Files.readAllLines(TestData.file("formats/traj.gro"), StandardCharsets.ISO_8859_1);
        int boxLine = 2 + 246;
        lines.set(boxLine, "   0.00000   0.00000   0.00000");
        Path bad = Files.write(dir.resolve("zerobox.gro"), lines, StandardCharsets.ISO_8859_1);
        assertRejected(bad, structure, "zerobox.gro", "frame 0", "zero or negative volume");
    }

    @Test
    void negativeBox() throws IOException {
        List<String> lines = Files.readAllLines(TestData.file("formats/traj.gro"), StandardCharsets.ISO_8859_1);
        lines.set(2 + 246, "   1.50000  -1.49429   1.39280");
        Path bad = Files.write(dir.resolve("negbox.gro"), lines, StandardCharsets.ISO_8859_1);
        assertRejected(bad, structure, "negbox.gro", "frame 0", "zero or negative volume");
    }

    @Test
    void emptyTrajectory() throws IOException {
        assertRejected(Files.createFile(dir.resolve("empty.xtc")), structure, "empty.xtc", "no frames");
    }

    @Test
    void emptyTextTrajectory() throws IOException {
        assertRejected(Files.createFile(dir.resolve("empty.gro")), structure, "empty.gro", "no frames");
    }

    @Test
    void badCommandLineIsExitCodeOne() {
        assertEquals(1, ConvertFixture.run("-i", "x.xtc", "--stride", "zero").exitCode());
        assertEquals(1, ConvertFixture.run("-i", "x.xtc", "-s", "x.gro", "-o", "x.txt").exitCode());
        assertEquals(1, ConvertFixture.run("--no-such-option").exitCode());
        assertEquals(1, ConvertFixture.run("-i", TestData.file("formats/traj.xtc").toString(), "-o",
            dir.resolve("o.h5").toString()).exitCode(), "a structure is required for XTC");
    }

    /**
     * A structure that fails to parse while the frames are already decoding (they no longer wait for it): the
     * conversion stops with the structure's message, exit 2, and nothing written, for one shard or several.
     */
    @Test
    void unreadableResidueNumberInTheStructure() throws IOException {
        Path bad = withResidueField(structure, 7, "   x1", "badres.gro");
        assertRejected(TestData.file("formats/traj.xtc"), bad, "badres.gro", "line 7",
            "cannot read residue number from 'x1'");
        List<String> before = ConvertFixture.listing(dir);
        io.cgflow.cli.ToolLauncher.Outcome o = ConvertFixture.run("-i", TestData.file("formats/traj.xtc").toString(),
            "-s", bad.toString(), "-o", dir.resolve("one.h5").toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("cannot read residue number from 'x1'"), o.err());
        assertEquals(before, ConvertFixture.listing(dir), "outputs left behind");
    }

    @Test
    void emptyResidueNumberInTheStructure() throws IOException {
        Path bad = withResidueField(structure, 4, "     ", "nores.gro");
        assertRejected(TestData.file("formats/traj.xtc"), bad, "nores.gro", "line 4",
            "cannot read residue number from ''");
    }

    /**
     * A structure that cannot be parsed, against a trajectory of another atom count: the message is the structure's
     * own, not a count mismatch computed from its (unread) count line.
     */
    @Test
    void aBrokenStructureSaysWhatIsBrokenBeforeCountsAreCompared() throws IOException {
        Path bad = withResidueField(TestData.file("lj-argon/conf.gro"), 5, "   x1", "argon-bad.gro");
        assertRejected(TestData.file("formats/traj.xtc"), bad, "argon-bad.gro", "line 5",
            "cannot read residue number from 'x1'");
    }

    /** A copy of the GRO file {@code gro} named {@code name} whose line {@code line} has {@code field} in columns 1-5. */
    private Path withResidueField(Path gro, int line, String field, String name) throws IOException {
        List<String> lines = Files.readAllLines(gro, StandardCharsets.ISO_8859_1);
        lines.set(line - 1, field + lines.get(line - 1).substring(5));
        return Files.write(dir.resolve(name), lines, StandardCharsets.ISO_8859_1);
    }
}
