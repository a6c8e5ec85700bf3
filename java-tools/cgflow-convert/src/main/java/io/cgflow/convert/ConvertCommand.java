package io.cgflow.convert;

import io.cgflow.cli.Args;
import io.cgflow.cli.ToolCommand;
import io.cgflow.cli.ToolContext;
import io.cgflow.core.metrics.Progress;
import io.cgflow.core.output.OutputGuard;
import io.cgflow.io.trajectory.LammpsUnits;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.Trajectories;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code cgflow-convert}: atomistic trajectories (XTC, TRR, GRO, PDB, XYZ, LAMMPS dump, DCD, H5MD) to H5MD. */
public final class ConvertCommand implements ToolCommand {
    @Override
    public String name() {
        return "cgflow-convert";
    }

    @Override
    public String memoryAdvice() {
        return " or write smaller shards (--shard-frames)";
    }

    @Override
    public String summary() {
        return "Convert a trajectory (one or several parts, concatenated) to H5MD 1.1, in shards of bounded "
            + "frame count.";
    }

    @Override
    public java.util.Set<String> repeatable() {
        return java.util.Set.of("input");
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder("i").longOpt("input").hasArg().argName("FILE")
            .desc("trajectory file; repeat for several parts of one trajectory, concatenated in order "
                + "(a first frame repeating the previous part's last step is dropped)").build());
        o.addOption(Option.builder("s").longOpt("structure").hasArg().argName("FILE")
            .desc("structure with atom names, residues, masses, box: GRO, PDB or LAMMPS data "
                + "(.data/.lmp/data.*); optional for H5MD input").build());
        o.addOption(Option.builder("p").longOpt("topology").hasArg().argName("FILE")
            .desc("topology whose masses and bonds complete the structure: GROMACS .top (includes searched next to "
                + "it, in $GMXLIB, then /usr/share/gromacs/top) or a LAMMPS data file; its atoms must match the "
                + "structure's. Bonds let cgflow-reference make long molecules whole").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("OUT.h5")
            .desc("output H5MD file; shards are written as OUT-00000.h5, OUT-00001.h5 … with the list in "
                + "OUT.shards.txt").build());
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FMT")
            .desc("input format for every part: " + TrajectoryFormat.names() + " (default: from each file's "
                + "extension)").build());
        o.addOption(Option.builder().longOpt("first").hasArg().argName("N")
            .desc("first frame to convert, 0-based over the concatenated parts (default 0)").build());
        o.addOption(Option.builder().longOpt("last").hasArg().argName("N")
            .desc("last frame to convert, inclusive (default: the end)").build());
        o.addOption(Option.builder().longOpt("stride").hasArg().argName("N")
            .desc("convert every N-th frame from --first (default 1)").build());
        o.addOption(Option.builder().longOpt("shard-frames").hasArg().argName("N")
            .desc("write shards of at most N frames (always named OUT-NNNNN.h5); default: shards of "
                + (io.cgflow.io.h5md.H5mdShardWriter.DEFAULT_SHARD_BYTES >> 20) + " MiB of positions, and a trajectory that "
                + "fits one shard is written as OUT.h5").build());
        o.addOption(Option.builder().longOpt("compression").hasArg().argName("0-9")
            .desc("deflate level of the positions, with byte shuffle (default 0: none)").build());
        o.addOption(Option.builder().longOpt("timestep").hasArg().argName("PS")
            .desc("ps per MD step, for formats storing steps but no time (LAMMPS dump, DCD); sets time = "
                + "step × PS").build());
        o.addOption(Option.builder().longOpt("lammps-units").hasArg().argName("STYLE")
            .desc("LAMMPS unit style of dumps and data files: real (default), metal, nano, si, cgs, electron, "
                + "micro, lj").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, ToolContext context) {
        ConversionRequest request = new ConversionRequest(
            requiredInputs(cl),
            cl.hasOption("format") ? TrajectoryFormat.parse(cl.getOptionValue("format")) : null,
            Args.optionalPath(cl, "structure"),
            Args.requiredPath(cl, "output"),
            Args.frameSelection(cl),
            Args.optionalInt(cl, "shard-frames", 1, Integer.MAX_VALUE),
            Args.intValue(cl, "compression", 0, 0, 9),
            new Trajectories.ReadOptions(LammpsUnits.parse(cl.getOptionValue("lammps-units", "real")),
                Args.doubleValue(cl, "timestep", Double.NaN, Double.MIN_VALUE, 1e9)),
            context.threads(),
            Args.optionalPath(cl, "topology"));
        new OutputGuard().inputs("-i/--input", request.inputs()).input("-s/--structure", request.structure())
            .input("-p/--topology", request.topology()).sharded("-o/--output", request.output())
            .file("--metrics", context.metricsFile()).check();
        long totalBytes = request.inputs().stream().mapToLong(ConvertCommand::size).sum();
        Progress progress = new Progress("frames", totalBytes, 10.0, context.err());
        TrajectoryConverter converter = new TrajectoryConverter(context.tool(), context.version(),
            context.commandLine(), context.metrics()::registry, progress);
        ConversionResult result = converter.convert(request);
        for (Path f : result.files()) {
            context.out().println(f);
        }
        // no String.format: java.util.Formatter's first use costs a short conversion several ms
        double seconds = Math.max(result.seconds(), 1e-9);
        context.err().println(name() + ": " + result.frames() + " frames of " + result.atoms() + " atoms in "
            + result.files().size() + " file(s), " + fixed(result.seconds(), 2) + " s ("
            + fixed(result.frames() / seconds, 1) + " frames/s, " + fixed(result.bytesRead() / 1e6 / seconds, 1)
            + " MB/s of input)" + (result.duplicatesDropped() > 0 ? ", " + result.duplicatesDropped()
                + " repeated boundary frame(s) dropped" : ""));
    }

    /** {@code v} with {@code digits} decimals, rounded half up (what {@code %.Nf} prints). */
    static String fixed(double v, int digits) {
        return java.math.BigDecimal.valueOf(v).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static java.util.List<Path> requiredInputs(CommandLine cl) {
        java.util.List<Path> inputs = Args.paths(cl, "input");
        if (inputs.isEmpty()) {
            throw new io.cgflow.core.UsageException("missing required option -i/--input");
        }
        return inputs;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
