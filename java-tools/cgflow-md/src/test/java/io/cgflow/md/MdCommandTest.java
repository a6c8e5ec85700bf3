package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.io.TestData;
import io.cgflow.io.h5md.H5mdReader;
import io.cgflow.io.h5md.H5mdShardWriter;
import io.cgflow.io.h5md.H5mdWriter;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import io.cgflow.reference.ReferenceCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgflow-md} as a tool, in process: a CG H5MD start made by {@code cgflow-reference --cg-output} from the
 * bundled propane, a GRO start whose atom names are bead types (the bundled argon), the output analysed again
 * by {@code cgflow-reference} without a mapping; bad command lines exit 1, bad inputs 2, each with one message
 * and nothing written.
 */
class MdCommandTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    static Path propaneCg;

    /** TraPPE-UA-like propane on the mapped beads (centres of mass of CH3 and CH2). */
    static final String PROPANE = """
        types:
          CH3: {mass: 15.035}
          CH2: {mass: 14.027}
        cutoff: 1.0
        pairs:
          - {types: [CH3, CH3], style: lennard-jones, sigma: 0.375, epsilon: 0.8148, tail: true}
          - {types: [CH2, CH2], style: lennard-jones, sigma: 0.395, epsilon: 0.3825, tail: true}
          - {types: [CH3, CH2], style: lennard-jones, sigma: 0.385, epsilon: 0.5583, tail: true}
        bonds:
          - {type: CH3-CH2, style: harmonic, k: 200000, b0: 0.154}
        angles:
          - {type: CH3-CH2-CH3, style: harmonic, k: 519.6, theta0: 114}
        """;

    static final String ARGON = """
        types:
          AR: {mass: 39.948}
        pairs:
          - {types: [AR, AR], style: lennard-jones, sigma: 0.3405, epsilon: 0.99774, cutoff: 1.0, tail: true}
        """;

    @BeforeAll
    static void propaneStart() {
        Path aa = h5md(TestData.file("propane/traj.xtc"), TestData.file("propane/conf.gro"), shared.resolve("aa.h5"));
        propaneCg = shared.resolve("propane-cg.h5");
        ToolLauncher.Outcome o = ToolLauncher.capture(new ReferenceCommand(), "-i", aa.toString(), "-m",
            TestData.file("mappings/propane.yaml").toString(), "-o", shared.resolve("aa-dist.h5").toString(),
            "--cg-output", propaneCg.toString());
        assertEquals(0, o.exitCode(), o.err());
    }

    static Path h5md(Path trajectory, Path structure, Path out) {
        Structure s = Trajectories.readStructure(structure, Trajectories.ReadOptions.DEFAULT);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (OutputTransaction tx = new OutputTransaction();
             TrajectoryReader r = Trajectories.open(trajectory, TrajectoryFormat.of(trajectory),
                 Trajectories.ReadOptions.DEFAULT)) {
            H5mdShardWriter w = new H5mdShardWriter(out, OptionalInt.empty(), tx, writer, s::topology, null,
                () -> new Provenance("test", "0", "test", List.of()), new H5mdWriter.Options(0, "test", "0", 1));
            for (Frame f = r.next(); f != null; f = r.next()) {
                w.add(f);
            }
            List<Path> files = w.finish();
            tx.commit();
            return files.get(0);
        } finally {
            writer.shutdownNow();
        }
    }

    static ToolLauncher.Outcome md(String... args) {
        return ToolLauncher.capture(new MdCommand(), args);
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
        }
    }

    /** Entries for bonded types the start does not have (a typo, a renamed mapping) are named in a warning. */
    @Test
    void bondedEntriesOfAbsentTypesAreReported() throws IOException {
        String extra = PROPANE.replace("angles:\n", "  - {type: CH3-CH3, style: harmonic, k: 1000, b0: 0.2}\nangles:\n")
            + "  - {type: CH3-CH3-CH3, style: harmonic, k: 100, theta0: 100}\n";
        assertTrue(extra.contains("type: CH3-CH3,") && extra.contains("type: CH3-CH3-CH3,"), extra);
        Path pot = Files.writeString(dir.resolve("extra.yaml"), extra);
        ToolLauncher.Outcome o = md("-c", propaneCg.toString(), "--potential", pot.toString(), "-o",
            dir.resolve("md.h5").toString(), "--log", dir.resolve("thermo.tsv").toString(), "--temperature", "200",
            "--steps", "2", "--dt", "0.002", "--threads", "1", "--seed", "5", "--friction", "10");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("extra.yaml: entries for bonded types that propane-cg.h5 does not have, unused: "
            + "bonds: CH3-CH3, angles: CH3-CH3-CH3"), o.err());
        Path plain = Files.writeString(dir.resolve("plain.yaml"), PROPANE);
        ToolLauncher.Outcome p = md("-c", propaneCg.toString(), "--potential", plain.toString(), "-o",
            dir.resolve("md2.h5").toString(), "--log", dir.resolve("thermo2.tsv").toString(), "--temperature", "200",
            "--steps", "2", "--dt", "0.002", "--threads", "1", "--seed", "5", "--friction", "10");
        assertEquals(0, p.exitCode(), p.err());
        assertFalse(p.err().contains("unused"), p.err());
    }

    @Test
    void propaneFromTheMappedTrajectoryRunsAndIsAnalysedAgain() throws IOException {
        Path pot = Files.writeString(dir.resolve("propane.yaml"), PROPANE);
        Path out = dir.resolve("md.h5");
        Path thermo = dir.resolve("thermo.tsv");
        ToolLauncher.Outcome o = md("-c", propaneCg.toString(), "--potential", pot.toString(), "-o", out.toString(),
            "--log", thermo.toString(), "--temperature", "200", "--steps", "200", "--dt", "0.002", "--output-every",
            "20", "--threads", "2", "--seed", "5", "--friction", "10");
        assertEquals(0, o.exitCode(), o.err());
        List<String> rows = Files.readAllLines(thermo);
        assertEquals(List.of("step", "time_ps", "potential_kJ_mol", "kinetic_kJ_mol", "conserved_kJ_mol",
            "temperature_K", "pressure_bar", "volume_nm3"), Arrays.asList(rows.get(0).split("\t")));
        assertEquals(12, rows.size());
        String[] last = rows.get(11).split("\t");
        assertEquals("200", last[0]);
        assertEquals(0.4, Double.parseDouble(last[1]), 1e-12);
        double temperature = Double.parseDouble(last[5]);
        assertTrue(temperature > 160 && temperature < 240, "temperature " + temperature);
        assertTrue(Double.parseDouble(last[2]) < 0, "a liquid's potential energy is negative: " + last[2]);
        assertEquals(2.61841 * 2.61841 * 2.61841, Double.parseDouble(last[7]), 1e-3);
        try (H5mdReader r = new H5mdReader(out)) {
            assertEquals(11, r.frameCount());
            assertEquals(450, r.cgTopology().size());
            assertEquals(300, r.cgTopology().bonds().size());
        }
        // the trajectory, analysed without a mapping: the topology comes from /connectivity
        Path dist = dir.resolve("dist.h5");
        ToolLauncher.Outcome ref = ToolLauncher.capture(new ReferenceCommand(), "-i", out.toString(), "-o",
            dist.toString(), "--rdf-max", "1.2");
        assertEquals(0, ref.exitCode(), ref.err());
        ReferenceDistributions d = DistributionsFile.read(dist);
        Distribution rdf = d.find(Distribution.Kind.RDF, "CH3-CH3").orElseThrow();
        double peak = Arrays.stream(rdf.value()).max().orElseThrow();
        assertTrue(peak > 1.2 && peak < 4, "first peak of g(r) CH3-CH3: " + peak);
        assertTrue(d.find(Distribution.Kind.BOND, "CH3-CH2").isPresent());
    }

    @Test
    void argonFromAGroFileByMonteCarlo() throws IOException {
        Path pot = Files.writeString(dir.resolve("argon.yaml"), ARGON);
        Path thermo = dir.resolve("mc.tsv");
        ToolLauncher.Outcome o = md("-c", TestData.file("lj-argon/conf.gro").toString(), "--potential", pot.toString(),
            "-o", dir.resolve("mc.h5").toString(), "--log", thermo.toString(), "--temperature", "94.4", "--steps", "20",
            "--dt", "0.01", "--output-every", "10", "--integrator", "mc");
        assertEquals(0, o.exitCode(), o.err());
        List<String> rows = Files.readAllLines(thermo);
        assertEquals(MdEngine.header(Integrator.MC).strip(), rows.get(0));
        assertTrue(rows.get(0).endsWith("\tacceptance\tmove_nm"));
        assertEquals(4, rows.size());
        double acceptance = Double.parseDouble(rows.get(3).split("\t")[8]);
        assertTrue(acceptance > 0.05 && acceptance < 0.95, "acceptance " + acceptance);
        // reduced energy per atom of liquid argon at 94.4 K is about −5.5 ε (tail included)
        double u = Double.parseDouble(rows.get(3).split("\t")[2]) / 500 / 0.99774;
        assertTrue(u < -5 && u > -6.2, "U*/N " + u);
    }

    /**
     * Monte Carlo trial moves that stretch a bond beyond its table (the demo model's bond table ends 0.036 nm above
     * the bond length; moves are up to a tenth of the spacing of beads) are rejected like moves into a wall, and the
     * run goes on; molecular dynamics with the same table stops with a message naming the step.
     */
    @Test
    void monteCarloRejectsTrialMovesOutsideATable() throws IOException {
        Path thermo = dir.resolve("mc.tsv");
        ToolLauncher.Outcome o = md("-c", propaneCg.toString(), "--model",
            TestData.file("models/propane-demo.h5").toString(), "-o", dir.resolve("mc.h5").toString(), "--log",
            thermo.toString(), "--temperature", "200", "--steps", "30", "--dt", "0.001", "--output-every", "10",
            "--integrator", "mc", "--threads", "1");
        assertEquals(0, o.exitCode(), o.err());
        List<String> rows = Files.readAllLines(thermo);
        assertEquals(5, rows.size()); // header, sweeps 0, 10, 20, 30
        for (String row : rows.subList(1, rows.size())) {
            assertTrue(Double.isFinite(Double.parseDouble(row.split("\t")[2])), row);
        }
    }

    /**
     * A run that fails leaves no folder it created for its outputs (the log's included), and a checkpoint's
     * temporary left by a killed process is swept by the next run that writes that checkpoint.
     */
    @Test
    void failedRunsLeaveNoFoldersAndStaleCheckpointTemporariesAreSwept() throws IOException {
        Path pot = Files.writeString(dir.resolve("argon.yaml"), ARGON);
        Path overlap = Files.writeString(dir.resolve("overlap.gro"), "two argon atoms on one spot\n2\n"
            + "    1AR      AR    1   1.000   1.000   1.000\n    2AR      AR    2   1.000   1.000   1.000\n"
            + "   3.00000   3.00000   3.00000\n");
        assertRefused(2, List.of("blew up"), "-c", overlap.toString(), "--potential", pot.toString(), "-o",
            dir.resolve("new1/o.h5").toString(), "--log", dir.resolve("new2/deeper/o.tsv").toString(), "--temperature",
            "100", "--steps", "10", "--dt", "0.002");
        // with a checkpoint: neither it nor its journal is left behind by a run that failed before its first one
        assertRefused(2, List.of("blew up"), "-c", overlap.toString(), "--potential", pot.toString(), "-o",
            dir.resolve("o.h5").toString(), "--log", dir.resolve("o.tsv").toString(), "--temperature", "100",
            "--steps", "10", "--dt", "0.002", "--checkpoint", dir.resolve("failed.ckpt").toString());
        Path stale = Files.writeString(dir.resolve(".c.ckpt.tmp-2147483646-deadbeef"), "left by a kill -9");
        ToolLauncher.Outcome o = md("-c", TestData.file("lj-argon/conf.gro").toString(), "--potential", pot.toString(),
            "-o", dir.resolve("run.h5").toString(), "--log", dir.resolve("run.tsv").toString(), "--temperature", "94.4",
            "--steps", "4", "--dt", "0.005", "--output-every", "2", "--checkpoint", dir.resolve("c.ckpt").toString(),
            "--threads", "1");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(Files.exists(dir.resolve("c.ckpt")));
        assertFalse(Files.exists(stale), "stale temporary swept");
    }

    private void assertRefused(int code, List<String> expected, String... args) throws IOException {
        List<String> before = listing(dir);
        ToolLauncher.Outcome o = md(args);
        assertEquals(code, o.exitCode(), "exit code; stderr: " + o.err());
        List<String> messages = o.err().strip().lines().filter(l -> l.startsWith("cgflow-md: ")).toList();
        assertEquals(1, messages.size(), "one message: " + o.err());
        for (String e : expected) {
            assertTrue(messages.get(0).contains(e), "message should contain '" + e + "': " + messages.get(0));
        }
        assertEquals(before, listing(dir), "outputs left behind");
    }

    private List<String> args(Path start, Path pot, String... more) {
        List<String> a = new ArrayList<>(List.of("-c", start.toString(), "--potential", pot.toString(), "-o",
            dir.resolve("out.h5").toString(), "--log", dir.resolve("out.tsv").toString(), "--temperature", "94.4",
            "--steps", "10", "--dt", "0.005"));
        a.addAll(List.of(more));
        return a;
    }

    /** {@code args} with each option of {@code pairs} (option, value, option, value …) set. */
    private String[] withAll(List<String> args, String... pairs) {
        List<String> a = new ArrayList<>(args);
        for (int p = 0; p < pairs.length; p += 2) {
            a = new ArrayList<>(List.of(with(a, pairs[p], pairs[p + 1])));
        }
        return a.toArray(new String[0]);
    }

    private String[] with(List<String> args, String option, String value) {
        List<String> a = new ArrayList<>(args);
        int k = a.indexOf(option);
        if (k >= 0) {
            a.set(k + 1, value);
        } else {
            a.add(option);
            a.add(value);
        }
        return a.toArray(new String[0]);
    }

    /**
     * A trained network model drives the run instead of a potential file: the propane start (masses from the CG
     * H5MD), a short Langevin run with a small random network; a start whose bead type the model lacks is refused.
     */
    @Test
    void aNetworkModelRunsFromACgStart() throws IOException {
        Path model = dir.resolve("model.h5");
        io.cgflow.nn.file.ModelFile.write(model, NetworkForcesTest.model(List.of("CH3", "CH2"), 0.9, 6, 3, 8));
        Path out = dir.resolve("nn.h5");
        Path thermo = dir.resolve("nn.tsv");
        ToolLauncher.Outcome o = md("-c", propaneCg.toString(), "--model", model.toString(), "-o", out.toString(),
            "--log", thermo.toString(), "--temperature", "200", "--steps", "20", "--dt", "0.001", "--output-every",
            "10", "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        List<String> rows = Files.readAllLines(thermo);
        assertEquals(4, rows.size(), "header and rows at steps 0, 10, 20: " + rows);
        for (String row : rows.subList(1, rows.size())) {
            for (String v : row.split("\t")) {
                assertTrue(Double.isFinite(Double.parseDouble(v)), row);
            }
        }
        List<String> before = listing(dir);
        ToolLauncher.Outcome gro = md("-c", TestData.file("lj-argon/conf.gro").toString(), "--model",
            model.toString(), "-o", dir.resolve("gro.h5").toString(), "--log", dir.resolve("gro.tsv").toString(),
            "--temperature", "94.4", "--steps", "10", "--dt", "0.002");
        assertEquals(2, gro.exitCode(), gro.err());
        assertTrue(gro.err().contains("model.h5: bead type AR"), gro.err());
        assertEquals(before, listing(dir));
        // a linear model runs as pair tables of its types: a bead type it lacks is refused the same way (it once
        // ran with those beads silently free of every interaction)
        ToolLauncher.Outcome linear = md("-c", TestData.file("lj-argon/conf.gro").toString(), "--model",
            TestData.file("models/propane-demo.h5").toString(), "-o", dir.resolve("gro.h5").toString(), "--log",
            dir.resolve("gro.tsv").toString(), "--temperature", "94.4", "--steps", "10", "--dt", "0.002");
        assertEquals(2, linear.exitCode(), linear.err());
        assertTrue(linear.err().contains("propane-demo.h5: bead type AR of the topology has no network"),
            linear.err());
        assertEquals(before, listing(dir));

        // without --dt: the model's training time step, or a usage error when it records none
        ToolLauncher.Outcome noDt = md("-c", propaneCg.toString(), "--model", model.toString(), "-o",
            dir.resolve("nodt.h5").toString(), "--temperature", "200", "--steps", "10");
        assertEquals(1, noDt.exitCode(), noDt.err());
        assertTrue(noDt.err().contains("records no training time step"), noDt.err());
        io.cgflow.nn.TrainedModel m = io.cgflow.nn.file.ModelFile.read(model);
        Path trained = dir.resolve("trained.h5");
        io.cgflow.nn.file.ModelFile.write(trained, new io.cgflow.nn.TrainedModel(m.beadTypes(), m.descriptor(),
            m.networks(), m.prior(), m.bonded(), m.provenance(), "hidden: [3]\ndt: 0.0015\nfriction: 1\n"));
        Path dtThermo = dir.resolve("dt.tsv");
        ToolLauncher.Outcome withDt = md("-c", propaneCg.toString(), "--model", trained.toString(), "-o",
            dir.resolve("dt.h5").toString(), "--log", dtThermo.toString(), "--temperature", "200", "--steps", "10",
            "--output-every", "10");
        assertEquals(0, withDt.exitCode(), withDt.err());
        assertTrue(Files.readAllLines(dtThermo).get(2).split("\t")[1].startsWith("0.015"),
            "time of step 10 at dt 0.0015: " + Files.readAllLines(dtThermo));
        // a run whose end falls between two frames says so
        ToolLauncher.Outcome offGrid = md("-c", propaneCg.toString(), "--model", trained.toString(), "-o",
            dir.resolve("off.h5").toString(), "--log", dir.resolve("off.tsv").toString(), "--temperature", "200",
            "--steps", "15", "--output-every", "10");
        assertEquals(0, offGrid.exitCode(), offGrid.err());
        assertTrue(offGrid.err().contains("warning: --steps 15 is not a multiple of --output-every 10: the last frame"
            + " and THERMO row are of step 10; the state at step 15 is not written"), offGrid.err());
        assertEquals(3, Files.readAllLines(dir.resolve("off.tsv")).size(), "header, steps 0 and 10");
        // a recorded time step that is not a positive number is bad input naming the model, not a missing option
        Path badDt = dir.resolve("baddt.h5");
        io.cgflow.nn.file.ModelFile.write(badDt, new io.cgflow.nn.TrainedModel(m.beadTypes(), m.descriptor(),
            m.networks(), m.prior(), m.bonded(), m.provenance(), "hidden: [3]\ndt: NaN\n"));
        ToolLauncher.Outcome nanDt = md("-c", propaneCg.toString(), "--model", badDt.toString(), "-o",
            dir.resolve("nandt.h5").toString(), "--temperature", "200", "--steps", "10");
        assertEquals(2, nanDt.exitCode(), nanDt.err());
        assertTrue(nanDt.err().contains("baddt.h5") && nanDt.err().contains("dt: NaN"), nanDt.err());
        assertFalse(Files.exists(dir.resolve("nandt.h5")));
    }

    /**
     * The whole model drives the run: network, pair-table prior and bonded tables on the propane start; a prior
     * longer than half the box, or bond tables that miss the start's bond type, are refused naming the model.
     */
    @Test
    void aModelWithPriorAndBondedTablesRunsFromACgStart() throws IOException {
        Path model = dir.resolve("full.h5");
        io.cgflow.nn.TrainedModel full = ModelForcesTest.propaneModel(1.1, 3);
        io.cgflow.nn.file.ModelFile.write(model, full);
        Path thermo = dir.resolve("full.tsv");
        ToolLauncher.Outcome o = md("-c", propaneCg.toString(), "--model", model.toString(), "-o",
            dir.resolve("full-md.h5").toString(), "--log", thermo.toString(), "--temperature", "200", "--steps", "20",
            "--dt", "0.001", "--output-every", "10", "--threads", "2", "--friction", "10");
        assertEquals(0, o.exitCode(), o.err());
        List<String> rows = Files.readAllLines(thermo);
        assertEquals(4, rows.size(), rows.toString());
        for (String row : rows.subList(1, rows.size())) {
            for (String v : row.split("\t")) {
                assertTrue(Double.isFinite(Double.parseDouble(v)), row);
            }
        }
        Path longPrior = dir.resolve("long-prior.h5");
        io.cgflow.nn.file.ModelFile.write(longPrior, ModelForcesTest.propaneModel(1.4, 3));
        List<String> before = listing(dir);
        ToolLauncher.Outcome tooLong = md("-c", propaneCg.toString(), "--model", longPrior.toString(), "-o",
            dir.resolve("long.h5").toString(), "--log", dir.resolve("long.tsv").toString(), "--temperature", "200",
            "--steps", "10", "--dt", "0.001");
        assertEquals(2, tooLong.exitCode(), tooLong.err());
        assertEquals(before, listing(dir));
        assertTrue(tooLong.err().contains("long-prior.h5") && tooLong.err().contains("the cut-off 1.400 nm is longer"
            + " than half"), tooLong.err());
        Path otherBonds = dir.resolve("other-bonds.h5");
        io.cgflow.nn.file.ModelFile.write(otherBonds, new io.cgflow.nn.TrainedModel(full.beadTypes(), full.descriptor(),
            full.networks(), full.prior(), List.of(new io.cgflow.nn.BondedTable(
                io.cgflow.potentials.BondedKind.BOND, "B9", full.bonded().get(0).table())), full.provenance()));
        before = listing(dir);
        ToolLauncher.Outcome missing = md("-c", propaneCg.toString(), "--model", otherBonds.toString(), "-o",
            dir.resolve("other.h5").toString(), "--log", dir.resolve("other.tsv").toString(), "--temperature", "200",
            "--steps", "10", "--dt", "0.001");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("other-bonds.h5") && missing.err().contains("bond type CH3-CH2"),
            missing.err());
        assertEquals(before, listing(dir));
    }

    @Test
    void badCommandLinesAndInputsStopWithOneMessageAndNoOutput() throws IOException {
        Path argon = TestData.file("lj-argon/conf.gro");
        Path pot = Files.writeString(dir.resolve("argon.yaml"), ARGON);
        List<String> good = args(argon, pot);
        // command line: exit 1
        assertRefused(1, List.of("--dt"), with(good, "--dt", "0"));
        assertRefused(1, List.of("--dt"), with(good, "--dt", "-0.002"));
        assertRefused(1, List.of("--steps must not be negative"), with(good, "--steps", "-1"));
        // β = 1/k_BT is infinite at 10⁻³²⁰ K (Metropolis and Boltzmann weights turn to NaN)
        assertRefused(1, List.of("--temperature must be between 0.001 and 1000000.0, got 1e-320"),
            with(good, "--temperature", "1e-320"));
        assertRefused(1, List.of("--equilibration must be at least 0"), with(good, "--equilibration", "-1"));
        assertRefused(1, List.of("--frame must be between -1 and 2147483647, got 99999999999"),
            with(good, "--frame", "99999999999"));
        assertRefused(1, List.of("--output-every expects an integer, got '1e3'"), with(good, "--output-every", "1e3"));
        // an option of another integrator would be ignored silently
        assertRefused(1, List.of("--tau applies to --integrator bussi only, not langevin"), with(good, "--tau", "0.5"));
        assertRefused(1, List.of("--friction applies to --integrator langevin only, not bussi"),
            withAll(good, "--integrator", "bussi", "--friction", "5"));
        assertRefused(1, List.of("--acceptance applies to --integrator mc only, not nve"),
            withAll(good, "--integrator", "nve", "--acceptance", "0.3"));
        List<String> twice = new ArrayList<>(good);
        twice.addAll(List.of("--dt", "0.002"));
        assertRefused(1, List.of("--dt is given 2 times"), twice.toArray(new String[0]));
        assertRefused(1, List.of("--checkpoint-every must be at least 1"), withAll(good, "--checkpoint",
            dir.resolve("run.ckpt").toString(), "--checkpoint-every", "0"));
        assertRefused(1, List.of("exactly one of --potential POT.yaml and --model MODEL"),
            with(good, "--model", "model.h5"));
        assertRefused(1, List.of("--log", "argon.yaml"), with(good, "--log", pot.toString()));
        // input: exit 2
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), ARGON.replace("[AR, AR]", "[AR, XE]"));
        assertRefused(2, List.of("unknown.yaml", "pairs[0].types", "unknown bead type XE"), with(good, "--potential",
            unknown.toString()));
        Path longCut = Files.writeString(dir.resolve("long.yaml"), ARGON.replace("cutoff: 1.0", "cutoff: 1.5"));
        assertRefused(2, List.of("long.yaml", "longer than half", "conf.gro"), with(good, "--potential",
            longCut.toString()));
        Path negative = Files.writeString(dir.resolve("negative.yaml"), ARGON.replace("epsilon: 0.99774",
            "epsilon: -1"));
        assertRefused(2, List.of("negative.yaml", "pairs[0] (AR-AR).epsilon", "must not be negative"),
            with(good, "--potential", negative.toString()));
        Path table = Files.writeString(dir.resolve("table.yaml"), ARGON.replace("style: lennard-jones, sigma: 0.3405,"
            + " epsilon: 0.99774, cutoff: 1.0, tail: true", "style: table, file: tables/ar.xvg, cutoff: 1.0"));
        assertRefused(2, List.of("table.yaml", "pairs[0] (AR-AR).file", "tables/ar.xvg not found"),
            with(good, "--potential", table.toString()));
        StringBuilder gro = new StringBuilder();
        List<String> lines = Files.readAllLines(argon);
        for (int k = 0; k < lines.size(); k++) {
            String l = lines.get(k);
            gro.append(k >= 2 && k < lines.size() - 1 ? l.substring(0, 10) + "    1" + l.substring(15) : l).append('\n');
        }
        Path numeric = Files.writeString(dir.resolve("numeric.gro"), gro.toString());
        assertRefused(2, List.of("has no entry for bead type 1 of numeric.gro"), with(good, "-c", numeric.toString()));
        // one bead under NVE: no degree of freedom once the centre of mass is at rest
        Path one = Files.write(dir.resolve("one.gro"), List.of("one", "1", lines.get(2), lines.get(lines.size() - 1)));
        assertRefused(2, List.of("one.gro: has 1 bead", "no degree of freedom"), withAll(good, "-c", one.toString(),
            "--integrator", "nve"));
        // a bead type the trajectory could not carry to cgflow-reference (a path separator)
        List<String> slashed = new ArrayList<>(lines);
        slashed.set(4, slashed.get(4).substring(0, 10) + " AR/B" + slashed.get(4).substring(15));
        Path slash = Files.write(dir.resolve("slash.gro"), slashed);
        assertRefused(2, List.of("slash.gro: line 5: bead type (atom name) 'AR/B' contains a path separator"),
            with(good, "-c", slash.toString()));
        Path propanePot = Files.writeString(dir.resolve("propane-lj.yaml"), PROPANE.replace(
            "  - {types: [CH3, CH2], style: lennard-jones, sigma: 0.385, epsilon: 0.5583, tail: true}\n", ""));
        assertRefused(2, List.of("propane-lj.yaml", "no entry for the type pair CH2-CH3"),
            with(args(propaneCg, propanePot), "--temperature", "200"));
        Path noBonds = Files.writeString(dir.resolve("nobonds.yaml"), PROPANE.replace("CH3-CH2, style", "B9, style"));
        assertRefused(2, List.of("nobonds.yaml", "no entry for the bond type CH3-CH2"),
            with(args(propaneCg, noBonds), "--temperature", "200"));
        // a flat bond table over 0.13-0.20 nm holds nothing: a bond leaves it, the message names the step and beads
        List<String> run = args(propaneCg, flatBondTable("flat", 0.13, 0.20));
        run.set(run.indexOf("--steps") + 1, "2000");
        assertRefused(2, List.of("at step ", "CH3-CH2 (flat.xvg)", "table's", "(beads "),
            with(run, "--temperature", "200"));
        // a bond table that ends below the start's bond lengths (≈ 0.166 nm): refused before the first step
        assertRefused(2, List.of("the start configuration lies outside a table", "CH3-CH2 (short.xvg)",
            "beyond the table's end"), with(args(propaneCg, flatBondTable("short", 0.10, 0.15)), "--temperature",
            "200"));
    }

    /**
     * Inputs that once ran with nonsense or failed only after the run: a GRO start whose box is zero or has a
     * negative edge (a negative volume gave a run with the signs of energy and pressure flipped), a bead type given
     * twice in the potential file (the last mass won silently), and an output that is an existing folder (exit 3
     * after the whole run, with the old log already replaced). Each is refused before any step, the old log kept.
     */
    @Test
    void startBoxesDuplicateKeysAndFolderOutputsAreRefusedBeforeTheRun() throws IOException {
        Path argon = TestData.file("lj-argon/conf.gro");
        Path pot = Files.writeString(dir.resolve("argon.yaml"), ARGON);
        List<String> good = args(argon, pot);
        List<String> lines = Files.readAllLines(argon);
        for (String box : List.of("   0.00000   0.00000   0.00000", "  -3.42000   3.42000   3.42000",
            "  -3.42000  -3.42000   3.42000")) {
            List<String> changed = new ArrayList<>(lines);
            changed.set(changed.size() - 1, box);
            Path gro = Files.write(dir.resolve("box.gro"), changed);
            assertRefused(2, List.of("box.gro", "is not a periodic cell"), with(good, "-c", gro.toString()));
            Files.delete(gro);
        }
        Path twice = Files.writeString(dir.resolve("twice.yaml"), ARGON.replace("  AR: {mass: 39.948}\n",
            "  AR: {mass: 39.948}\n  AR: {mass: 1.0}\n"));
        assertRefused(2, List.of("twice.yaml", "line 3", "duplicate key AR"), with(good, "--potential",
            twice.toString()));
        Files.delete(twice);
        Files.createDirectory(dir.resolve("folder.h5"));
        Path log = Files.writeString(dir.resolve("out.tsv"), "the previous log\n");
        assertRefused(2, List.of("folder.h5", "it is a folder"), with(good, "-o", dir.resolve("folder.h5").toString()));
        assertEquals("the previous log\n", Files.readString(log));
    }

    /** An MD run continues from its checkpoint to more steps (the Monte Carlo settings are not part of its identity). */
    @Test
    void aLangevinRunContinuesFromItsCheckpointToMoreSteps() throws IOException {
        Path pot = Files.writeString(dir.resolve("argon.yaml"), ARGON);
        Path checkpoint = dir.resolve("run.ckpt");
        List<String> run = args(TestData.file("lj-argon/conf.gro"), pot, "--checkpoint", checkpoint.toString(),
            "--output-every", "5", "--threads", "1");
        ToolLauncher.Outcome first = md(with(run, "--steps", "10"));
        assertEquals(0, first.exitCode(), first.err());
        ToolLauncher.Outcome longer = md(with(run, "--steps", "20"));
        assertEquals(0, longer.exitCode(), longer.err());
        List<String> rows = Files.readAllLines(dir.resolve("out.tsv"));
        assertEquals("20", rows.get(rows.size() - 1).split("\t")[0]);
        // the same checkpoint with another potential, seed or start is another run's: refused, naming what differs
        Path other = Files.writeString(dir.resolve("other.yaml"), ARGON.replace("epsilon: 0.99774", "epsilon: 1.5"));
        assertRefused(2, List.of("run.ckpt: belongs to another run: force-field ", "the potential file, its tables or"
            + " the model changed"), withAll(run, "--steps", "30", "--potential", other.toString()));
        assertRefused(2, List.of("run.ckpt: belongs to another run: seed 1 there, 2 here"), withAll(run, "--steps", "30",
            "--seed", "2"));
        List<String> moved = new ArrayList<>(Files.readAllLines(TestData.file("lj-argon/conf.gro")));
        String atom = moved.get(2);
        moved.set(2, atom.substring(0, 20) + String.format(Locale.ROOT, "%8.3f", Double.parseDouble(atom.substring(20,
            28)) + 0.01) + atom.substring(28));
        Path otherStart = Files.write(dir.resolve("moved.gro"), moved);
        assertRefused(2, List.of("run.ckpt: belongs to another run: start ", "another start file or --frame"),
            withAll(run, "--steps", "30", "-c", otherStart.toString()));
        assertFalse(Files.readString(dir.resolve("out.tsv")).contains("\n30\t"));
        // the THERMO rows and frames are in a journal beside the checkpoint, not in it (which would grow with the run
        // and be held in memory): steps 0, 5, 10, 15 and 20 of 500 atoms, a row and 1 + 8 + 8 + 72 + 4 bytes and
        // 1 500 floats each
        Path journal = dir.resolve("run.ckpt.journal");
        int frame = 93 + 4 * 1500;
        long rowBytes = Files.size(journal) - 5 * frame;
        assertTrue(rowBytes > 5 * 3 && rowBytes < 5 * 300, "five rows: " + rowBytes);
        long checkpointAt20 = Files.size(checkpoint);
        byte[] frames = Files.readAllBytes(journal);
        byte[] flipped = frames.clone();
        flipped[frames.length / 3] ^= 0x10;
        Files.write(journal, flipped);
        assertRefused(2, List.of("run.ckpt.journal: the checkpoint's output is damaged (its checksum does not match"),
            withAll(run, "--steps", "30"));
        Files.write(journal, java.util.Arrays.copyOf(frames, frames.length - 7));
        assertRefused(2, List.of("run.ckpt.journal: the checkpoint's output is damaged (holds"),
            withAll(run, "--steps", "30"));
        Files.delete(journal);
        assertRefused(2, List.of("run.ckpt.journal: the output of the checkpoint is missing"),
            withAll(run, "--steps", "30"));
        // what was appended after the last checkpoint (a run killed between two) is cut; the run goes on from it
        Files.write(journal, java.util.Arrays.copyOf(frames, frames.length + 100));
        ToolLauncher.Outcome again = md(with(run, "--steps", "25"));
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.size(journal) > frames.length + frame, "one row and frame more");
        assertEquals(checkpointAt20, Files.size(checkpoint), "the checkpoint does not grow with the run");
        List<String> rows25 = Files.readAllLines(dir.resolve("out.tsv"));
        assertEquals(rows.subList(0, rows.size()), rows25.subList(0, rows.size()), "the rows to step 20 as before");
        assertEquals("25", rows25.get(rows25.size() - 1).split("\t")[0]);
        // one flipped byte (a damaged copy) is found by the checksum, not continued from
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= (byte) 0xff;
        Files.write(checkpoint, bytes);
        assertRefused(2, List.of("run.ckpt: the checkpoint's checksum does not match"), withAll(run, "--steps", "30"));
        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, 30));
        assertRefused(2, List.of("run.ckpt: the checkpoint's checksum does not match"), withAll(run, "--steps", "30"));
    }

    /** The tables a potential file reads are inputs: no output may replace them. */
    @Test
    void anOutputOnATableOfThePotentialIsRefused() throws IOException {
        StringBuilder table = new StringBuilder();
        for (int k = 0; k <= 150; k++) {
            double r = 0.25 + 0.005 * k;
            double sr6 = Math.pow(0.3405 / r, 6);
            table.append(String.format(java.util.Locale.ROOT, "%.4f %.8e %.8e%n", r, 4 * 0.99774 * (sr6 * sr6 - sr6),
                4 * 0.99774 * (12 * sr6 * sr6 - 6 * sr6) / r));
        }
        Path xvg = Files.writeString(dir.resolve("ar.xvg"), table);
        Path pot = Files.writeString(dir.resolve("table.yaml"), ARGON.replace("style: lennard-jones, sigma: 0.3405,"
            + " epsilon: 0.99774, cutoff: 1.0, tail: true", "style: table, file: ar.xvg, cutoff: 1.0"));
        List<String> good = args(TestData.file("lj-argon/conf.gro"), pot);
        String before = Files.readString(xvg);
        assertRefused(1, List.of("--log", "would overwrite the input table of --potential", "ar.xvg"),
            with(good, "--log", xvg.toString()));
        assertRefused(1, List.of("--metrics", "would overwrite the input table of --potential"),
            with(good, "--metrics", xvg.toString()));
        assertEquals(before, Files.readString(xvg));
    }

    /**
     * Inputs that a run used to take silently or crash on: the shards a shard-list start names are inputs; a GRO start
     * whose later frame holds other beads (count or names) than its first; a repeated or missing row of a table;
     * --checkpoint-every without --checkpoint; an empty output name; YAML 1.1's octal, grouped and sexagesimal numbers.
     */
    @Test
    void shardListsMultiFrameStartsTableRowsAndYamlNumbersAreChecked() throws IOException {
        Path pot = Files.writeString(dir.resolve("argon.yaml"), ARGON);
        Path argon = TestData.file("lj-argon/conf.gro");
        List<String> good = args(argon, pot);
        // a shard-list start: its shards are inputs too
        Path shard = Files.copy(propaneCg, dir.resolve("cg-00000.h5"));
        Path list = Files.writeString(dir.resolve("cg.shards.txt"), "# file\tframes\tfirst_frame\ncg-00000.h5\t"
            + "1\t0\n");
        Path propanePot = Files.writeString(dir.resolve("propane.yaml"), PROPANE);
        byte[] before = Files.readAllBytes(shard);
        assertRefused(1, List.of("--log", "would overwrite the input -c/--start (a shard it lists)", "cg-00000.h5"),
            "-c", list.toString(), "--potential", propanePot.toString(), "-o", dir.resolve("o.h5").toString(), "--log",
            shard.toString(), "--temperature", "200", "--steps", "2", "--dt", "0.002");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(shard)), "the shard was changed");
        // a GRO start whose last frame has other beads than the first
        List<String> lines = Files.readAllLines(argon);
        String frame = String.join("\n", lines) + "\n";
        List<String> other = new ArrayList<>(lines);
        other.set(2, lines.get(2).substring(0, 10) + "   XE" + lines.get(2).substring(15));
        Path renamed = Files.writeString(dir.resolve("renamed.gro"), frame + String.join("\n", other) + "\n");
        assertRefused(2, List.of("renamed.gro", "frame 1, atom 1", "named XE where the first frame has AR"),
            with(good, "-c", renamed.toString()));
        List<String> fewer = new ArrayList<>(lines);
        fewer.set(1, Integer.toString(Integer.parseInt(lines.get(1).strip()) - 1));
        fewer.remove(2);
        Path short2 = Files.writeString(dir.resolve("fewer.gro"), frame + String.join("\n", fewer) + "\n");
        assertRefused(2, List.of("fewer.gro", "frame 1 declares", "but the structure has"),
            with(good, "-c", short2.toString()));
        // tables: a repeated row and a missing row are named where they are
        StringBuilder table = new StringBuilder();
        for (int k = 0; k <= 150; k++) {
            double r = 0.25 + 0.005 * k;
            double sr6 = Math.pow(0.3405 / r, 6);
            String row = String.format(java.util.Locale.ROOT, "%.4f %.8e %.8e%n", r, 4 * 0.99774 * (sr6 * sr6 - sr6),
                4 * 0.99774 * (12 * sr6 * sr6 - 6 * sr6) / r);
            table.append(row);
            if (k == 60) {
                table.append(row);
            }
        }
        Files.writeString(dir.resolve("dup.xvg"), table);
        Path dup = Files.writeString(dir.resolve("dup.yaml"), ARGON.replace("style: lennard-jones, sigma: 0.3405,"
            + " epsilon: 0.99774, cutoff: 1.0, tail: true", "style: table, file: dup.xvg, cutoff: 1.0"));
        assertRefused(2, List.of("dup.xvg", "point 62", "does not increase after point 61"),
            with(good, "--potential", dup.toString()));
        String[] rows = table.toString().split("\n");
        StringBuilder gap = new StringBuilder();
        for (int k = 0; k < rows.length; k++) {
            if (k != 61 && k != 40) {
                gap.append(rows[k]).append('\n');
            }
        }
        Files.writeString(dir.resolve("gap.xvg"), gap);
        Path missing = Files.writeString(dir.resolve("gap.yaml"), ARGON.replace("style: lennard-jones, sigma: 0.3405,"
            + " epsilon: 0.99774, cutoff: 1.0, tail: true", "style: table, file: gap.xvg, cutoff: 1.0"));
        assertRefused(2, List.of("gap.xvg", "point 41", "the grid is not uniform", "a missing row?"),
            with(good, "--potential", missing.toString()));
        // options
        assertRefused(1, List.of("--checkpoint-every applies with --checkpoint FILE only"),
            with(good, "--checkpoint-every", "5"));
        assertRefused(1, List.of("--log: empty path"), with(good, "--log", ""));
        // YAML 1.1 numbers are not numbers here; 010 is ten
        Path grouped = Files.writeString(dir.resolve("grouped.yaml"), ARGON.replace("39.948", "39_948"));
        assertRefused(2, List.of("grouped.yaml", "must be a number, not '39_948'"),
            with(good, "--potential", grouped.toString()));
        Path sexagesimal = Files.writeString(dir.resolve("sexagesimal.yaml"), ARGON.replace("39.948", "1:30"));
        assertRefused(2, List.of("sexagesimal.yaml", "must be a number, not '1:30'"),
            with(good, "--potential", sexagesimal.toString()));
    }

    /** NAME.yaml: the propane potential with a zero CH3-CH2 bond table NAME.xvg over [from, to] nm (0.005 nm apart). */
    private Path flatBondTable(String name, double from, double to) throws IOException {
        StringBuilder table = new StringBuilder();
        for (int k = 0; k <= Math.round((to - from) / 0.005); k++) {
            table.append(String.format(java.util.Locale.ROOT, "%.3f 0 0%n", from + 0.005 * k));
        }
        Files.writeString(dir.resolve(name + ".xvg"), table);
        return Files.writeString(dir.resolve(name + ".yaml"), PROPANE.replace(
            "{type: CH3-CH2, style: harmonic, k: 200000, b0: 0.154}", "{type: CH3-CH2, style: table, file: " + name
                + ".xvg}"));
    }
}
