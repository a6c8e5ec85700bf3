package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.metrics.Progress;
import io.cgflow.io.TestData;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outputs never replace inputs or each other, a successful run leaves exactly its own outputs (stale shards,
 * tables and temporaries of earlier runs swept), an interrupted run leaves nothing, an unwritable location is
 * one clear error, and the result is the same bytes for any thread count.
 */
class OutputSafetyTest {
    @TempDir
    static Path shared;
    static Path propane;
    static Path mapping;

    @TempDir
    Path dir;

    @BeforeAll
    static void convert() {
        propane = Fixtures.h5md(TestData.file("propane/traj.xtc"), TestData.file("propane/conf.gro"),
            shared.resolve("propane.h5"), OptionalInt.empty()).get(0);
        mapping = TestData.file("mappings/propane.yaml");
    }

    private static ToolLauncher.Outcome reference(List<String> args) {
        return Fixtures.reference(args.toArray(new String[0]));
    }

    private Path copyOfInput(String name) throws IOException {
        return Files.copy(propane, dir.resolve(name));
    }

    private void assertUsageErrorAndInputIntact(Path input, List<String> args, String expected) throws IOException {
        byte[] before = Files.readAllBytes(input);
        List<String> listing = Fixtures.listing(dir);
        ToolLauncher.Outcome o = reference(args);
        assertEquals(1, o.exitCode(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertArrayEquals(before, Files.readAllBytes(input), "input changed");
        assertEquals(listing, Fixtures.listing(dir), "files written");
    }

    @Test
    void anOutputNamingAnInputIsRefusedBeforeAnythingIsRead() throws IOException {
        Path in = copyOfInput("in.h5");
        String m = mapping.toString();
        assertUsageErrorAndInputIntact(in, List.of("-i", in.toString(), "-m", m, "-o", in.toString()),
            "would overwrite the input -i/--input");
        assertUsageErrorAndInputIntact(in, List.of("-i", in.toString(), "-m", m, "-o", dir.resolve("d.h5").toString(),
            "--cg-output", dir.resolve("sub/../in.h5").toString()), "would overwrite the input");
        assertUsageErrorAndInputIntact(in, List.of("-i", in.toString(), "-m", m, "-o", dir.resolve("d.h5").toString(),
            "--metrics", in.toString()), "--metrics");
        Path link = Files.createSymbolicLink(dir.resolve("link.h5"), in);
        assertUsageErrorAndInputIntact(in, List.of("-i", in.toString(), "-m", m, "-o", link.toString()),
            "would overwrite the input");
        // a shard of the CG output would be an input (re-sharding a trajectory onto its own names)
        Path shard = copyOfInput("cg-00001.h5");
        assertUsageErrorAndInputIntact(shard, List.of("-i", shard.toString(), "-m", m, "-o",
            dir.resolve("d.h5").toString(), "--cg-output", dir.resolve("cg.h5").toString()), "shards");
    }

    @Test
    void twoOutputsNamingOneFileAreRefused() throws IOException {
        String out = dir.resolve("out.h5").toString();
        String cg = dir.resolve("cg.h5").toString();
        for (List<String> outputs : List.of(List.of("-o", out, "--cg-output", out), List.of("-o", out, "--metrics", out),
            List.of("-o", dir.resolve("cg-00000.h5").toString(), "--cg-output", cg))) {
            List<String> args = new ArrayList<>(List.of("-i", propane.toString(), "-m", mapping.toString()));
            args.addAll(outputs);
            ToolLauncher.Outcome o = reference(args);
            assertEquals(1, o.exitCode(), o.err());
            assertTrue(o.err().contains("name the same file"), o.err());
            assertEquals(List.of(""), Fixtures.listing(dir));
        }
    }

    @Test
    void aRerunLeavesExactlyItsOwnOutputs() throws IOException {
        Path out = dir.resolve("out.h5");
        Path tables = dir.resolve("tables");
        Path cg = dir.resolve("cg.h5");
        List<String> base = List.of("-i", propane.toString(), "-m", mapping.toString(), "-o", out.toString(),
            "--tables", tables.toString(), "--cg-output", cg.toString(), "--rdf-max", "1.0");
        List<String> sharded = new ArrayList<>(base);
        sharded.addAll(List.of("--cg-shard-frames", "50"));
        assertEquals(0, reference(sharded).exitCode());
        assertTrue(Files.exists(dir.resolve("cg-00004.h5")), "201 frames in shards of 50");
        // stale files of this output name: a table of a type that no longer exists, temporaries of dead
        // processes; and files that are not ours, which must stay
        Files.writeString(tables.resolve("rdf-OLD-OLD.tsv"), "# g(r) of bead types OLD and OLD; x = r (nm)\n");
        Files.writeString(tables.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve(".out.h5.tmp-999999999-0123abcd"), "killed run");
        Files.writeString(dir.resolve(".out.h5.tmp-1-0123abcd"), "a live process (pid 1)");
        Files.writeString(dir.resolve(".other.h5.tmp-999999999-0123abcd"), "another output");
        ToolLauncher.Outcome o = reference(base);
        assertEquals(0, o.exitCode(), o.err());
        List<String> files = Fixtures.listing(dir);
        assertEquals(List.of("", ".other.h5.tmp-999999999-0123abcd", ".out.h5.tmp-1-0123abcd", "cg.h5", "out.h5",
            "tables", "tables/angle-CH3-CH2-CH3.tsv", "tables/bond-CH3-CH2.tsv", "tables/notes.txt",
            "tables/rdf-CH2-CH2.tsv", "tables/rdf-CH3-CH2.tsv", "tables/rdf-CH3-CH3.tsv"), files);
        // and back to shards: the single file goes
        assertEquals(0, reference(sharded).exitCode());
        assertFalse(Files.exists(cg));
        assertTrue(Files.exists(dir.resolve("cg.shards.txt")));
        // a file of a table's name that this tool did not write is refused before any work, and kept
        Files.writeString(tables.resolve("rdf-W-W.tsv"), "0.3 1.2\n");
        ToolLauncher.Outcome foreign = reference(base);
        assertEquals(2, foreign.exitCode(), foreign.err());
        assertTrue(foreign.err().contains("rdf-W-W.tsv: in the --tables folder, but not written by cgflow-reference"),
            foreign.err());
        assertEquals("0.3 1.2\n", Files.readString(tables.resolve("rdf-W-W.tsv")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/proc/cgflow-test/out.h5", "/proc/out.h5"})
    void anUnwritableOutputIsOneLineAndExitTwo(String out) {
        ToolLauncher.Outcome o = reference(List.of("-i", propane.toString(), "-m", mapping.toString(), "-o", out));
        assertEquals(2, o.exitCode(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("cannot write output " + out), o.err());
    }

    @Test
    void binsWithoutBoundAreRefusedAtParseTime() {
        for (List<String> extra : List.of(List.of("--bond-max", "1000", "--bond-bin", "1e-6"),
            List.of("--angle-bin", "1e-4"), List.of("--rdf-max", "1.2", "--rdf-bin", "1e-6"))) {
            List<String> args = new ArrayList<>(List.of("-i", propane.toString(), "-m", mapping.toString(), "-o",
                dir.resolve("out.h5").toString()));
            args.addAll(extra);
            ToolLauncher.Outcome o = reference(args);
            assertEquals(1, o.exitCode(), o.err());
            assertTrue(o.err().contains("bins"), o.err());
        }
    }

    @Test
    void anyThreadCountGivesTheSameBytes() throws IOException {
        List<byte[]> results = new ArrayList<>();
        for (int threads : new int[] {1, 2, 3, 2}) {
            Path out = dir.resolve("t" + results.size() + ".h5");
            ReferenceRequest request = new ReferenceRequest(List.of(propane), mapping, out, null, null,
                OptionalDouble.of(1.2), 0.002, 1.0, 0.001, 1.0, 2.0, io.cgflow.core.frame.FrameSelection.ALL,
                OptionalInt.of(20), null, 200, Double.NaN, OptionalInt.empty(), threads);
            new ReferenceEngine("cgflow-reference", "test", "cgflow-reference (test)", new SimpleMeterRegistry(),
                new Progress("frames", 1, 1e9, new PrintStream(PrintStream.nullOutputStream()))).run(request);
            results.add(Files.readAllBytes(out));
        }
        for (int k = 1; k < results.size(); k++) {
            assertArrayEquals(results.get(0), results.get(k), "run " + k);
        }
    }

    @Test
    void theMetricsFileOfARunHasNoNaN() throws IOException {
        Path metrics = dir.resolve("run.prom");
        ToolLauncher.Outcome o = reference(List.of("-i", propane.toString(), "-m", mapping.toString(), "-o",
            dir.resolve("out.h5").toString(), "--metrics", metrics.toString()));
        assertEquals(0, o.exitCode(), o.err());
        String text = Files.readString(metrics);
        assertFalse(text.contains("NaN"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("cgflow_reference_beads{") && l.endsWith(" 450.0")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("cgflow_reference_frames_per_second{")), text);
    }

    /** Gauges keep their values through garbage collection (a registry holds plain numbers only weakly). */
    @Test
    void gaugesSurviveGarbageCollection() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReferenceRequest request = new ReferenceRequest(List.of(propane), mapping, dir.resolve("out.h5"), null, null,
            OptionalDouble.empty(), 0.002, 1.0, 0.001, 1.0, 2.0, io.cgflow.core.frame.FrameSelection.ALL,
            OptionalInt.empty(), null, Double.NaN, Double.NaN, OptionalInt.empty(), 1);
        new ReferenceEngine("cgflow-reference", "test", "test", meters,
            new Progress("frames", 1, 1e9, new PrintStream(PrintStream.nullOutputStream()))).run(request);
        for (int k = 0; k < 3; k++) {
            System.gc();
        }
        assertEquals(450.0, meters.get("cgflow_reference_beads").gauge().value());
        assertTrue(meters.get("cgflow_reference_seconds").gauge().value() > 0);
        assertTrue(meters.get("cgflow_reference_frames_per_second").gauge().value() > 0);
    }

    /** A real process interrupted by SIGTERM exits 143 and leaves no file behind. */
    @Test
    void sigtermLeavesNothingBehind() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ReferenceMain.class.getName()));
        // 200 parts to make a long run: hard links of one trajectory (the same path twice is refused)
        Path parts = Files.createDirectories(dir.resolve("parts"));
        for (int k = 0; k < 200; k++) {
            Path part = parts.resolve("part-" + k + ".h5");
            try {
                Files.createLink(part, propane);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(propane, part);
            }
            cmd.add("-i");
            cmd.add(part.toString());
        }
        Path out = dir.resolve("out");
        cmd.addAll(List.of("-m", mapping.toString(), "-o", out.resolve("d.h5").toString(), "--cg-output",
            out.resolve("cg.h5").toString(), "--cg-shard-frames", "10", "--threads", "1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile())
            .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaries(out).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before it could be interrupted: " + Files.readString(dir.resolve("log.txt")));
        assertFalse(temporaries(out).isEmpty());
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue());
        assertEquals(List.of(), temporaries(out), "left behind");
        // the folder the run created for its outputs goes too
        assertFalse(Files.exists(out), "the output folder the interrupted run created is left");
    }

    private static List<Path> temporaries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.getFileName().toString().contains(".tmp-")).collect(Collectors.toList());
        }
    }
}
