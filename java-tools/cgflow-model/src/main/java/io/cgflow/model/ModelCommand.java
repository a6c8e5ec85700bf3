package io.cgflow.model;

import io.cgflow.cli.Args;
import io.cgflow.cli.ToolCommand;
import io.cgflow.cli.ToolContext;
import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.UsageException;
import io.cgflow.core.output.OutputGuard;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.potentials.TableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code cgflow-model SUBCOMMAND MODEL [options]}: {@code info} (what the model file holds), {@code pair-energy}
 * (the energy of two isolated beads against their distance) and {@code export-tables} (GROMACS or LAMMPS tables
 * of the pair energies and the bonded tables). The subcommand and the model file are positional; each subcommand
 * accepts only its own options (and the common ones of every tool).
 */
public final class ModelCommand implements ToolCommand {
    /** Rows of a pair-energy table at most. */
    public static final int MAX_ROWS = 1_000_000;
    /** Default spacing of exported pair tables, nm (GROMACS's recommended table spacing). */
    public static final double DEFAULT_DR = 0.002;
    /** Default length GROMACS tables reach beyond the cut-off, nm (mdrun's default table-extension). */
    public static final double GROMACS_EXTENSION = 1.0;

    private static final Map<String, Set<String>> OWN_OPTIONS = Map.of(
        "info", Set.of("json"),
        "pair-energy", Set.of("types", "r", "output"),
        "export-tables", Set.of("format", "output", "r-max", "dr", "units"));

    @Override
    public String name() {
        return "cgflow-model";
    }

    @Override
    public String summary() {
        return "Inspect a trained model, tabulate its pair energy, export its tables (docs/cgflow-model.md).\n"
            + "  info MODEL [--json]: settings, networks, prior, bonded tables, provenance\n"
            + "  pair-energy MODEL --types A,B --r FROM:TO:STEP [-o OUT.tsv]: E(r) − E(∞) of two isolated beads\n"
            + "  export-tables MODEL --format gromacs|lammps -o DIR [--r-max R] [--dr DR] [--units real|native]";
    }

    @Override
    public List<String> arguments() {
        return List.of("SUBCOMMAND", "MODEL");
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("json").desc("info: machine-readable JSON instead of text").build());
        o.addOption(Option.builder().longOpt("types").hasArg().argName("A,B")
            .desc("pair-energy: the two bead types").build());
        o.addOption(Option.builder().longOpt("r").hasArg().argName("FROM:TO:STEP")
            .desc("pair-energy: distances, nm (0 < FROM < TO, STEP > 0, at most " + MAX_ROWS + " rows)").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("PATH")
            .desc("pair-energy: the TSV file (default: standard output); export-tables: the folder").build());
        o.addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT")
            .desc("export-tables: gromacs or lammps").build());
        o.addOption(Option.builder().longOpt("r-max").hasArg().argName("R")
            .desc("export-tables: last distance of the pair tables, nm (default: the longer cut-off of network and"
                + " prior, plus " + GROMACS_EXTENSION + " nm for gromacs)").build());
        o.addOption(Option.builder().longOpt("dr").hasArg().argName("DR")
            .desc("export-tables: spacing of the pair tables, nm (default " + DEFAULT_DR + ")").build());
        o.addOption(Option.builder().longOpt("units").hasArg().argName("UNITS")
            .desc("export-tables, lammps: real (Å, kcal/mol; default) or native (nm, kJ/mol)").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, ToolContext context) {
        List<String> positional = cl.getArgList();
        if (positional.isEmpty()) {
            throw new UsageException("missing the subcommand: one of " + String.join(", ", subcommands())
                + " (see --help)");
        }
        String sub = positional.get(0);
        if (!OWN_OPTIONS.containsKey(sub)) {
            throw new UsageException("unknown subcommand '" + sub + "'; one of " + String.join(", ", subcommands()));
        }
        if (positional.size() < 2) {
            throw new UsageException(sub + ": missing the model file (cgflow-model " + sub + " MODEL …)");
        }
        for (Option option : cl.getOptions()) {
            String name = option.getLongOpt();
            boolean foreign = OWN_OPTIONS.values().stream().anyMatch(s -> s.contains(name));
            if (foreign && !OWN_OPTIONS.get(sub).contains(name)) {
                throw new UsageException("--" + name + " is not an option of " + sub);
            }
        }
        Path model = Args.path("MODEL", positional.get(1));
        switch (sub) {
            case "info" -> info(model, cl, context);
            case "pair-energy" -> pairEnergy(model, cl, context);
            default -> exportTables(model, cl, context);
        }
    }

    private static List<String> subcommands() {
        return List.of("info", "pair-energy", "export-tables");
    }

    private static TrainedModel read(Path model) {
        return ModelFile.read(model);
    }

    private static void info(Path model, CommandLine cl, ToolContext context) {
        new OutputGuard().input("MODEL", model).file("--metrics", context.metricsFile()).check();
        TrainedModel m = read(model);
        context.out().print(cl.hasOption("json") ? ModelInfo.json(model.toString(), m)
            : ModelInfo.text(model.toString(), m));
    }

    /** {@code A,B}: two bead types of the model. */
    private static String[] types(CommandLine cl, Path model, TrainedModel m) {
        String v = cl.getOptionValue("types");
        if (v == null) {
            throw new UsageException("pair-energy: missing required option --types A,B");
        }
        String[] t = v.split(",", -1);
        if (t.length != 2 || t[0].isBlank() || t[1].isBlank()) {
            throw new UsageException("--types expects two bead types separated by a comma, got '" + v + "'");
        }
        for (String type : t) {
            if (!m.beadTypes().contains(type.trim())) {
                throw InputException.in(model, "bead type " + type.trim() + " (--types) is not in the model; its bead"
                    + " types are " + m.beadTypes());
            }
        }
        return new String[] {t[0].trim(), t[1].trim()};
    }

    /** {@code FROM:TO:STEP} as the distances FROM + k·STEP ≤ TO (within 1e-9 steps). */
    static double[] distances(String v) {
        if (v == null) {
            throw new UsageException("pair-energy: missing required option --r FROM:TO:STEP");
        }
        String[] p = v.split(":", -1);
        if (p.length != 3) {
            throw new UsageException("--r expects FROM:TO:STEP in nm, got '" + v + "'");
        }
        double[] n = new double[3];
        for (int k = 0; k < 3; k++) {
            try {
                n[k] = Double.parseDouble(p[k].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--r expects FROM:TO:STEP in nm, got '" + v + "' ('" + p[k] + "' is not a"
                    + " number)");
            }
            if (!Double.isFinite(n[k])) {
                throw new UsageException("--r: '" + p[k] + "' is not a finite number");
            }
        }
        if (!(n[0] > 0)) {
            throw new UsageException("--r: FROM must be positive (r > 0), got " + p[0].trim());
        }
        if (!(n[1] > n[0])) {
            throw new UsageException("--r: TO must be larger than FROM, got " + p[0].trim() + ":" + p[1].trim());
        }
        if (!(n[2] > 0)) {
            throw new UsageException("--r: STEP must be positive, got " + p[2].trim());
        }
        double intervals = Math.floor((n[1] - n[0]) / n[2] + 1e-9);
        if (intervals + 1 > MAX_ROWS) {
            throw new UsageException("--r " + v + " gives " + String.format(Locale.ROOT, "%.0f", intervals + 1)
                + " rows; at most " + MAX_ROWS);
        }
        double[] r = new double[(int) intervals + 1];
        for (int k = 0; k < r.length; k++) {
            r[k] = n[0] + k * n[2];
        }
        return r;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.12g", v);
    }

    /** The provenance lines of an output: tool, version, command line, the model's SHA-256. */
    private static List<String> provenance(ToolContext context, Path model) {
        List<String> lines = new ArrayList<>();
        lines.add(context.tool() + " " + context.version() + ": " + context.commandLine());
        lines.add("model " + model + " sha256 " + Provenance.sha256(model));
        return lines;
    }

    private static void pairEnergy(Path model, CommandLine cl, ToolContext context) {
        double[] r = distances(cl.getOptionValue("r"));
        Path out = Args.optionalPath(cl, "output");
        new OutputGuard().input("MODEL", model).file("-o/--output", out)
            .file("--metrics", context.metricsFile()).check();
        TrainedModel m = read(model);
        String[] t = types(cl, model, m);
        PairEnergy pairs = pairs(model, m);
        StringBuilder sb = new StringBuilder();
        for (String line : provenance(context, model)) {
            sb.append("# ").append(line).append('\n');
        }
        sb.append("# E(r) - E(infinity) of an isolated ").append(t[0]).append(' ').append(t[1])
            .append(" pair: network (both beads' descriptors), prior table, and their sum")
            .append(pairs.linear() ? "" : "; the networks have hidden layers, so this is the isolated pair's energy,"
                + " not a pair potential of the many-body model").append('\n');
        sb.append("# r_nm\tnetwork_kJ_mol\tprior_kJ_mol\ttotal_kJ_mol\n");
        for (double x : r) {
            double network = pairs.network(t[0], t[1], x);
            double prior;
            try {
                prior = pairs.prior(t[0], t[1], x, false);
            } catch (IllegalArgumentException e) {
                throw InputException.in(model, e.getMessage() + " (--r " + cl.getOptionValue("r") + ")");
            }
            sb.append(num(x)).append('\t').append(num(network)).append('\t').append(num(prior)).append('\t')
                .append(num(network + prior)).append('\n');
        }
        if (out == null) {
            context.out().print(sb);
        } else {
            OutputTransaction.writeString(out, sb.toString());
            context.out().println(out);
        }
    }

    private static PairEnergy pairs(Path model, TrainedModel m) {
        try {
            return new PairEnergy(m);
        } catch (IllegalArgumentException e) {
            throw InputException.in(model, e.getMessage());
        }
    }

    private static void exportTables(Path model, CommandLine cl, ToolContext context) {
        String f = cl.getOptionValue("format");
        if (f == null) {
            throw new UsageException("export-tables: missing required option --format gromacs|lammps");
        }
        TableExport.Format format = switch (f.trim().toLowerCase(Locale.ROOT)) {
            case "gromacs" -> TableExport.Format.GROMACS;
            case "lammps" -> TableExport.Format.LAMMPS;
            default -> throw new UsageException("--format must be gromacs or lammps, got '" + f + "'");
        };
        Path dir = Args.optionalPath(cl, "output");
        if (dir == null) {
            throw new UsageException("export-tables: missing required option -o/--output DIR");
        }
        double dr = Args.doubleValue(cl, "dr", DEFAULT_DR, Double.MIN_VALUE, 1e3);
        double rMaxGiven = Args.doubleValue(cl, "r-max", Double.NaN, Double.MIN_VALUE, 1e3);
        String unitsName = Args.choice(cl, "units", "real", List.of("real", "native"));
        if (cl.hasOption("units") && format == TableExport.Format.GROMACS) {
            throw new UsageException("--units is for LAMMPS tables; GROMACS tables are in nm and kJ/mol");
        }
        TableFiles.Units units = unitsName.equals("real") ? TableFiles.REAL : TableFiles.NATIVE;
        new OutputGuard().input("MODEL", model)
            .folder("-o/--output", dir, TableExport.FILE_NAMES, format == TableExport.Format.GROMACS ? "table_A_B.xvg"
                : "pair.table", OutputGuard.firstLineStarts(List.of("# " + context.tool() + " ")), context.tool())
            .file("--metrics", context.metricsFile()).check();
        TrainedModel m = read(model);
        PairEnergy pairs = pairs(model, m);
        double reach = Math.max(m.cutoff(), pairs.priorCutoff());
        double rMax = Double.isNaN(rMaxGiven)
            ? reach + (format == TableExport.Format.GROMACS ? GROMACS_EXTENSION : 0) : rMaxGiven;
        double r0 = format == TableExport.Format.GROMACS ? 0 : dr;
        double points = Math.round((rMax - r0) / dr) + 1;
        if (points > MAX_ROWS) {
            throw new UsageException(String.format(Locale.ROOT, "--r-max %s nm and --dr %s nm give %.0f points per"
                + " table; at most %d", rMax, dr, points, MAX_ROWS));
        }
        if (points < 3) {
            throw new UsageException(String.format(Locale.ROOT, "--r-max %s nm and --dr %s nm give fewer than 3"
                + " points per table", rMax, dr));
        }
        List<String> header = new ArrayList<>(provenance(context, model));
        header.add(format == TableExport.Format.GROMACS ? "GROMACS tables: nm, kJ/mol, degrees"
            : "LAMMPS tables: units " + unitsName + (unitsName.equals("real") ? " (Angstrom, kcal/mol)"
                : " (nm, kJ/mol)") + ", angles in degrees");
        TableExport.Result result;
        try {
            result = TableExport.export(m, format, rMax, dr, units, header);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (OutputTransaction tx = new OutputTransaction()) {
            tx.sweepOnCommit(dir, name -> TableExport.FILE_NAMES.matcher(name).matches());
            List<Path> written = new ArrayList<>();
            for (Map.Entry<String, String> e : result.files().entrySet()) {
                Path target = dir.resolve(e.getKey());
                Files.writeString(tx.stage(target), e.getValue(), StandardCharsets.UTF_8);
                written.add(target);
            }
            tx.commit();
            for (Path p : written) {
                context.out().println(p);
            }
            for (String w : result.warnings()) {
                context.err().println(context.tool() + ": warning: " + w);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tables to " + dir, e);
        }
    }
}
