package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.h5md.H5mdReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MdEngineTest {
    @TempDir
    Path dir;

    static final String POTENTIAL = """
        types:
          A: {mass: 40.0}
        pairs:
          - {types: [A, A], style: lennard-jones, sigma: 0.3, epsilon: 1.0, cutoff: 0.75, shift: true}
        """;

    private Path gro(String name, String type) throws IOException {
        Box box = LjSystems.box(3, 0.6);
        double[] x = LjSystems.fcc(3, box);
        StringBuilder sb = new StringBuilder("LJ\n").append(x.length / 3).append('\n');
        for (int i = 0; i < x.length / 3; i++) {
            sb.append(String.format(Locale.ROOT, "%5d%-5s%5s%5d%8.3f%8.3f%8.3f%n", i + 1, "LJ", type, i + 1, x[3 * i],
                x[3 * i + 1], x[3 * i + 2]));
        }
        sb.append(String.format(Locale.ROOT, "%10.5f%10.5f%10.5f%n", box.get(0, 0), box.get(1, 1), box.get(2, 2)));
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    private MdRequest request(Path start, Path pot, String out, Integrator integrator, long steps, Path checkpoint) {
        MdSettings s = new MdSettings(integrator, 240, 0.005, steps, 3, 1, 0.1, 10, 0.4, 6, 0.1,
            MdSettings.DEFAULT_FORCE_LIMIT);
        return new MdRequest(start, -1, pot, dir.resolve(out + ".h5"), dir.resolve(out + ".tsv"), s, 2, checkpoint,
            20);
    }

    private MdEngine engine() {
        return new MdEngine("cgflow-md", "test", "cgflow-md test", new SimpleMeterRegistry(), null);
    }

    /** A checkpoint's identity against this run's: the fields that differ, or those another version did not record. */
    @Test
    void checkpointIdentitiesAreComparedFieldByField() {
        String now = "langevin beads=500 seed=1 dt=0.005 T=94.4 gamma=2.0 tau=- every=5 acceptance=- equilibration=-"
            + " force-field=04b2abef7c96a21a types=1c0d2e3f4a5b6c7d start=aa11bb22cc33dd44";
        assertEquals("", MdEngine.differences(now, now));
        assertEquals("seed 1 there, 2 here, start aa11bb22cc33dd44 there, 99 here (another start file or --frame:"
            + " positions or box differ)", MdEngine.differences(now, now.replace("seed=1", "seed=2")
            .replace("start=aa11bb22cc33dd44", "start=99")));
        String older = now.substring(0, now.indexOf(" start="));
        assertEquals("a checkpoint of another version of cgflow-md, which did not record start",
            MdEngine.differences(older, now));
    }

    @Test
    void writesATrajectoryAndThermo() throws IOException {
        Path start = gro("start.gro", "A");
        Path pot = Files.writeString(dir.resolve("pot.yaml"), POTENTIAL);
        engine().run(request(start, pot, "run", Integrator.BUSSI, 50, null));
        List<String> rows = Files.readAllLines(dir.resolve("run.tsv"));
        assertEquals(MdEngine.header(Integrator.BUSSI).strip(), rows.get(0));
        assertEquals(7, rows.size());
        try (H5mdReader r = new H5mdReader(dir.resolve("run.h5"))) {
            assertEquals(6, r.frameCount());
            assertEquals(List.of("A"), r.cgTopology().types());
            assertEquals(108, r.atomCount());
        }
        // the trajectory starts a new run
        StartFile again = StartFile.read(dir.resolve("run.h5"), -1);
        assertEquals(108, again.topology().size());
    }

    /**
     * Start files of several frames give the last by default or the one asked for: a GRO file of two frames, the
     * shard list of a sharded trajectory, an H5MD named .hdf5; a frame beyond the end is refused with the count.
     */
    @Test
    void startFilesOfSeveralFramesGiveTheLastOrTheOneAskedFor() throws IOException {
        String one = Files.readString(gro("one.gro", "A"));
        String shifted = one.lines().map(l -> l.length() == 44 ? l.substring(0, 20)
            + String.format(Locale.ROOT, "%8.3f", Double.parseDouble(l.substring(20, 28)) + 0.1) + l.substring(28) : l)
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Path two = Files.writeString(dir.resolve("two.gro"), one + shifted);
        double first = StartFile.read(two, 0).positions()[0];
        assertEquals(first + 0.1, StartFile.read(two, -1).positions()[0], 1e-6);
        assertEquals(first + 0.1, StartFile.read(two, 1).positions()[0], 1e-6);
        InputException e = assertThrows(InputException.class, () -> StartFile.read(two, 2));
        assertTrue(e.getMessage().contains("has 2 frame(s); frame 2 asked for"), e.getMessage());

        Path pot = Files.writeString(dir.resolve("pot.yaml"), POTENTIAL);
        engine().run(request(dir.resolve("one.gro"), pot, "run", Integrator.LANGEVIN, 50, null));
        Files.copy(dir.resolve("run.h5"), dir.resolve("s-00000.h5"));
        Files.copy(dir.resolve("run.h5"), dir.resolve("s-00001.h5"));
        Path list = Files.writeString(dir.resolve("s.shards.txt"), "# file\tframes\tfirst_frame\n"
            + "s-00000.h5\t6\t0\ns-00001.h5\t6\t6\n");
        assertArrayEquals(StartFile.read(dir.resolve("run.h5"), 5).positions(), StartFile.read(list, -1).positions());
        assertArrayEquals(StartFile.read(dir.resolve("run.h5"), 1).positions(), StartFile.read(list, 7).positions());
        e = assertThrows(InputException.class, () -> StartFile.read(list, 12));
        assertTrue(e.getMessage().contains("lists 12 frame(s); frame 12 asked for"), e.getMessage());
        Path hdf5 = Files.copy(dir.resolve("run.h5"), dir.resolve("run.hdf5"));
        assertArrayEquals(StartFile.read(dir.resolve("run.h5"), -1).positions(), StartFile.read(hdf5, -1).positions());
    }

    @Test
    void restartGivesTheSameBytes() throws IOException {
        Path start = gro("start.gro", "A");
        Path pot = Files.writeString(dir.resolve("pot.yaml"), POTENTIAL);
        for (Integrator integrator : List.of(Integrator.LANGEVIN, Integrator.MC)) {
            String tag = integrator.label();
            engine().run(request(start, pot, "whole-" + tag, integrator, 60, null));
            Path cpt = dir.resolve(tag + ".cpt");
            engine().run(request(start, pot, "part-" + tag, integrator, 40, cpt));
            engine().run(request(start, pot, "rest-" + tag, integrator, 60, cpt));
            assertEquals(Files.readString(dir.resolve("whole-" + tag + ".tsv")),
                Files.readString(dir.resolve("rest-" + tag + ".tsv")), tag);
            try (H5mdReader a = new H5mdReader(dir.resolve("whole-" + tag + ".h5"));
                 H5mdReader b = new H5mdReader(dir.resolve("rest-" + tag + ".h5"))) {
                assertEquals(a.frameCount(), b.frameCount());
                for (int k = 0; k < a.frameCount(); k++) {
                    assertArrayEquals(a.next().positions(), b.next().positions());
                }
            }
        }
    }

    @Test
    void beadTypesOfDigitsAreNames() throws IOException {
        Path numeric = gro("numeric.gro", "1");
        Path pot = Files.writeString(dir.resolve("numeric.yaml"), POTENTIAL.replace("A:", "\"1\":")
            .replace("[A, A]", "[\"1\", \"1\"]"));
        engine().run(request(numeric, pot, "numeric", Integrator.NVE, 10, null));
        try (H5mdReader r = new H5mdReader(dir.resolve("numeric.h5"))) {
            assertEquals(List.of("1"), r.cgTopology().types());
        }
    }

    @Test
    void badInputsStopWithOneMessageAndNoOutput() throws IOException {
        Path start = gro("start.gro", "A");
        Path other = gro("other.gro", "B");
        Path pot = Files.writeString(dir.resolve("pot.yaml"), POTENTIAL);
        InputException unknown = assertThrows(InputException.class,
            () -> engine().run(request(other, pot, "bad1", Integrator.NVE, 10, null)));
        assertTrue(unknown.getMessage().contains("bead type B"), unknown.getMessage());
        Path longCut = Files.writeString(dir.resolve("long.yaml"), POTENTIAL.replace("cutoff: 0.75", "cutoff: 1.2"));
        InputException cut = assertThrows(InputException.class,
            () -> engine().run(request(start, longCut, "bad2", Integrator.NVE, 10, null)));
        assertTrue(cut.getMessage().contains("longer than half"), cut.getMessage());
        Path badPair = Files.writeString(dir.resolve("pair.yaml"), POTENTIAL.replace("[A, A]", "[A, C]"));
        InputException pair = assertThrows(InputException.class,
            () -> engine().run(request(start, badPair, "bad3", Integrator.NVE, 10, null)));
        assertTrue(pair.getMessage().contains("pairs[0].types: unknown bead type C"), pair.getMessage());
        // a bead type of digits (LAMMPS types analysed without a mapping) is a name: the potential must have it
        Path numeric = gro("numeric.gro", "1");
        InputException types = assertThrows(InputException.class,
            () -> engine().run(request(numeric, pot, "bad4", Integrator.NVE, 10, null)));
        assertTrue(types.getMessage().contains("has no entry for bead type 1 of numeric.gro"), types.getMessage());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("bad")
                || f.getFileName().toString().startsWith(".bad")));
        }
    }
}
