package io.cgflow.reference;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.DistributionTables;
import io.cgflow.cli.Args;
import io.cgflow.cli.ToolCommand;
import io.cgflow.cli.ToolContext;
import io.cgflow.core.UsageException;
import io.cgflow.core.metrics.Progress;
import io.cgflow.core.output.OutputGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code cgflow-reference}: map H5MD trajectories to CG beads and compute reference distributions. */
public final class ReferenceCommand implements ToolCommand {
    @Override
    public String name() {
        return "cgflow-reference";
    }

    @Override
    public String memoryAdvice() {
        return " or write smaller shards (--cg-shard-frames)";
    }

    @Override
    public String summary() {
        return "Map an atomistic H5MD trajectory (shards or replicas of one state) to CG beads and compute the "
            + "reference distributions: g(r) of every bead-type pair, bond-length, bond-angle and dihedral "
            + "distributions of every bonded type, with block-averaged error bars.";
    }

    @Override
    public java.util.Set<String> repeatable() {
        return java.util.Set.of("input");
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder("i").longOpt("input").hasArg().argName("H5MD")
            .desc("H5MD trajectory; repeat for the shards of one trajectory or replicas of one state (in order)")
            .build());
        o.addOption(Option.builder("m").longOpt("mapping").hasArg().argName("FILE")
            .desc("mapping: cgflow YAML (.yaml/.yml/.json) or VOTCA XML (.xml); omit for a trajectory that is "
                + "already CG").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("DIST.h5")
            .desc("reference distributions (HDF5, docs/formats.md)").build());
        o.addOption(Option.builder().longOpt("cg-output").hasArg().argName("CG.h5")
            .desc("also write the mapped CG trajectory (H5MD with bead types, masses and connectivity)").build());
        o.addOption(Option.builder().longOpt("cg-shard-frames").hasArg().argName("N")
            .desc("frames per shard of --cg-output (default: 128 MiB of positions per shard)").build());
        o.addOption(Option.builder().longOpt("tables").hasArg().argName("DIR")
            .desc("also write one text table per distribution: rdf-A-B.tsv, bond-NAME.tsv, angle-NAME.tsv, "
                + "dihedral-NAME.tsv (columns x value error)").build());
        o.addOption(Option.builder().longOpt("rdf-max").hasArg().argName("NM")
            .desc("RDF range [0, NM) (default: half the smallest box width over the frames, in whole bins; "
                + "larger values are refused)").build());
        o.addOption(Option.builder().longOpt("rdf-bin").hasArg().argName("NM")
            .desc("RDF bin width (default " + DistributionSettings.DEFAULT_RDF_BIN + ")").build());
        o.addOption(Option.builder().longOpt("bond-max").hasArg().argName("NM")
            .desc("bond-length range [0, NM) (default " + DistributionSettings.DEFAULT_BOND_MAX + ")").build());
        o.addOption(Option.builder().longOpt("bond-bin").hasArg().argName("NM")
            .desc("bond-length bin width (default " + DistributionSettings.DEFAULT_BOND_BIN + ")").build());
        o.addOption(Option.builder().longOpt("angle-bin").hasArg().argName("DEG")
            .desc("bond-angle bin width on [0, 180] (default " + DistributionSettings.DEFAULT_ANGLE_BIN + ")").build());
        o.addOption(Option.builder().longOpt("dihedral-bin").hasArg().argName("DEG")
            .desc("dihedral bin width on [-180, 180) (default " + DistributionSettings.DEFAULT_DIHEDRAL_BIN + ")")
            .build());
        o.addOption(Option.builder().longOpt("exclusions").hasArg().argName("WHICH")
            .desc("intra-molecular bead pairs left out of RDFs: bonded (joined by a bond or angle), all, none "
                + "(default: as the mapping says, normally bonded)").build());
        o.addOption(Option.builder().longOpt("first").hasArg().argName("N")
            .desc("first frame, 0-based over the concatenated inputs (default 0)").build());
        o.addOption(Option.builder().longOpt("last").hasArg().argName("N")
            .desc("last frame, inclusive (default: the end)").build());
        o.addOption(Option.builder().longOpt("stride").hasArg().argName("N")
            .desc("every N-th frame from --first (default 1)").build());
        o.addOption(Option.builder().longOpt("block-frames").hasArg().argName("N")
            .desc("frames per block for the error bars (default: a tenth of the selected frames)").build());
        o.addOption(Option.builder().longOpt("temperature").hasArg().argName("K")
            .desc("temperature of the state, recorded with the distributions").build());
        o.addOption(Option.builder().longOpt("pressure").hasArg().argName("BAR")
            .desc("pressure of the state the CG model should reproduce, recorded with the distributions (a training"
                + " target; the pressure the atomistic dynamics felt, without analytic tail corrections)").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, ToolContext context) {
        List<Path> inputs = Args.paths(cl, "input");
        if (inputs.isEmpty()) {
            throw new UsageException("missing required option -i/--input");
        }
        double rdfBin = Args.doubleValue(cl, "rdf-bin", DistributionSettings.DEFAULT_RDF_BIN, 1e-6, 10);
        ReferenceRequest request = new ReferenceRequest(inputs, Args.optionalPath(cl, "mapping"),
            Args.requiredPath(cl, "output"), Args.optionalPath(cl, "cg-output"), Args.optionalPath(cl, "tables"),
            cl.hasOption("rdf-max") ? OptionalDouble.of(Args.doubleValue(cl, "rdf-max", 0, rdfBin, 1e6))
                : OptionalDouble.empty(),
            rdfBin,
            Args.doubleValue(cl, "bond-max", DistributionSettings.DEFAULT_BOND_MAX, 1e-6, 1e6),
            Args.doubleValue(cl, "bond-bin", DistributionSettings.DEFAULT_BOND_BIN, 1e-7, 10),
            Args.doubleValue(cl, "angle-bin", DistributionSettings.DEFAULT_ANGLE_BIN, 1e-4, 90),
            Args.doubleValue(cl, "dihedral-bin", DistributionSettings.DEFAULT_DIHEDRAL_BIN, 1e-4, 180),
            Args.frameSelection(cl),
            Args.optionalInt(cl, "block-frames", 1, Integer.MAX_VALUE),
            cl.hasOption("exclusions") ? Args.choice(cl, "exclusions", null, List.of("bonded", "all", "none")) : null,
            Args.doubleValue(cl, "temperature", Double.NaN, io.cgflow.core.Temperature.MIN_KELVIN,
                io.cgflow.core.Temperature.MAX_KELVIN),
            Args.doubleValue(cl, "pressure", Double.NaN, -1e6, 1e6),
            Args.optionalInt(cl, "cg-shard-frames", 1, Integer.MAX_VALUE),
            context.threads());
        new OutputGuard().inputs("-i/--input", request.inputs()).input("-m/--mapping", request.mapping())
            .file("-o/--output", request.output()).sharded("--cg-output", request.cgOutput())
            .folder("--tables", request.tables(), DistributionTables.FILE_NAMES, "rdf-A-B.tsv",
                OutputGuard.firstLineStarts(DistributionTables.FIRST_LINES), name())
            .file("--metrics", context.metricsFile()).check();
        checkBins(request);
        checkDistinctInputs(request);
        long totalBytes = inputs.stream().mapToLong(ReferenceCommand::size).sum();
        ReferenceEngine engine = new ReferenceEngine(context.tool(), context.version(), context.commandLine(),
            context.metrics().registry(), new Progress("frames", totalBytes, 10.0, context.err()));
        ReferenceEngine.Result result = engine.run(request);
        for (Path f : result.files()) {
            context.out().println(f);
        }
        var s = result.distributions().summary();
        context.err().println(String.format(Locale.ROOT,
            "%s: %d distributions from %d frames (%d full block(s) of %d for the errors), mean volume %.4g nm^3, %.2f s (%.1f frames/s)",
            name(), result.distributions().distributions().size(), s.frames(), s.blocks(), s.blockFrames(),
            s.meanVolume(), result.seconds(), s.frames() / Math.max(result.seconds(), 1e-9)));
        for (var d : result.distributions().distributions()) {
            if (d.kind() != Distribution.Kind.RDF && d.outside() > 0) {
                long inside = 0;
                for (long c : d.counts()) {
                    inside += c;
                }
                context.err().println(String.format(Locale.ROOT, "%s: warning: %s %s: %d of %d values fell outside"
                        + " [%.4g, %.4g) and are not in its distribution, which is normalised over the other %d%s", name(),
                    d.kind().prefix(), d.name(), d.outside(), d.outside() + inside, d.grid().min(),
                    d.grid().max(), inside, d.kind() == Distribution.Kind.BOND
                        ? " (raise --bond-max)" : ""));
            }
        }
        if (s.blocks() < 2) {
            context.err().println(String.format(Locale.ROOT, "%s: warning: the error bars need at least two full "
                    + "blocks: with --block-frames %d and %d frames they are NaN (use --block-frames %d or less)",
                name(), s.blockFrames(), s.frames(), Math.max(1, s.frames() / 2)));
        }
    }

    /** Ranges and bin widths that would need more than {@link DistributionSettings#MAX_BINS} bins are refused. */
    private static void checkBins(ReferenceRequest r) {
        if (r.rdfMax().isPresent()) {
            checkBins("--rdf-max " + r.rdfMax().getAsDouble() + " with --rdf-bin " + r.rdfBin(),
                DistributionSettings.bins(r.rdfMax().getAsDouble(), r.rdfBin()));
        }
        checkBins("--bond-max " + r.bondMax() + " with --bond-bin " + r.bondBin(),
            DistributionSettings.bins(r.bondMax(), r.bondBin()));
        if (r.bondBin() > r.bondMax()) {
            throw new UsageException("--bond-bin " + r.bondBin() + " is wider than the bond grid [0, " + r.bondMax()
                + ") of --bond-max");
        }
        checkBins("--angle-bin " + r.angleBin() + " on [0, 180]", DistributionSettings.bins(180, r.angleBin()));
        checkBins("--dihedral-bin " + r.dihedralBin() + " on [-180, 180)", DistributionSettings.bins(360, r.dihedralBin()));
        dividing("angle-bin", r.angleBin(), 180);
        dividing("dihedral-bin", r.dihedralBin(), 360);
    }

    /**
     * Angles and dihedrals have a fixed range: a bin width that does not divide it would leave the last part of the
     * range (straight angles, trans dihedrals) outside every bin, silently.
     */
    private static void dividing(String option, double bin, double range) {
        double n = range / bin;
        if (Math.abs(n - Math.rint(n)) > 1e-9 * n) {
            throw new UsageException("--" + option + " " + bin + " does not divide the " + (int) range + " degrees of"
                + " the range into whole bins (" + String.format(java.util.Locale.ROOT, "%.4g", n) + "); use a width"
                + " such as " + range / Math.max(1, Math.floor(n)) + " or " + range / Math.ceil(n));
        }
    }

    /** Each -i is a part or a replica of its own: the same file twice (by its real path) would count its frames twice. */
    private static void checkDistinctInputs(ReferenceRequest r) {
        java.util.Set<Path> inputs = new java.util.HashSet<>();
        for (Path in : r.inputs()) {
            Path same;
            try {
                same = in.toRealPath();
            } catch (java.io.IOException e) {
                same = in.toAbsolutePath().normalize();
            }
            if (!inputs.add(same)) {
                throw new UsageException("-i " + in + " is given twice: each -i is a part or a replica of its own");
            }
        }
    }

    private static void checkBins(String what, long bins) {
        if (bins > DistributionSettings.MAX_BINS) {
            throw new UsageException(what + " makes " + bins + " bins; at most " + DistributionSettings.MAX_BINS
                + " are allowed per distribution: use a smaller range or wider bins");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
