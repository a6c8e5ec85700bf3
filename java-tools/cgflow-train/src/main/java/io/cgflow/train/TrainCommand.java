package io.cgflow.train;

import io.cgflow.cli.Args;
import io.cgflow.cli.ToolCommand;
import io.cgflow.cli.ToolContext;
import io.cgflow.core.UsageException;
import io.cgflow.core.output.OutputGuard;
import io.cgflow.md.StartFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code cgflow-train}: a network CG force field trained to reproduce reference distributions of one or more states. */
public final class TrainCommand implements ToolCommand {
    @Override
    public String name() {
        return "cgflow-train";
    }

    @Override
    public String summary() {
        return "Train a network CG force field (and bonded tables) on reference distributions by the fluctuation"
            + " gradient: Gauss-Newton or Adam steps, MD or MC sampling, reweighting; write the model file and"
            + " TRAIN.tsv.";
    }

    @Override
    public java.util.Set<String> repeatable() {
        return java.util.Set.of("input", "start");
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder("i").longOpt("input").hasArg().argName("REF.h5")
            .desc("reference distributions of one state (cgflow-reference -o); repeat for several states").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("MODEL.h5")
            .desc("the trained model file").build());
        o.addOption(Option.builder().longOpt("settings").hasArg().argName("SETTINGS.yaml")
            .desc("training settings (docs/training.md); every setting has a default derived from the references")
            .build());
        o.addOption(Option.builder().longOpt("start").hasArg().argName("CG.h5")
            .desc("start configuration of each state, in the order of -i (a CG H5MD, e.g. cgflow-reference"
                + " --cg-output); needed for molecules; without it a box is built from the composition").build());
        o.addOption(Option.builder().longOpt("hidden").hasArg().argName("WIDTHS")
            .desc("hidden-layer widths: 'linear' (none: a pair potential), 'DxW' (e.g. 2x16) or 'W1,W2,…'; overrides"
                + " the settings").build());
        o.addOption(Option.builder().longOpt("activation").hasArg().argName("NAME")
            .desc("hidden-layer activation: tanh, sigmoid, softplus or relu; overrides the settings").build());
        o.addOption(Option.builder().longOpt("max-iterations").hasArg().argName("N")
            .desc("optimisation steps; overrides the settings (default 30)").build());
        o.addOption(Option.builder().longOpt("max-time").hasArg().argName("MIN")
            .desc("stop when this many minutes of wall time have passed, sampling cut off if need be; the model written is"
                + " the best so far").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S").desc("random seed (default 1)").build());
        o.addOption(Option.builder().longOpt("log").hasArg().argName("TRAIN.tsv")
            .desc("per-iteration log (default: the model's name with .train.tsv)").build());
        o.addOption(Option.builder().longOpt("checkpoint-dir").hasArg().argName("DIR")
            .desc("keeps train.ckpt, written every iteration; a rerun of the same command continues from it").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, ToolContext context) {
        List<Path> refs = Args.paths(cl, "input");
        if (refs.isEmpty()) {
            throw new UsageException("missing required option -i/--input");
        }
        Path output = Args.requiredPath(cl, "output");
        String name = output.getFileName().toString();
        Path log = cl.hasOption("log") ? Args.optionalPath(cl, "log")
            : output.resolveSibling((name.endsWith(".h5") ? name.substring(0, name.length() - 3) : name) + ".train.tsv");
        List<Path> starts = Args.paths(cl, "start");
        if (!starts.isEmpty() && starts.size() != refs.size()) {
            throw new UsageException("give one --start per -i (" + refs.size() + "), not " + starts.size());
        }
        List<Integer> hidden = cl.hasOption("hidden") ? TrainSettingsFile.parseHidden(cl.getOptionValue("hidden"),
            msg -> new UsageException("--hidden: " + msg)) : null;
        String activation = null;
        if (cl.hasOption("activation")) {
            activation = Args.choice(cl, "activation", "tanh", List.of("tanh", "sigmoid", "softplus", "relu"));
        }
        Integer maxIterations = cl.hasOption("max-iterations")
            ? Args.intValue(cl, "max-iterations", 10, 0, 1_000_000) : null;
        double maxTime = Args.doubleValue(cl, "max-time", 0, 0, 1e9);
        long seed;
        try {
            seed = cl.hasOption("seed") ? Long.parseLong(cl.getOptionValue("seed").trim()) : 1;
        } catch (NumberFormatException e) {
            throw new UsageException("--seed must be an integer, not '" + cl.getOptionValue("seed") + "'");
        }
        // a state is named by its reference's file name (log columns, validation): two with one name would collide
        java.util.Map<String, Path> names = new java.util.LinkedHashMap<>();
        for (Path ref : refs) {
            String stateName = TrainingState.nameOf(ref);
            Path other = names.putIfAbsent(stateName, ref);
            if (other != null) {
                throw new UsageException(other.toAbsolutePath().normalize().equals(ref.toAbsolutePath().normalize())
                    ? "-i " + ref + " is given twice" : "-i " + other + " and -i " + ref + " have one state name, '"
                    + stateName + "' (the file name): give the references different file names");
            }
        }
        Path checkpointDir = Args.optionalPath(cl, "checkpoint-dir");
        Path settings = Args.optionalPath(cl, "settings");
        List<Path> startShards = new ArrayList<>();
        for (Path start : starts) {
            startShards.addAll(StartFile.shardsOf(start));
        }
        new OutputGuard().inputs("-i/--input", refs).inputs("--start", starts)
            .inputs("--start (a shard it lists)", startShards).input("--settings", settings)
            .file("-o/--output", output).file("--log", log)
            .file("--checkpoint-dir", checkpointDir == null ? null : checkpointDir.resolve(Trainer.CHECKPOINT_NAME))
            .file("--metrics", context.metricsFile()).check();
        if (checkpointDir != null) {
            Path folder = checkpointDir.toAbsolutePath().normalize();
            for (Path out : new Path[] {output, log, context.metricsFile()}) {
                if (out != null && out.toAbsolutePath().normalize().equals(folder)) {
                    throw new UsageException("--checkpoint-dir " + checkpointDir + " is also an output file (" + out
                        + "); give the checkpoints a folder of their own");
                }
            }
        }
        // the outputs must be writable before hours of training, not after: staged once and dropped (the folders
        // this creates are removed again)
        for (Path out : new Path[] {output, log}) {
            try (io.cgflow.core.output.OutputTransaction probe = new io.cgflow.core.output.OutputTransaction()) {
                probe.stage(out);
            }
        }
        if (checkpointDir != null) {
            try {
                java.nio.file.Files.createDirectories(checkpointDir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new io.cgflow.core.InputException("cannot create --checkpoint-dir " + checkpointDir + ": "
                    + e.getFile() + " is a file, not a folder", e);
            } catch (java.io.IOException e) {
                throw new io.cgflow.core.InputException("cannot create --checkpoint-dir " + checkpointDir + ": "
                    + e.getMessage(), e);
            }
        }
        TrainRequest request = new TrainRequest(refs, starts, output, log, settings, hidden, activation, maxIterations,
            maxTime, seed, context.threads(), checkpointDir);
        Trainer.Result result = new Trainer(context.tool(), context.version(), context.commandLine(),
            context.metrics().registry(), context.err()).run(request);
        context.out().println(result.model());
        context.out().println(result.log());
        context.err().println(String.format(Locale.ROOT,
            "%s: %d iterations in %.1f s; the model written: loss %.4g at iteration %d", name(), result.iterations(),
            result.seconds(), result.loss(), result.bestIteration()));
    }
}
