package io.cgflow.md;

import io.cgflow.cli.Args;
import io.cgflow.cli.ToolCommand;
import io.cgflow.cli.ToolContext;
import io.cgflow.core.UsageException;
import io.cgflow.core.output.OutputGuard;
import io.cgflow.potentials.PotentialFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code cgflow-md}: CG molecular dynamics or Monte Carlo from a start configuration and a potential file. */
public final class MdCommand implements ToolCommand {
    @Override
    public String name() {
        return "cgflow-md";
    }

    @Override
    public String summary() {
        return "Run CG molecular dynamics (nve, langevin, bussi) or Monte Carlo (mc); write an H5MD trajectory and"
            + " THERMO.tsv.";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder("c").longOpt("start").hasArg().argName("FILE")
            .desc("start configuration: CG H5MD (.h5, e.g. from cgflow-reference --cg-output) or GRO whose atom names"
                + " are bead types").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("TRAJ.h5")
            .desc("output trajectory (H5MD, sharded like cgflow-convert)").build());
        o.addOption(Option.builder().longOpt("log").hasArg().argName("THERMO.tsv")
            .desc("thermodynamic observables, one row per output step").build());
        o.addOption(Option.builder().longOpt("potential").hasArg().argName("POT.yaml")
            .desc("potential file: bead types with masses, Lennard-Jones or tabulated pairs, harmonic or tabulated"
                + " bonds, angles and dihedrals (docs/potentials.md)").build());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("MODEL")
            .desc("trained model (model file of cgflow-nn, docs/model.md) instead of --potential: its network, prior"
                + " and bonded tables; bead masses then come from the start file (a CG H5MD)").build());
        o.addOption(Option.builder().longOpt("temperature").hasArg().argName("K").desc("temperature, K").build());
        o.addOption(Option.builder().longOpt("steps").hasArg().argName("N")
            .desc("MD steps or MC sweeps to run to").build());
        o.addOption(Option.builder().longOpt("dt").hasArg().argName("PS")
            .desc("time step, ps (MC: the nominal time per sweep in THERMO); with --model, default: the time step the"
                + " model was trained with").build());
        o.addOption(Option.builder().longOpt("integrator").hasArg().argName("NAME")
            .desc("nve, langevin, bussi or mc (default langevin)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S").desc("random seed (default 1)").build());
        o.addOption(Option.builder().longOpt("output-every").hasArg().argName("N")
            .desc("frame and THERMO row every N steps (default 100)").build());
        o.addOption(Option.builder().longOpt("checkpoint").hasArg().argName("FILE")
            .desc("restart file: continued from when it exists, written every --checkpoint-every steps and at the"
                + " end").build());
        o.addOption(Option.builder().longOpt("checkpoint-every").hasArg().argName("N")
            .desc("steps between checkpoints (default: a tenth of --steps, in whole output intervals)").build());
        o.addOption(Option.builder().longOpt("friction").hasArg().argName("G")
            .desc("Langevin friction γ, 1/ps (default 1)").build());
        o.addOption(Option.builder().longOpt("tau").hasArg().argName("T")
            .desc("Bussi thermostat time constant, ps (default 0.1)").build());
        o.addOption(Option.builder().longOpt("frame").hasArg().argName("N")
            .desc("frame of the start H5MD (0-based; default the last)").build());
        o.addOption(Option.builder().longOpt("acceptance").hasArg().argName("A")
            .desc("MC: target acceptance of the step-size adaptation (default 0.4)").build());
        o.addOption(Option.builder().longOpt("equilibration").hasArg().argName("N")
            .desc("MC: sweeps during which the step size adapts, then frozen (default a tenth of --steps)").build());
        return o;
    }

    /**
     * The {@code dt} of the model's training settings (ps); a usage error when the model records none, bad input
     * (exit 2) when it records one that is not a positive finite number.
     */
    static double trainedTimeStep(Path model) {
        String value = io.cgflow.nn.file.ModelFile.read(model).trainingSetting("dt").orElseThrow(() ->
            new UsageException("missing required option --dt: the model " + model + " records no training time step"));
        double dt;
        try {
            dt = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            dt = Double.NaN;
        }
        if (dt > 0 && Double.isFinite(dt)) {
            return dt;
        }
        throw io.cgflow.core.InputException.in(model, "the training settings record the time step dt: " + value
            + ", not a positive number of ps: give --dt");
    }

    @Override
    public void run(CommandLine cl, ToolContext context) {
        Integrator integrator = Integrator.valueOf(Args.choice(cl, "integrator", "langevin",
            List.of("nve", "langevin", "bussi", "mc")).toUpperCase(Locale.ROOT));
        for (String required : List.of("temperature", "steps")) {
            if (!cl.hasOption(required)) {
                throw new UsageException("missing required option --" + required);
            }
        }
        if (cl.hasOption("model") == cl.hasOption("potential")) {
            throw new UsageException("give exactly one of --potential POT.yaml and --model MODEL");
        }
        if (!cl.hasOption("dt") && !cl.hasOption("model")) {
            throw new UsageException("missing required option --dt");
        }
        long steps = parseLong(cl, "steps", 0);
        if (steps < 0) {
            throw new UsageException("--steps must not be negative, not " + steps);
        }
        int every = Args.intValue(cl, "output-every", 100, 1, Integer.MAX_VALUE);
        double dt = cl.hasOption("dt") ? Args.doubleValue(cl, "dt", Double.NaN, Double.MIN_VALUE, 1e6)
            : trainedTimeStep(Args.requiredPath(cl, "model"));
        MdSettings settings = new MdSettings(integrator,
            Args.doubleValue(cl, "temperature", Double.NaN, io.cgflow.core.Temperature.MIN_KELVIN,
                io.cgflow.core.Temperature.MAX_KELVIN), dt, Math.max(0, steps),
            parseLong(cl, "seed", 1), Args.doubleValue(cl, "friction", 1.0, Double.MIN_VALUE, 1e6),
            Args.doubleValue(cl, "tau", 0.1, Double.MIN_VALUE, 1e9), every,
            Args.doubleValue(cl, "acceptance", 0.4, 0.01, 0.99),
            cl.hasOption("equilibration") ? atLeast(cl, "equilibration", 0) : Math.max(0, steps) / 10, 0.1,
            MdSettings.DEFAULT_FORCE_LIMIT);
        // an option of another integrator would be ignored: say so rather than run with its default
        for (var use : List.of(List.of("friction", Integrator.LANGEVIN), List.of("tau", Integrator.BUSSI),
            List.of("acceptance", Integrator.MC), List.of("equilibration", Integrator.MC))) {
            Integrator owner = (Integrator) use.get(1);
            if (cl.hasOption((String) use.get(0)) && integrator != owner) {
                throw new UsageException("--" + use.get(0) + " applies to --integrator " + owner.label() + " only, not "
                    + integrator.label());
            }
        }
        if (cl.hasOption("checkpoint-every") && !cl.hasOption("checkpoint")) {
            throw new UsageException("--checkpoint-every applies with --checkpoint FILE only");
        }
        long checkpointEvery = cl.hasOption("checkpoint-every") ? atLeast(cl, "checkpoint-every", 1)
            : Math.max(every, (Math.max(0, steps) / 10 / every) * every);
        MdRequest request = new MdRequest(Args.requiredPath(cl, "start"),
            Args.intValue(cl, "frame", -1, -1, Integer.MAX_VALUE), Args.optionalPath(cl, "potential"),
            Args.requiredPath(cl, "output"), Args.requiredPath(cl, "log"), settings, context.threads(),
            Args.optionalPath(cl, "checkpoint"), checkpointEvery, Args.optionalPath(cl, "model"));
        if (!request.output().getFileName().toString().endsWith(".h5")) {
            throw new UsageException("-o/--output must end in .h5, got '" + request.output() + "'");
        }
        List<Path> tables = request.potential() == null ? List.of()
            : PotentialFile.read(request.potential()).tables();
        new OutputGuard().input("-c/--start", request.start()).inputs("-c/--start (a shard it lists)",
                StartFile.shardsOf(request.start())).input("--potential", request.potential())
            .inputs("table of --potential", tables).input("--model", request.model())
            .sharded("-o/--output", request.output()).file("--log", request.log())
            .file("--checkpoint", request.checkpoint())
            .file("--checkpoint (its journal)", request.checkpoint() == null ? null : OutputJournal.of(request.checkpoint()))
            .file("--metrics", context.metricsFile()).check();
        MdEngine.Result result = new MdEngine(context.tool(), context.version(), context.commandLine(),
            context.metrics().registry(), context.err()).run(request);
        for (Path f : result.files()) {
            context.out().println(f);
        }
        context.err().println(String.format(Locale.ROOT, "%s: %d %s of %d beads in %.2f s (%.1f steps/s)", name(),
            result.steps(), integrator == Integrator.MC ? "sweeps" : "steps", result.beads(), result.seconds(),
            result.steps() / Math.max(result.seconds(), 1e-9)));
        if (steps % every != 0) {
            // frames fall on multiples of --output-every (as GROMACS's nstxout and LAMMPS's dump every N): the end of
            // such a run is in no frame, and a next run started from the trajectory would start from an older state
            // (said after the run: a refused run has its one message only)
            context.err().println(String.format(Locale.ROOT, "%s: warning: --steps %d is not a multiple of"
                + " --output-every %d: the last frame and THERMO row are of step %d; the state at step %d is %s",
                name(), steps, every, steps / every * every, steps, request.checkpoint() == null
                    ? "not written (give --checkpoint, or --steps a multiple of --output-every)"
                    : "in the checkpoint " + request.checkpoint()));
        }
    }

    private static long atLeast(CommandLine cl, String option, long min) {
        long v = parseLong(cl, option, min);
        if (v < min) {
            throw new UsageException("--" + option + " must be at least " + min + ", not " + v);
        }
        return v;
    }

    private static long parseLong(CommandLine cl, String option, long defaultValue) {
        String v = cl.getOptionValue(option);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " must be an integer, not '" + v + "'");
        }
    }
}
