package io.cgflow.validate;

import io.cgflow.cli.Args;
import io.cgflow.cli.ToolCommand;
import io.cgflow.cli.ToolContext;
import io.cgflow.core.Provenance;
import io.cgflow.core.UsageException;
import io.cgflow.core.output.OutputGuard;
import io.cgflow.core.output.OutputTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code cgflow-validate}: one system's CG model against the atomistic reference, state by state
 * ({@link SystemValidation}), written as {@code *.validation.json} and a self-contained HTML report.
 */
public final class ValidateCommand implements ToolCommand {
    @Override
    public String name() {
        return "cgflow-validate";
    }

    @Override
    public String summary() {
        return "CG distributions against atomistic ones per state, with verdicts, as JSON and an HTML report"
            + " (docs/validation.md).\n  --state, --role, --reference, --cg (and --thermo) once per state, in the same"
            + " order";
    }

    @Override
    public java.util.Set<String> repeatable() {
        return java.util.Set.of("state", "role", "reference", "cg", "thermo", "run-metrics");
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("system").hasArg().argName("NAME").desc("the system's name").build());
        o.addOption(Option.builder().longOpt("architecture").hasArg().argName("ID")
            .desc("the network architecture's name, e.g. linear or 2x32 (default 'model')").build());
        o.addOption(Option.builder().longOpt("state").hasArg().argName("NAME").desc("a state's name (repeat per state)").build());
        o.addOption(Option.builder().longOpt("role").hasArg().argName("ROLE")
            .desc("train or holdout, per --state").build());
        o.addOption(Option.builder().longOpt("reference").hasArg().argName("REF.h5")
            .desc("atomistic reference distributions (cgflow-reference), per --state").build());
        o.addOption(Option.builder().longOpt("cg").hasArg().argName("CG.h5")
            .desc("distributions of the CG run (cgflow-reference on the cgflow-md trajectory), per --state").build());
        o.addOption(Option.builder().longOpt("thermo").hasArg().argName("THERMO.tsv")
            .desc("the CG run's THERMO.tsv (cgflow-md --log), per --state; all states or none").build());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("MODEL.h5")
            .desc("the trained model: its size and learned pair energies").build());
        o.addOption(Option.builder().longOpt("train-log").hasArg().argName("TRAIN.tsv")
            .desc("the training log (cgflow-train --log): training curves and convergence").build());
        o.addOption(Option.builder().longOpt("run-metrics").hasArg().argName("FILE.prom")
            .desc("a metrics file of a run to show (Prometheus text; repeat)").build());
        o.addOption(Option.builder().longOpt("tolerances").hasArg().argName("TOL.yaml")
            .desc("limits for the verdicts (default: docs/validation.md)").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("OUT.validation.json")
            .desc("the validation JSON").build());
        o.addOption(Option.builder().longOpt("html").hasArg().argName("OUT.html")
            .desc("the HTML report (default: the output's name with .html)").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, ToolContext context) {
        String system = required(cl, "system");
        Path out = Args.requiredPath(cl, "output");
        Path html = cl.hasOption("html") ? Args.optionalPath(cl, "html") : htmlBeside(out);
        List<String> names = values(cl, "state");
        List<String> roles = values(cl, "role");
        List<Path> refs = Args.paths(cl, "reference");
        List<Path> cgs = Args.paths(cl, "cg");
        List<Path> thermos = Args.paths(cl, "thermo");
        if (names.isEmpty()) {
            throw new UsageException("missing required option --state (with --role, --reference and --cg per state)");
        }
        if (roles.size() != names.size() || refs.size() != names.size() || cgs.size() != names.size()
            || !(thermos.isEmpty() || thermos.size() == names.size())) {
            throw new UsageException(names.size() + " --state, " + roles.size() + " --role, " + refs.size()
                + " --reference, " + cgs.size() + " --cg and " + thermos.size()
                + " --thermo: give --role, --reference and --cg once per --state (and --thermo for all or none)");
        }
        Set<String> seen = new HashSet<>();
        List<StateInput> states = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String role = roles.get(i);
            if (!role.equals(StateInput.TRAIN) && !role.equals(StateInput.HOLDOUT)) {
                throw new UsageException("--role " + role + " (state " + names.get(i) + "): expected train or holdout");
            }
            if (!seen.add(names.get(i))) {
                throw new UsageException("--state " + names.get(i) + " is given twice");
            }
            states.add(new StateInput(names.get(i), role, refs.get(i), cgs.get(i),
                thermos.isEmpty() ? null : thermos.get(i)));
        }
        Path model = Args.optionalPath(cl, "model");
        Path trainLog = Args.optionalPath(cl, "train-log");
        List<Path> metrics = Args.paths(cl, "run-metrics");
        Path tolFile = Args.optionalPath(cl, "tolerances");
        OutputGuard guard = new OutputGuard().inputs("--reference", refs).inputs("--cg", cgs)
            .inputs("--thermo", thermos).inputs("--run-metrics", metrics);
        if (model != null) {
            guard.input("--model", model);
        }
        if (trainLog != null) {
            guard.input("--train-log", trainLog);
        }
        if (tolFile != null) {
            guard.input("--tolerances", tolFile);
        }
        guard.file("-o/--output", out).file("--html", html).file("--metrics", context.metricsFile()).check();
        if (out.equals(html)) {
            throw new UsageException("--html and -o/--output name the same file " + out);
        }
        Tolerances tol = tolFile == null ? Tolerances.defaults() : Tolerances.read(tolFile);
        String arch = cl.hasOption("architecture") ? cl.getOptionValue("architecture") : "model";
        List<Path> inputs = new ArrayList<>();
        for (StateInput s : states) {
            inputs.add(s.reference());
            inputs.add(s.cg());
            if (s.thermo() != null) {
                inputs.add(s.thermo());
            }
        }
        if (model != null) {
            inputs.add(model);
        }
        if (trainLog != null) {
            inputs.add(trainLog);
        }
        inputs.addAll(metrics);
        if (tolFile != null) {
            inputs.add(tolFile);
        }
        Provenance prov = Provenance.of(context.tool(), context.version(), context.commandLine(), inputs);
        Map<String, Object> result = SystemValidation.run(new SystemValidation.Request(system, arch, states, model,
            trainLog, metrics, tol, prov));
        String json = JsonFiles.pretty(result);
        String page = HtmlReport.system(result);
        try (OutputTransaction tx = new OutputTransaction()) {
            OutputTransaction.writeString(tx.stage(out), json);
            OutputTransaction.writeString(tx.stage(html), page);
            tx.commit();
        }
        context.err().println("cgflow-validate: " + system + " (" + arch + "): " + result.get("verdict") + "; "
            + out + ", " + html);
    }

    static String required(CommandLine cl, String option) {
        String v = cl.getOptionValue(option);
        if (v == null || v.isBlank()) {
            throw new UsageException("missing required option --" + option);
        }
        return v;
    }

    static List<String> values(CommandLine cl, String option) {
        String[] v = cl.getOptionValues(option);
        return v == null ? List.of() : List.of(v);
    }

    static Path htmlBeside(Path json) {
        String name = json.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.resolveSibling(base + ".html");
    }
}
