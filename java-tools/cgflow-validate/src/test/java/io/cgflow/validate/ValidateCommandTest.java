package io.cgflow.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.Grid;
import io.cgflow.cli.ToolLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cgflow-validate and cgflow-report as tools: a two-state system (one state reproduced, one with a shifted peak),
 * the JSON's verdicts and numbers, a report that needs no network, the same bytes twice, bad inputs.
 */
class ValidateCommandTest {
    private static final Grid GRID = Grid.of(0, 1.5, 0.002);
    private static final Grid BONDS = Grid.of(0.1, 0.2, 0.001);

    private static Path[] system(Path dir) throws Exception {
        var good = Fixtures.liquid(0.4, 1.5);
        Path refA = Fixtures.write(dir.resolve("a.ref.h5"), List.of(Fixtures.rdf("A", "B", GRID, good, 0.01),
            Fixtures.bond("A-B", BONDS, 0.15, 0.005)), 300);
        Path cgA = Fixtures.write(dir.resolve("a.cg.h5"), List.of(Fixtures.rdf("A", "B", GRID, good, 0.01),
            Fixtures.bond("A-B", BONDS, 0.1502, 0.005)), 300);
        Path refB = Fixtures.write(dir.resolve("b.ref.h5"), List.of(Fixtures.rdf("A", "B", GRID, good, 0.01),
            Fixtures.bond("A-B", BONDS, 0.15, 0.005)), 320);
        Path cgB = Fixtures.write(dir.resolve("b.cg.h5"), List.of(Fixtures.rdf("A", "B", GRID,
            Fixtures.liquid(0.43, 1.5), 0.01), Fixtures.bond("A-B", BONDS, 0.15, 0.005)), 320);
        Path thermo = dir.resolve("a.thermo.tsv");
        StringBuilder t = new StringBuilder("step\ttime_ps\tpotential_kJ_mol\tkinetic_kJ_mol\tconserved_kJ_mol\t"
            + "temperature_K\tpressure_bar\tvolume_nm3\n");
        for (int i = 0; i <= 100; i++) {
            // pressure rises by 0.5 bar/ps: drift over the last 80 ps = 40 bar
            t.append(i * 100).append('\t').append(i).append('\t').append(-1000 + (i % 3)).append("\t900\t-100\t")
                .append(300 + (i % 2 == 0 ? 1 : -1)).append('\t').append(0.5 * i).append("\t30\n");
        }
        Files.writeString(thermo, t);
        Path train = dir.resolve("train.tsv");
        Files.writeString(train, "iteration\tmode\tloss\tloss:a\tess\tstep\tsampling_s\tgradient_s\twall_s\n"
            + "1\tresample\t0.5\t0.5\t1\t0.3\t1\t0.1\t1.5\n2\tresample\t0.1\t0.1\t1\t0.3\t1\t0.1\t3.0\n"
            + "3\tresample\t0.052\t0.052\t1\t0.3\t1\t0.1\t4.4\n4\tresample\t0.05\t0.05\t1\t0.3\t1\t0.1\t6.0\n");
        Path prom = dir.resolve("md.prom");
        Files.writeString(prom, "# HELP cgflow_md_steps_per_second MD steps per second\n"
            + "# TYPE cgflow_md_steps_per_second gauge\ncgflow_md_steps_per_second 123.5\n");
        return new Path[] {refA, cgA, refB, cgB, thermo, train, prom};
    }

    private static List<String> listing(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String[] args(Path[] f, Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("--system", "sys", "--architecture", "2x8",
            "--state", "a", "--role", "train", "--reference", f[0].toString(), "--cg", f[1].toString(),
            "--state", "b", "--role", "holdout", "--reference", f[2].toString(), "--cg", f[3].toString(),
            "--train-log", f[5].toString(), "--run-metrics", f[6].toString(), "-o", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** Why training stopped comes from the model's recorded settings; a model that does not say gives null. */
    @Test
    void theReasonTrainingStoppedIsReadFromTheModel() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("test-data/models/propane-demo.h5"))) {
            root = root.getParent();
        }
        assertTrue(root != null, "test-data/models/propane-demo.h5 above " + Path.of("").toAbsolutePath());
        io.cgflow.nn.TrainedModel m = io.cgflow.nn.file.ModelFile.read(root.resolve("test-data/models/propane-demo.h5"));
        io.cgflow.nn.TrainedModel stalled = new io.cgflow.nn.TrainedModel(m.beadTypes(), m.descriptor(), m.networks(),
            m.prior(), m.bonded(), m.provenance(), "max-iterations: 30\npatience: 5\nbest-loss: 0.001\nstopped: stalled\n");
        assertEquals("stalled", SystemValidation.stopped(stalled));
        io.cgflow.nn.TrainedModel silent = new io.cgflow.nn.TrainedModel(m.beadTypes(), m.descriptor(), m.networks(),
            m.prior(), m.bonded(), m.provenance(), "max-iterations: 10\n");
        assertEquals(null, SystemValidation.stopped(silent));
        assertEquals(null, SystemValidation.stopped(null));
        io.cgflow.nn.TrainedModel chosen = new io.cgflow.nn.TrainedModel(m.beadTypes(), m.descriptor(), m.networks(),
            m.prior(), m.bonded(), m.provenance(), "best-iteration: 27\nbest-loss: 9.977e-06\nstopped: stalled\n");
        assertEquals(27, SystemValidation.modelIteration(chosen));
        assertEquals(null, SystemValidation.modelIteration(silent));
        assertEquals(null, SystemValidation.modelIteration(null));
    }

    @Test
    void validatesStatesWritesJsonAndASelfContainedReport(@TempDir Path dir) throws Exception {
        Path[] f = system(dir);
        Path out = dir.resolve("sys-2x8.validation.json");
        ToolLauncher.Outcome o = ToolLauncher.capture(new ValidateCommand(), args(f, out));
        assertEquals(0, o.exitCode(), o.err());
        JsonNode v = new ObjectMapper().readTree(out.toFile());
        assertEquals("cgflow-validation", v.path("format").asText());
        assertEquals("fail", v.path("verdict").asText());
        assertEquals("pass", v.path("roles").path("train").path("verdict").asText());
        assertEquals("fail", v.path("roles").path("holdout").path("verdict").asText());
        JsonNode b = v.path("states").get(1);
        assertEquals("holdout", b.path("role").asText());
        JsonNode rdf = b.path("distributions").get(0);
        assertEquals("rdf", rdf.path("kind").asText());
        assertEquals(0.03, rdf.path("first_peak").path("shift").asDouble(), 0.004);
        // keys in a fixed order (a JVM-randomised map order made the bytes differ from run to run)
        for (String side : new String[] {"reference", "cg"}) {
            List<String> keys = new ArrayList<>();
            rdf.path("first_peak").path(side).fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("position", "height"), keys);
        }
        assertTrue(b.path("failures").toString().contains("rdf A-B: peak_shift"), b.path("failures").toString());
        // training: best 0.05 at iteration 4; within 1.1x of it first at iteration 3 (0.052), 4.4 s
        JsonNode t = v.path("training");
        assertEquals(4, t.path("best_iteration").asInt());
        assertEquals(4, t.path("iterations").asInt(), "the last iteration, as the trainer counts");
        assertEquals(3, t.path("converged_iteration").asInt());
        assertEquals(4.4, t.path("converged_seconds").asDouble(), 1e-12);
        assertTrue(t.path("stopped").isNull(), "no model, no reason: " + t);
        assertTrue(t.path("model_iteration").isNull(), "no model, no iteration: " + t);
        assertEquals(123.5, v.path("metrics").get(0).path("samples").get(0).path("value").asDouble(), 0);

        String html = Files.readString(dir.resolve("sys-2x8.validation.html"));
        assertTrue(html.contains("uPlot"), "uPlot inlined");
        assertTrue(html.contains("id=\"cgflow-charts\""));
        // nothing loaded from elsewhere: no src= or stylesheet links, no URL in an attribute or a CSS import
        assertFalse(Pattern.compile("<(script|img|iframe)[^>]*\\ssrc=").matcher(html).find());
        assertFalse(html.contains("<link"));
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find());
        assertFalse(html.contains("@import"));
        // one overlay per distribution and state, two training curves
        assertEquals(6, html.split("class=\"chart\"", -1).length - 1);

        // the same inputs give the same bytes
        Path again = dir.resolve("again.validation.json");
        assertEquals(0, ToolLauncher.capture(new ValidateCommand(), args(f, again)).exitCode());
        String first = Files.readString(out).replaceAll("\"command\" : \"[^\"]*\"", "");
        String second = Files.readString(again).replaceAll("\"command\" : \"[^\"]*\"", "");
        assertEquals(first, second);
    }

    @Test
    void thermoSummaryMeasuresTemperatureDensityAndDrift(@TempDir Path dir) throws Exception {
        Path[] f = system(dir);
        Path out = dir.resolve("t.validation.json");
        ToolLauncher.Outcome o = ToolLauncher.capture(new ValidateCommand(), "--system", "sys", "--state", "a",
            "--role", "train", "--reference", f[0].toString(), "--cg", f[1].toString(), "--thermo", f[4].toString(),
            "-o", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        JsonNode th = new ObjectMapper().readTree(out.toFile()).path("states").get(0).path("thermo");
        assertEquals(300, th.path("temperature_K").asDouble(), 0.05);
        assertEquals(800 / 30.0, th.path("density_nm3").asDouble(), 1e-9);
        assertEquals(0, th.path("density_relative").asDouble(), 1e-12);
        assertEquals(0.5 * 80, th.path("pressure_drift_bar").asDouble(), 1e-9);
        assertEquals("pass", th.path("verdict").asText());
    }

    /** With the state's pressure in the reference, the CG run's mean pressure is compared with it. */
    @Test
    void theMeanPressureIsJudgedAgainstTheStatesPressure(@TempDir Path dir) throws Exception {
        Path[] f = system(dir);
        var ref = io.cgflow.analysis.DistributionsFile.read(f[0]);
        Path withPressure = dir.resolve("a-p.ref.h5");
        io.cgflow.analysis.DistributionsFile.write(withPressure, new io.cgflow.analysis.ReferenceDistributions(
            ref.summary().withPressure(200), ref.distributions(), ref.provenance()));
        Path tolerances = dir.resolve("tol.yaml");
        Files.writeString(tolerances, "thermo: {pressure_bar: 50}\n");
        for (boolean judged : new boolean[] {false, true}) {
            Path out = dir.resolve("p" + judged + ".validation.json");
            List<String> a = new java.util.ArrayList<>(List.of("--system", "sys", "--state", "a", "--role", "train",
                "--reference", withPressure.toString(), "--cg", f[1].toString(), "--thermo", f[4].toString(), "-o",
                out.toString()));
            if (judged) {
                a.addAll(List.of("--tolerances", tolerances.toString()));
            }
            ToolLauncher.Outcome o = ToolLauncher.capture(new ValidateCommand(), a.toArray(String[]::new));
            assertEquals(0, o.exitCode(), o.err());
            JsonNode th = new ObjectMapper().readTree(out.toFile()).path("states").get(0).path("thermo");
            assertEquals(200, th.path("reference_pressure_bar").asDouble(), 0);
            // rows 20..100 of the run: 0.5 bar per ps, mean 30 bar
            assertEquals(30, th.path("pressure_bar").asDouble(), 1e-9);
            assertEquals(judged ? "fail" : "pass", th.path("verdict").asText(), th.toString());
            assertEquals(judged, th.path("failures").toString().contains("pressure_bar"), th.toString());
        }
    }

    @Test
    void campaignReportAcrossArchitectures(@TempDir Path dir) throws Exception {
        Path[] f = system(dir);
        Path v1 = dir.resolve("sys-2x8.validation.json");
        Path v2 = dir.resolve("sys-linear.validation.json");
        assertEquals(0, ToolLauncher.capture(new ValidateCommand(), args(f, v1)).exitCode());
        String[] a = args(f, v2);
        a[3] = "linear";
        assertEquals(0, ToolLauncher.capture(new ValidateCommand(), a).exitCode());
        Path out = dir.resolve("campaign.json");
        ToolLauncher.Outcome o = ToolLauncher.capture(new ReportCommand(), "-i", v1.toString(), "-i", v2.toString(),
            "--run-metrics", f[6].toString(), "-o", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        JsonNode c = new ObjectMapper().readTree(out.toFile());
        assertEquals(2, c.path("rows").size());
        assertEquals("2x8", c.path("rows").get(0).path("architecture").asText());
        assertEquals(2, c.path("rows").get(0).path("depth").asInt());
        assertEquals(0, c.path("rows").get(1).path("depth").asInt());
        assertTrue(Files.readString(dir.resolve("campaign.html")).contains("sys-2x8.validation.html"));
        // the same system and architecture twice is an error
        ToolLauncher.Outcome dup = ToolLauncher.capture(new ReportCommand(), "-i", v1.toString(), "-i", v1.toString(),
            "-o", dir.resolve("dup.json").toString());
        assertEquals(2, dup.exitCode());
        assertTrue(dup.err().contains("given twice"), dup.err());
        assertFalse(Files.exists(dir.resolve("dup.json")));
        // architectures that are not linear or DxW (cgflow-validate's default "model", a user's label): no depth or
        // width, and no crash (it was a NullPointerException, exit 3)
        Path v3 = dir.resolve("sys-model.validation.json");
        String[] b = args(f, v3);
        b[3] = "model";
        assertEquals(0, ToolLauncher.capture(new ValidateCommand(), b).exitCode());
        Path other = dir.resolve("other.json");
        ToolLauncher.Outcome labelled = ToolLauncher.capture(new ReportCommand(), "-i", v3.toString(), "-o",
            other.toString());
        assertEquals(0, labelled.exitCode(), labelled.err());
        JsonNode row = new ObjectMapper().readTree(other.toFile()).path("rows").get(0);
        assertEquals("model", row.path("architecture").asText());
        assertTrue(row.path("depth").isNull() && row.path("width").isNull(), row.toString());
        // the campaign page in place of a system report it links to (it replaced that report, and linked to itself)
        List<String> files = listing(dir);
        ToolLauncher.Outcome overReport = ToolLauncher.capture(new ReportCommand(), "-i", v1.toString(), "-o",
            dir.resolve("c2.json").toString(), "--html", dir.resolve("sys-2x8.validation.html").toString());
        assertEquals(1, overReport.exitCode(), overReport.err());
        assertTrue(overReport.err().contains("would overwrite the input -i/--input (the report it links to)"),
            overReport.err());
        assertEquals(files, listing(dir));
        // a validation file without its roles (edited by hand) made a "pass" row with no states
        com.fasterxml.jackson.databind.node.ObjectNode edited = (com.fasterxml.jackson.databind.node.ObjectNode)
            new ObjectMapper().readTree(v1.toFile());
        edited.remove("roles");
        Path noRoles = Files.writeString(dir.resolve("noroles.validation.json"), edited.toString());
        ToolLauncher.Outcome missing = ToolLauncher.capture(new ReportCommand(), "-i", noRoles.toString(), "-o",
            dir.resolve("c3.json").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("noroles.validation.json") && missing.err().contains("/roles"), missing.err());
        assertFalse(Files.exists(dir.resolve("c3.json")));
        // a folder where a file is expected is bad input (it was exit 3 from the checksum)
        Path folder = Files.createDirectory(dir.resolve("folder.validation.json"));
        ToolLauncher.Outcome fromFolder = ToolLauncher.capture(new ReportCommand(), "-i", folder.toString(), "-o",
            dir.resolve("f.json").toString());
        assertEquals(2, fromFolder.exitCode(), fromFolder.err());
        assertTrue(fromFolder.err().contains("folder.validation.json: is a folder"), fromFolder.err());
    }

    /**
     * A CG distribution with no counts (every CG bond outside its grid) and a CG RDF grid that does not reach the
     * fitted range fail their comparison; they used to stop the validation with a NullPointerException (exit 3).
     */
    @Test
    void anEmptyCgDistributionFailsItsComparison(@TempDir Path dir) throws Exception {
        Path[] f = system(dir);
        Distribution good = Fixtures.rdf("A", "B", GRID, Fixtures.liquid(0.4, 1), 0.01);
        Distribution bond = Fixtures.bond("A-B", BONDS, 0.1502, 0.005);
        Distribution empty = new Distribution(bond.kind(), bond.name(), bond.typeA(), bond.typeB(), bond.grid(),
            bond.x(), new double[bond.x().length], bond.error(), new long[bond.x().length], 0, 10);
        Path cg = Fixtures.write(dir.resolve("empty.cg.h5"), List.of(good, empty), 300);
        Path out = dir.resolve("e.validation.json");
        ToolLauncher.Outcome o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role",
            "train", "--reference", f[0].toString(), "--cg", cg.toString(), "-o", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        JsonNode state = new ObjectMapper().readTree(out.toFile()).path("states").get(0);
        assertEquals("fail", state.path("verdict").asText(), state.toString());
        assertTrue(Files.readString(dir.resolve("e.validation.html")).contains("A-B"));
    }

    @Test
    void badInputsStopWithAMessageAndNoOutput(@TempDir Path dir) throws Exception {
        Path[] f = system(dir);
        Path out = dir.resolve("bad.validation.json");
        // a state without its --cg
        ToolLauncher.Outcome o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a",
            "--role", "train", "--reference", f[0].toString(), "-o", out.toString());
        assertEquals(1, o.exitCode());
        assertTrue(o.err().contains("once per --state"), o.err());
        // an unknown role
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "test",
            "--reference", f[0].toString(), "--cg", f[1].toString(), "-o", out.toString());
        assertEquals(1, o.exitCode());
        assertTrue(o.err().contains("expected train or holdout"), o.err());
        // a missing file
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", dir.resolve("nope.h5").toString(), "-o", out.toString());
        assertTrue(o.exitCode() == 1 || o.exitCode() == 2, "exit " + o.exitCode());
        assertTrue(o.err().contains("nope.h5"), o.err());
        // CG bead types other than the reference's
        Path other = dir.resolve("other.h5");
        io.cgflow.analysis.DistributionsFile.write(other, new io.cgflow.analysis.ReferenceDistributions(
            new io.cgflow.analysis.SystemSummary(10, 1, 10, 30, List.of("A", "C"), new int[] {500, 300},
                new double[] {500 / 30.0, 300 / 30.0}, 300, new double[] {1, 1}), List.of(Fixtures.rdf("A", "C", GRID,
                    Fixtures.liquid(0.4, 1), 0.01)), io.cgflow.core.Provenance.of("t", "0", "t", List.of())));
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", other.toString(), "-o", out.toString());
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("other.h5") && o.err().contains("bead types"), o.err());
        // CG distributions recorded at another temperature than the reference (300 against 320 K)
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", f[3].toString(), "-o", out.toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("b.cg.h5") && o.err().contains("recorded at 320.0 K")
            && o.err().contains("reference at 300.0 K"), o.err());
        // a model of another system (propane's bead types, not A and B) used to fill the report without a word
        Path propane = Path.of("").toAbsolutePath();
        while (propane != null && !Files.exists(propane.resolve("test-data/models/propane-demo.h5"))) {
            propane = propane.getParent();
        }
        assertTrue(propane != null, "test-data/models/propane-demo.h5 above " + Path.of("").toAbsolutePath());
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", f[1].toString(), "--model",
            propane.resolve("test-data/models/propane-demo.h5").toString(), "-o", out.toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("propane-demo.h5") && o.err().contains("do not cover the bead types [A, B]"),
            o.err());
        // a tolerance file with an unknown key
        Path tol = dir.resolve("tol.yaml");
        Files.writeString(tol, "rdf:\n  rms: 0.1\n");
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", f[1].toString(), "--tolerances", tol.toString(), "-o",
            out.toString());
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("tol.yaml") && o.err().contains("rdf.rms"), o.err());
        // a key given twice (the second, stricter value used to win silently)
        Files.writeString(tol, "rdf: {rms_relative: 0.5}\nrdf: {rms_relative: 0.001}\n");
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", f[1].toString(), "--tolerances", tol.toString(), "-o",
            out.toString());
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("tol.yaml") && o.err().contains("line 2") && o.err().contains("duplicate key rdf"),
            o.err());
        // NaN in the CG run's thermodynamic log (a non-number was refused, NaN was averaged into null)
        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(f[4]));
        String[] row = rows.get(2).split("\t");
        row[2] = "NaN";
        rows.set(2, String.join("\t", row));
        Path nanThermo = Files.write(dir.resolve("nan.thermo.tsv"), rows);
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", f[1].toString(), "--thermo", nanThermo.toString(), "-o",
            out.toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("nan.thermo.tsv") && o.err().contains("data row 2, column potential_kJ_mol")
            && o.err().contains("not a finite number"), o.err());
        // rows out of order (two logs joined after a restart without a checkpoint): summarised as a run with a
        // negative duration and drifts of the wrong sign, once
        List<String> joined = new java.util.ArrayList<>(Files.readAllLines(f[4]));
        joined.addAll(Files.readAllLines(f[4]).subList(1, 3));
        Path joinedThermo = Files.write(dir.resolve("joined.thermo.tsv"), joined);
        o = ToolLauncher.capture(new ValidateCommand(), "--system", "s", "--state", "a", "--role", "train",
            "--reference", f[0].toString(), "--cg", f[1].toString(), "--thermo", joinedThermo.toString(), "-o",
            out.toString());
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("joined.thermo.tsv: data row " + (joined.size() - 2) + ", column time_ps")
            && o.err().contains("increasing order"), o.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("bad.validation.html")));
        assertEquals(0, Distribution.Kind.RDF.ordinal());
    }
}
