package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.analysis.SystemSummary;
import io.cgflow.cli.ToolLauncher;
import io.cgflow.io.TestData;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.reference.ReferenceCommand;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgflow-train} as a tool: the Lennard-Jones argon reference (made by {@code cgflow-convert} and
 * {@code cgflow-reference} from test-data), short runs that write a model and TRAIN.tsv, a run killed with SIGKILL and
 * started again that ends with the same model bytes as an uninterrupted one, and bad inputs: exit 2, one message, no
 * model written or overwritten.
 */
class TrainCommandTest {
    @TempDir
    static Path shared;
    static Path ref;
    static Path start;
    static Path quick;

    @BeforeAll
    static void argonReference() throws Exception {
        ref = shared.resolve("lj-ref.h5");
        start = shared.resolve("lj-cg.h5");
        ArgonReference.make(shared, 100, ref, start);
        quick = shared.resolve("quick.yaml");
        Files.writeString(quick, "frames: 8\nframe-interval: 10\nequilibration: 20\nreplicas: 2\n");
    }

    static ToolLauncher.Outcome train(String... args) {
        return ToolLauncher.capture(new TrainCommand(), args);
    }

    /** A linear model trained on the argon reference with these settings, as {@code dir/NAME.h5} and NAME.train.tsv. */
    static ToolLauncher.Outcome trainLinear(Path dir, String name, String settings, int maxIterations)
        throws java.io.IOException {
        Path yaml = Files.writeString(dir.resolve(name + ".yaml"), settings);
        return train("-i", ref.toString(), "--start", start.toString(), "-o", dir.resolve(name + ".h5").toString(),
            "--hidden", "linear", "--settings", yaml.toString(), "--max-iterations", String.valueOf(maxIterations),
            "--threads", "2");
    }

    @Test
    void linearRunWritesModelAndLog(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.h5");
        ToolLauncher.Outcome o = train("-i", ref.toString(), "--start", start.toString(), "-o", model.toString(),
            "--hidden", "linear", "--settings", quick.toString(), "--max-iterations", "2", "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        TrainedModel m = ModelFile.read(model);
        assertEquals(List.of("AR"), m.beadTypes());
        assertTrue(m.networks().get(0).architecture().hidden().isEmpty());
        assertTrue(m.priorDefinition().isPresent(), "a repulsive prior");
        List<String> log = Files.readAllLines(dir.resolve("m.train.tsv"));
        assertEquals(4, log.size(), String.join("\n", log));
        assertTrue(log.get(0).startsWith("iteration\tmode\tloss\tloss:lj-ref\trms:lj-ref:rdf:AR-AR"), log.get(0));
        for (String row : log.subList(1, log.size())) {
            double rms = Double.parseDouble(row.split("\t")[4]);
            assertTrue(rms > 0 && rms < 1, row);
        }
    }

    /**
     * A reference with the state's pressure (the argon run's virial pressure without GROMACS's dispersion correction,
     * test-data/lj-argon/checks.txt): TRAIN.tsv logs ⟨P⟩, and the steps move it from the PMF start's pressure (far
     * above) towards the target.
     */
    @Test
    void aPressureTargetIsLoggedAndApproached(@TempDir Path dir) throws Exception {
        ReferenceDistributions d = DistributionsFile.read(ref);
        Path withPressure = dir.resolve("lj-p.h5");
        DistributionsFile.write(withPressure, new ReferenceDistributions(d.summary().withPressure(353.5),
            d.distributions(), d.provenance()));
        assertEquals(353.5, DistributionsFile.read(withPressure).summary().pressure());
        Path model = dir.resolve("m.h5");
        ToolLauncher.Outcome o = train("-i", withPressure.toString(), "--start", start.toString(), "-o",
            model.toString(), "--hidden", "linear", "--settings", quick.toString(), "--max-iterations", "2",
            "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        List<String> log = Files.readAllLines(dir.resolve("m.train.tsv"));
        List<String> header = List.of(log.get(0).split("\t"));
        int column = header.indexOf("pressure:lj-p");
        assertTrue(column > 0, log.get(0));
        double first = Double.parseDouble(log.get(1).split("\t")[column]);
        double last = Double.parseDouble(log.get(log.size() - 1).split("\t")[column]);
        assertTrue(first - 353.5 > 200, "the PMF start is far above the target: " + first + " bar");
        assertTrue(Math.abs(last - 353.5) < 0.7 * Math.abs(first - 353.5), "⟨P⟩ " + first + " → " + last
            + " bar, target 353.5");
    }

    @Test
    void aNetworkWithoutStartFileTrainsInABoxBuiltFromTheComposition(@TempDir Path dir) {
        Path model = dir.resolve("m.h5");
        ToolLauncher.Outcome o = train("-i", ref.toString(), "-o", model.toString(), "--hidden", "4",
            "--settings", quick.toString(), "--max-iterations", "1");
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(List.of(4), ModelFile.read(model).networks().get(0).architecture().hidden());
    }

    /** A child JVM running the trainer in {@code dir} with relative paths, so every run has the same command line. */
    static Process child(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "io.cgflow.train.TrainMain"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile()).start();
    }

    @Test
    void roundsWhoseNoiseMakesMuchOfTheLossAreFollowedByRoundsOfTwiceTheFrames(@TempDir Path dir) throws Exception {
        // 2 frames per replica of 500 argon atoms on 2 pm bins: the noise of ⟨g(r)⟩ makes about 30 % of the loss
        ToolLauncher.Outcome o = trainLinear(dir, "model",
            "frames: 2\nmax-frames: 4\nframe-interval: 10\nequilibration: 20\nreplicas: 2\ness-threshold: 1\n", 2);
        assertEquals(0, o.exitCode(), o.err());
        String tsv = Files.readString(dir.resolve("model.train.tsv"));
        List<String> noise = column(tsv, "noise");
        List<String> loss = column(tsv, "loss");
        assertTrue(Double.parseDouble(noise.get(0)) > TrainSettings.NOISE_SHARE * Double.parseDouble(loss.get(0)), tsv);
        assertEquals(List.of("2", "4", "4"), column(tsv, "frames"), "doubled once, then held at max-frames: " + tsv);
        // twice the frames, about half the noise
        double ratio = Double.parseDouble(noise.get(1)) / Double.parseDouble(noise.get(0));
        assertTrue(ratio > 0.3 && ratio < 0.8, tsv);
    }

    /**
     * With the frames at max-frames from the start (2 per replica), the fresh losses of argon soon sit near their
     * sampling noise: the run stops before max-iterations (converged or stalled), says so, and records why in the model;
     * with patience 0 the same run goes on, through the same rows, to max-iterations.
     */
    @Test
    void aRunWhoseLossesStopFallingAtMaxFramesStopsBeforeMaxIterations(@TempDir Path dir) throws Exception {
        String settings = "frames: 2\nmax-frames: 2\nframe-interval: 10\nequilibration: 20\nreplicas: 2\n"
            + "ess-threshold: 1\npatience: 2\n";
        Path early = Files.writeString(dir.resolve("early.yaml"), settings);
        Path model = dir.resolve("early.h5");
        ToolLauncher.Outcome o = train("-i", ref.toString(), "--start", start.toString(), "-o", model.toString(),
            "--hidden", "linear", "--settings", early.toString(), "--max-iterations", "12", "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        String tsv = Files.readString(dir.resolve("early.train.tsv"));
        int rows = column(tsv, "loss").size();
        assertTrue(rows < 13, "stopped before max-iterations: " + tsv);
        assertTrue(o.err().contains("cgflow-train: stopping at iteration " + (rows - 1) + " of 12, "), o.err());
        String stopped = ModelFile.read(model).trainingSettings().lines().filter(l -> l.startsWith("stopped: "))
            .findFirst().orElse("");
        assertTrue(stopped.equals("stopped: converged") || stopped.equals("stopped: stalled"), stopped);
        assertTrue(o.err().contains(stopped.substring(9) + ": "), o.err());
        Path on = Files.writeString(dir.resolve("on.yaml"), settings.replace("patience: 2", "patience: 0"));
        int more = Math.min(12, rows + 1);
        ToolLauncher.Outcome p = train("-i", ref.toString(), "--start", start.toString(), "-o",
            dir.resolve("on.h5").toString(), "--hidden", "linear", "--settings", on.toString(), "--max-iterations",
            String.valueOf(more), "--threads", "2");
        assertEquals(0, p.exitCode(), p.err());
        String onTsv = Files.readString(dir.resolve("on.train.tsv"));
        assertEquals(more + 1, column(onTsv, "loss").size(), onTsv);
        assertEquals(column(tsv, "loss"), column(onTsv, "loss").subList(0, rows), "the same rows up to the stop");
        assertTrue(ModelFile.read(dir.resolve("on.h5")).trainingSettings().contains("stopped: max-iterations\n"));
        // stopped after one iteration and continued from its checkpoint with the full budget: the stop is decided from
        // the log, so it comes where the uninterrupted run's did, after the same rows
        Path ck = dir.resolve("ck");
        String[] resumed = {"-i", ref.toString(), "--start", start.toString(), "-o", dir.resolve("resumed.h5").toString(),
            "--hidden", "linear", "--settings", early.toString(), "--threads", "2", "--checkpoint-dir", ck.toString(),
            "--max-iterations", "1"};
        assertEquals(0, train(resumed).exitCode());
        resumed[resumed.length - 1] = "12";
        ToolLauncher.Outcome r = train(resumed);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(!r.err().contains("iteration 0/12") && r.err().contains("iteration 1/12"), "continued: " + r.err());
        String resumedTsv = Files.readString(dir.resolve("resumed.train.tsv"));
        assertEquals(column(tsv, "loss"), column(resumedTsv, "loss"), resumedTsv);
        assertTrue(r.err().contains("cgflow-train: stopping at iteration " + (rows - 1) + " of 12, "), r.err());
    }

    /**
     * The model written is the latest fresh iterate whose loss is within its sampling noise of the lowest fresh loss
     * so far (not simply the lowest: losses that close cannot be told apart, and later steps have carried the
     * potential further along the directions structure hardly sees), read back from TRAIN.tsv; its loss and
     * iteration are in the model's settings and on stderr.
     */
    @Test
    void theModelWrittenIsTheLatestFreshIterateWithinTheNoiseOfTheLowest(@TempDir Path dir) throws Exception {
        ToolLauncher.Outcome o = trainLinear(dir, "m", "frames: 4\nmax-frames: 4\nframe-interval: 10\n"
            + "equilibration: 20\nreplicas: 2\ness-threshold: 1\npatience: 0\n", 10);
        assertEquals(0, o.exitCode(), o.err());
        Path model = dir.resolve("m.h5");
        String tsv = Files.readString(dir.resolve("m.train.tsv"));
        List<String> modes = column(tsv, "mode");
        List<String> losses = column(tsv, "loss");
        List<String> noises = column(tsv, "noise");
        double lowest = Double.POSITIVE_INFINITY;
        int chosen = -1;
        int lowestAt = -1;
        for (int k = 0; k < losses.size(); k++) {
            assertEquals("resample", modes.get(k), "ess-threshold 1: every round fresh");
            double loss = Double.parseDouble(losses.get(k));
            if (loss < lowest) {
                lowest = loss;
                lowestAt = k;
            }
            double noise = Double.parseDouble(noises.get(k));
            assertTrue(noise > 0, tsv);
            org.junit.jupiter.api.Assumptions.assumeFalse(Math.abs(loss - lowest - noise) < 1e-4 * loss,
                "a tie at the logged digits: the rule cannot be read back");
            if (loss <= lowest + noise) {
                chosen = k;
            }
        }
        String settings = ModelFile.read(model).trainingSettings();
        assertTrue(settings.contains("best-iteration: " + chosen + "\n"), "chosen " + chosen + " (lowest loss at "
            + lowestAt + "): " + settings + "\n" + tsv);
        assertTrue(o.err().contains("the model written: loss " + String.format(java.util.Locale.ROOT, "%.4g",
            Double.parseDouble(losses.get(chosen))) + " at iteration " + chosen), o.err());
    }

    /**
     * jacobian-shrinkage changes the steps, and a run with it continued from its checkpoint takes the same steps as
     * the uninterrupted one: whether an iteration shrinks follows from the log's last row, which the checkpoint holds.
     */
    @Test
    void shrinkageChangesTheStepsAndResumesAlike(@TempDir Path dir) throws Exception {
        String common = "frames: 4\nmax-frames: 4\nframe-interval: 10\nequilibration: 20\nreplicas: 2\n"
            + "ess-threshold: 1\npatience: 0\n";
        Path plain = Files.writeString(dir.resolve("plain.yaml"), common);
        Path shrunk = Files.writeString(dir.resolve("shrunk.yaml"), common + "jacobian-shrinkage: true\n");
        String[] base = {"-i", ref.toString(), "--start", start.toString(), "--hidden", "linear", "--threads", "2",
            "--max-iterations", "5"};
        List<String> losses = new java.util.ArrayList<>();
        for (Path settings : List.of(plain, shrunk)) {
            String name = settings.getFileName().toString().replace(".yaml", "");
            List<String> args = new java.util.ArrayList<>(List.of(base));
            args.addAll(List.of("-o", dir.resolve(name + ".h5").toString(), "--settings", settings.toString()));
            ToolLauncher.Outcome o = train(args.toArray(new String[0]));
            assertEquals(0, o.exitCode(), o.err());
            losses.add(String.join(",", column(Files.readString(dir.resolve(name + ".train.tsv")), "loss")));
        }
        assertTrue(losses.get(0).split(",")[0].equals(losses.get(1).split(",")[0]), "the same first round");
        assertTrue(!losses.get(0).equals(losses.get(1)), "the shrunk steps differ: " + losses);
        Path ck = dir.resolve("ck");
        String[] resumed = {"-i", ref.toString(), "--start", start.toString(), "--hidden", "linear", "--threads", "2",
            "-o", dir.resolve("resumed.h5").toString(), "--settings", shrunk.toString(), "--checkpoint-dir",
            ck.toString(), "--max-iterations", "2"};
        assertEquals(0, train(resumed).exitCode());
        resumed[resumed.length - 1] = "5";
        ToolLauncher.Outcome r = train(resumed);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(losses.get(1), String.join(",", column(Files.readString(dir.resolve("resumed.train.tsv")),
            "loss")));
        assertEquals(ModelFile.read(dir.resolve("shrunk.h5")).trainingSettings(),
            ModelFile.read(dir.resolve("resumed.h5")).trainingSettings(), "the same best iteration and loss");
    }

    /**
     * A Gauss–Newton iteration reuses the last round's frames (a reweight row) only when they predicted the step before
     * it to lower the loss by more than the loss's sampling noise: a step they cannot tell from noise has converged on
     * them, and more steps would fit their noise. With 8 frames per replica the noise is large against the late steps;
     * before this rule, rows 3, 4 and 12 of this run reweighted (ESS 0.91, gains a fifth of the noise), and a run on a
     * core-softened liquid reweighted from iteration 12 to 30 with no fresh loss for the stopping rules to judge.
     */
    @Test
    void framesAreReusedOnlyAfterStepsTheyPredictToGainMoreThanTheNoise(@TempDir Path dir) throws Exception {
        // the reference of the shared frames with cgflow-reference's default RDF range (1.444 nm)
        Path wide = dir.resolve("lj-wide.h5");
        ToolLauncher.Outcome r = ToolLauncher.capture(new ReferenceCommand(), "-i", shared.resolve("lj.h5").toString(),
            "-m", TestData.file("mappings/lj-argon.yaml").toString(), "-o", wide.toString(), "--temperature", "94.4");
        assertEquals(0, r.exitCode(), r.err());
        Path settings = Files.writeString(dir.resolve("s.yaml"),
            "frames: 8\nmax-frames: 8\nframe-interval: 10\nequilibration: 20\nreplicas: 2\npatience: 0\n");
        ToolLauncher.Outcome o = train("-i", wide.toString(), "--start", start.toString(), "-o",
            dir.resolve("m.h5").toString(), "--hidden", "linear", "--settings", settings.toString(),
            "--max-iterations", "12", "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        String tsv = Files.readString(dir.resolve("m.train.tsv"));
        List<String> mode = column(tsv, "mode");
        List<String> loss = column(tsv, "loss");
        List<String> noise = column(tsv, "noise");
        assertEquals(13, mode.size(), tsv);
        for (int k = 1; k < mode.size(); k++) {
            if (mode.get(k).equals("reweight")) {
                double gain = Double.parseDouble(loss.get(k - 1)) - Double.parseDouble(loss.get(k));
                assertTrue(gain >= Double.parseDouble(noise.get(k - 1)) * (1 - 1e-5), "row " + k + ": " + tsv);
            }
        }
    }

    /**
     * --max-time cuts sampling off when it runs out, instead of after the iteration that passes it: a round of 10⁹
     * equilibration steps stops within the budget. Before any iteration has finished there is no model (exit 1, the
     * old file kept); continued from a checkpoint, the run writes the best model so far and says it stopped on time.
     * The timeout only guards against a hang.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 5, unit = TimeUnit.MINUTES)
    void maxTimeCutsSamplingOffAndWritesTheBestModelSoFar(@TempDir Path dir) throws Exception {
        Path endless = Files.writeString(dir.resolve("endless.yaml"), "frames: 8\nframe-interval: 10\n"
            + "equilibration: 1000000000\nreplicas: 2\n");
        Path model = Files.writeString(dir.resolve("m.h5"), "an older model");
        ToolLauncher.Outcome o = train("-i", ref.toString(), "--start", start.toString(), "-o", model.toString(),
            "--hidden", "linear", "--settings", endless.toString(), "--max-time", "0.02", "--threads", "2");
        assertEquals(1, o.exitCode(), o.err());
        assertTrue(o.err().contains("--max-time 0.02 min ran out while sampling iteration 0, before any iteration"
            + " finished: there is no model to write"), o.err());
        assertEquals("an older model", Files.readString(model));
        assertFalse(Files.exists(dir.resolve("m.train.tsv")));
        // one iteration checkpointed, then continued with a budget already spent: the round is not sampled
        Path always = Files.writeString(dir.resolve("always.yaml"), "frames: 8\nframe-interval: 10\n"
            + "equilibration: 20\nreplicas: 2\ness-threshold: 1\n");
        String[] args = {"-i", ref.toString(), "--start", start.toString(), "-o", dir.resolve("c.h5").toString(),
            "--hidden", "linear", "--settings", always.toString(), "--threads", "2", "--checkpoint-dir",
            dir.resolve("ck").toString(), "--max-iterations", "1"};
        assertEquals(0, train(args).exitCode());
        List<String> oneLosses = column(Files.readString(dir.resolve("c.train.tsv")), "loss");
        args[args.length - 1] = "5";
        String[] spent = java.util.Arrays.copyOf(args, args.length + 2);
        spent[args.length] = "--max-time";
        spent[args.length + 1] = "0.000000001";
        ToolLauncher.Outcome c = train(spent);
        assertEquals(0, c.exitCode(), c.err());
        assertTrue(c.err().contains("cgflow-train: stopping at iteration 1 of 5, max-time: 0.000000001 min ran out"
            + " while sampling; the model is that of iteration 0"), c.err());
        String settings = ModelFile.read(dir.resolve("c.h5")).trainingSettings();
        assertTrue(settings.contains("stopped: max-time\n") && settings.contains("best-iteration: 0\n"), settings);
        assertEquals(oneLosses.subList(0, 1), column(Files.readString(dir.resolve("c.train.tsv")), "loss"),
            "the rows of the iterations that finished");
    }

    @Test
    void aKilledRunStartedAgainEndsWithTheSameModelBytes(@TempDir Path dir) throws Exception {
        Files.copy(ref, dir.resolve("ref.h5"));
        Files.copy(start, dir.resolve("start.h5"));
        Files.copy(quick, dir.resolve("quick.yaml"));
        String[] args = {"-i", "../ref.h5", "--start", "../start.h5", "-o", "model.h5", "--hidden", "3",
            "--settings", "../quick.yaml", "--max-iterations", "4", "--checkpoint-dir", "ck", "--threads", "2",
            "--seed", "7"};
        Path whole = Files.createDirectory(dir.resolve("whole"));
        Process a = child(whole, args);
        assertTrue(a.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, a.exitValue(), Files.readString(whole.resolve("out.txt")));
        Path killed = Files.createDirectory(dir.resolve("killed"));
        Process b = child(killed, args);
        Path ckpt = killed.resolve("ck").resolve(Trainer.CHECKPOINT_NAME);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(ckpt) && b.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(b.isAlive(), "the run must still be going when it is killed");
        b.destroyForcibly().waitFor();
        assertFalse(Files.exists(killed.resolve("model.h5")));
        Process c = child(killed, args);
        assertTrue(c.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, c.exitValue(), Files.readString(killed.resolve("out.txt")));
        assertTrue(Files.readString(killed.resolve("out.txt")).contains("continuing from iteration"),
            Files.readString(killed.resolve("out.txt")));
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.h5")), Files.readAllBytes(killed.resolve("model.h5")));
        String logWhole = Files.readString(whole.resolve("model.train.tsv"));
        String logKilled = Files.readString(killed.resolve("model.train.tsv"));
        assertEquals(losses(logWhole), losses(logKilled));
    }

    /** The first three columns (iteration, mode, loss) and the noise and frames of every row: all but the times. */
    private static List<String> losses(String tsv) {
        List<String> out = new ArrayList<>();
        List<String> noise = column(tsv, "noise");
        List<String> frames = column(tsv, "frames");
        String[] lines = tsv.split("\n");
        for (int k = 1; k < lines.length; k++) {
            String[] f = lines[k].split("\t");
            out.add(f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + noise.get(k - 1) + "\t" + frames.get(k - 1));
        }
        return out;
    }

    /** The values of a named column of a TSV with a header line. */
    private static List<String> column(String tsv, String name) {
        String[] lines = tsv.split("\n");
        int c = List.of(lines[0].split("\t")).indexOf(name);
        assertTrue(c >= 0, name + " in " + lines[0]);
        List<String> out = new ArrayList<>();
        for (int k = 1; k < lines.length; k++) {
            out.add(lines[k].split("\t")[c]);
        }
        return out;
    }

    /** A copy of the argon reference with its summary or first distribution changed. */
    static Path altered(Path dir, String name, double temperature, boolean emptyRdf) {
        ReferenceDistributions d = DistributionsFile.read(ref);
        SystemSummary s = d.summary();
        SystemSummary t = new SystemSummary(s.frames(), s.blocks(), s.blockFrames(), s.meanVolume(), s.types(),
            s.typeCounts(), s.densities(), temperature, s.typeMasses());
        List<Distribution> list = new ArrayList<>(d.distributions());
        if (emptyRdf) {
            Distribution g = list.get(0);
            list.set(0, new Distribution(g.kind(), g.name(), g.typeA(), g.typeB(), g.grid(), g.x(),
                new double[g.value().length], g.error(), new long[g.counts().length], g.norm(), 0));
        }
        Path p = dir.resolve(name);
        DistributionsFile.write(p, new ReferenceDistributions(t, list, d.provenance()));
        return p;
    }

    @Test
    void badInputsExitTwoWithOneMessageAndWriteNoModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.h5");
        Files.writeString(model, "an older model");
        record Case(String expect, String[] args) {
        }
        Path cold = altered(dir, "cold.h5", 0, false);
        Path noT = altered(dir, "not.h5", Double.NaN, false);
        Path frozen = altered(dir, "frozen.h5", 1e-320, false);
        Path empty = altered(dir, "empty.h5", 94.4, true);
        Path aa = shared.resolve("lj.h5");
        Path coarse = dir.resolve("coarse.h5");
        assertEquals(0, ToolLauncher.capture(new ReferenceCommand(), "-i", aa.toString(), "-m",
            TestData.file("mappings/lj-argon.yaml").toString(), "-o", coarse.toString(), "--temperature", "94.4",
            "--rdf-max", "1.2", "--rdf-bin", "0.004").exitCode());
        Path badKey = dir.resolve("bad.yaml");
        Files.writeString(badKey, "frames: 8\nlearning_rate: 0.1\n");
        Path divergent = dir.resolve("divergent.yaml");
        Files.writeString(divergent, "frames: 8\nframe-interval: 10\nequilibration: 20\noptimizer: adam\n"
            + "learning-rate: 10000\npretrain: false\n");
        // sizes that would run out of memory (exit 137, which a workflow retries with more memory) or for hours
        Path manyFrames = Files.writeString(dir.resolve("frames.yaml"), "frames: 2000000000\n");
        Path manyBeads = Files.writeString(dir.resolve("beads.yaml"), "beads: 100000000\n");
        // a box of two beads: its half width leaves a default cut-off below the first Gaussian (the message blamed
        // descriptor-min, a setting the user never gave)
        Path twoBeads = Files.writeString(dir.resolve("two.yaml"), "beads: 2\n");
        // a time step of 10⁻¹² ps was taken, and the run then diverged with advice about the learning rate
        Path tinyDt = Files.writeString(dir.resolve("dt.yaml"), "dt: 1e-12\n");
        Path fineGrid = Files.writeString(dir.resolve("grid.yaml"), "descriptor-spacing: 0.00001\n");
        Path noWeight = Files.writeString(dir.resolve("weights.yaml"), "weights: {rdf: 0, bond: 5}\n");
        Path badStage = Files.writeString(dir.resolve("stage.yaml"), "pair-stage: sometimes\n");
        Path badShrinkage = Files.writeString(dir.resolve("shrink.yaml"), "jacobian-shrinkage: 1\n");
        // a reference cut short (a copy that stopped), and one whose summary does not hold together
        byte[] whole = Files.readAllBytes(ref);
        Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(whole, whole.length - 100));
        ReferenceDistributions d = DistributionsFile.read(ref);
        SystemSummary s = d.summary();
        Path noVolume = dir.resolve("novolume.h5");
        DistributionsFile.write(noVolume, new ReferenceDistributions(new SystemSummary(s.frames(), s.blocks(),
            s.blockFrames(), 0, s.types(), s.typeCounts(), s.densities(), s.temperature(), s.typeMasses()),
            d.distributions(), d.provenance()));
        // densities that the bead counts and the mean volume contradict (a sampling box at twice the density was built)
        double[] doubled = s.densities().clone();
        doubled[0] *= 2;
        Path dense = dir.resolve("dense.h5");
        DistributionsFile.write(dense, new ReferenceDistributions(new SystemSummary(s.frames(), s.blocks(),
            s.blockFrames(), s.meanVolume(), s.types(), s.typeCounts(), doubled, s.temperature(), s.typeMasses()),
            d.distributions(), d.provenance()));
        // a value array shorter than its grid (an index out of bounds, exit 3)
        List<Distribution> shortened = new ArrayList<>(d.distributions());
        Distribution g = shortened.get(0);
        shortened.set(0, new Distribution(g.kind(), g.name(), g.typeA(), g.typeB(), g.grid(), g.x(),
            java.util.Arrays.copyOf(g.value(), g.value().length / 2), g.error(), g.counts(), g.norm(), g.outside()));
        Path halfValues = dir.resolve("halfvalues.h5");
        DistributionsFile.write(halfValues, new ReferenceDistributions(s, shortened, d.provenance()));
        // an angle distribution that the start file's molecules (single beads) do not have: the term would drop out
        List<Distribution> withAngle = new ArrayList<>(d.distributions());
        io.cgflow.analysis.Grid angles = new io.cgflow.analysis.Grid(0, 2, 90);
        double[] x = new double[90];
        double[] v = new double[90];
        long[] counts = new long[90];
        for (int k = 0; k < 90; k++) {
            x[k] = 2 * k + 1;
            v[k] = Math.exp(-Math.pow((x[k] - 110) / 10, 2));
            counts[k] = Math.round(1000 * v[k]);
        }
        withAngle.add(new Distribution(Distribution.Kind.ANGLE, "AR-AR-AR", null, null, angles, x, v, new double[90],
            counts, 1000, 0));
        Path angled = dir.resolve("angled.h5");
        DistributionsFile.write(angled, new ReferenceDistributions(s, withAngle, d.provenance()));
        Path plainFile = Files.writeString(dir.resolve("notafolder"), "a file");
        // messages that blamed descriptor-min, a setting never given: a fit-max too short, and a flat RDF
        Path shortFit = Files.writeString(dir.resolve("fit.yaml"), "fit-max: 0.32\n");
        List<Distribution> flatList = new ArrayList<>(d.distributions());
        Distribution f0 = flatList.get(0);
        double[] ones = new double[f0.value().length];
        java.util.Arrays.fill(ones, 1);
        flatList.set(0, new Distribution(f0.kind(), f0.name(), f0.typeA(), f0.typeB(), f0.grid(), f0.x(), ones,
            f0.error(), f0.counts(), f0.norm(), f0.outside()));
        Path flat = dir.resolve("flat.h5");
        DistributionsFile.write(flat, new ReferenceDistributions(s, flatList, d.provenance()));
        // a state of other bead types than the first's: nothing ties them into one model
        Path unrelated = dir.resolve("unrelated.h5");
        DistributionsFile.write(unrelated, IdealGas.state(List.of("XE"), new int[] {200}, 131.3, 3.0, 8, 94.4, 1)
            .reference());
        List<Case> cases = List.of(
            new Case("unrelated.h5: has bead types [XE], which no other reference has (they have [AR])",
                new String[] {"-i", ref.toString(), "-i", unrelated.toString()}),
            new Case("/system/densities: bead type AR has density", new String[] {"-i", dense.toString()}),
            new Case("setting 'fit-max': 0.32 nm leaves a default cut-off of 0.8 × fit-max", new String[] {"-i",
                ref.toString(), "--settings", shortFit.toString()}),
            new Case("flat.h5: the RDF AR-AR is flat: g(r) is within contact-threshold 0.01 of 1 from the first bin to fit-max 1.200 nm", new String[] {"-i", flat.toString()}),
            new Case("the grid has " + g.grid().bins() + " bins, but x has", new String[] {"-i", halfValues.toString()}),
            new Case("has the angle distribution AR-AR-AR, which the sampled system's molecules do not have",
                new String[] {"-i", angled.toString(), "--start", start.toString()}),
            new Case("hidden layers [60000] on", new String[] {"-i", ref.toString(), "--hidden", "1x60000"}),
            // the metrics file is written last: a location that cannot take it used to fail after the model was replaced
            new Case("cannot write output " + plainFile.resolve("m.prom"), new String[] {"-i", ref.toString(), "--start",
                start.toString(), "--settings", quick.toString(), "--hidden", "linear", "--max-iterations", "1",
                "--metrics", plainFile.resolve("m.prom").toString()}),
            new Case("truncated: the file has", new String[] {"-i", cut.toString()}),
            new Case("/system: mean_volume is 0.0", new String[] {"-i", noVolume.toString()}),
            new Case("more than a quarter of the", new String[] {"-i", ref.toString(), "--settings",
                manyFrames.toString()}),
            new Case("the sampling box is too small for the references", new String[] {"-i", ref.toString(),
                "--settings", twoBeads.toString()}),
            new Case("ps is below 0.0001 ps (0.1 fs): the time step is in ps", new String[] {"-i",
                ref.toString(), "--settings", tinyDt.toString()}),
            new Case("setting 'beads': must be at most 1000000", new String[] {"-i", ref.toString(), "--settings",
                manyBeads.toString()}),
            new Case("Gaussians per neighbour type", new String[] {"-i", ref.toString(), "--settings",
                fineGrid.toString()}),
            new Case("every observable of the references has weight 0", new String[] {"-i", ref.toString(),
                "--settings", noWeight.toString()}),
            new Case("setting 'pair-stage': must be true or false, not 'sometimes'", new String[] {"-i",
                ref.toString(), "--settings", badStage.toString()}),
            new Case("setting 'jacobian-shrinkage': must be true or false, not '1'", new String[] {"-i",
                ref.toString(), "--settings", badShrinkage.toString()}),
            new Case("temperature", new String[] {"-i", cold.toString()}),
            new Case("temperature", new String[] {"-i", noT.toString()}),
            new Case("the temperature is 1.0E-320 K; cgflow works between 0.001 and 1000000.0 K",
                new String[] {"-i", frozen.toString()}),
            new Case("is empty", new String[] {"-i", empty.toString()}),
            new Case("bins of", new String[] {"-i", ref.toString(), "-i", coarse.toString()}),
            new Case("unknown setting 'learning_rate'", new String[] {"-i", ref.toString(), "--settings",
                badKey.toString()}),
            new Case("not found", new String[] {"-i", dir.resolve("missing.h5").toString()}),
            // a trajectory where its reference distributions belong
            new Case("is an H5MD trajectory, not reference distributions", new String[] {"-i", aa.toString()}),
            new Case("diverged", new String[] {"-i", ref.toString(), "--start", start.toString(), "--settings",
                divergent.toString(), "--max-iterations", "6", "--hidden", "linear"}));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of(c.args()));
            args.addAll(List.of("-o", model.toString()));
            ToolLauncher.Outcome o = train(args.toArray(new String[0]));
            assertEquals(2, o.exitCode(), c.expect() + ": " + o.err());
            assertTrue(o.err().contains(c.expect()), c.expect() + ": " + o.err());
            assertEquals(1, o.err().strip().lines().filter(l -> l.startsWith("cgflow-train: error")).count(), o.err());
            assertEquals("an older model", Files.readString(model), c.expect());
        }
        // an output that is a folder: refused before training (it used to fail only when the model was moved there)
        Path folder = Files.createDirectory(dir.resolve("folder.h5"));
        ToolLauncher.Outcome toFolder = train("-i", ref.toString(), "--max-iterations", "1", "-o", folder.toString());
        assertEquals(2, toFolder.exitCode(), toFolder.err());
        assertTrue(toFolder.err().contains("folder.h5 (-o/--output): it is a folder"), toFolder.err());
        ToolLauncher.Outcome usage = train("-i", ref.toString(), "-i", ref.toString(), "--start", start.toString(),
            "-o", model.toString());
        assertEquals(1, usage.exitCode(), usage.err());
        assertTrue(usage.err().contains("one --start per -i"), usage.err());
        // one state name twice (the log's columns would collide), and an output in a folder that is a file: both
        // refused before any training
        Path sameName = Files.createDirectory(dir.resolve("other")).resolve(ref.getFileName());
        Files.copy(ref, sameName);
        ToolLauncher.Outcome twice = train("-i", ref.toString(), "-i", sameName.toString(), "-o", model.toString());
        assertEquals(1, twice.exitCode(), twice.err());
        assertTrue(twice.err().contains("have one state name"), twice.err());
        Path aFile = Files.writeString(dir.resolve("afile"), "not a folder");
        ToolLauncher.Outcome notAFolder = train("-i", ref.toString(), "-o", aFile.resolve("m.h5").toString(),
            "--max-iterations", "1");
        assertEquals(2, notAFolder.exitCode(), notAFolder.err());
        assertTrue(notAFolder.err().contains("is a file, not a folder"), notAFolder.err());
        assertFalse(notAFolder.err().contains("iteration"), "refused before training: " + notAFolder.err());
        // a network too large to train: refused up front (its parameter count overflowed an int, then exit 3)
        ToolLauncher.Outcome huge = train("-i", ref.toString(), "--hidden", "100x100000", "-o", model.toString());
        assertEquals(1, huge.exitCode(), huge.err());
        assertTrue(huge.err().contains("weights between the hidden layers"), huge.err());
        // an empty architecture used to mean linear
        ToolLauncher.Outcome none = train("-i", ref.toString(), "--hidden", "", "-o", model.toString());
        assertEquals(1, none.exitCode(), none.err());
        assertTrue(none.err().contains("give hidden-layer widths as 'linear'"), none.err());
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".m.h5")),
            "no temporary file left");
        assertTrue(new File(model.toString()).exists());
    }
}
