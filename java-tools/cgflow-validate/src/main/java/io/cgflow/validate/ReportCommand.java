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
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code cgflow-report}: the campaign page across systems and architectures ({@link CampaignReport}). */
public final class ReportCommand implements ToolCommand {
    @Override
    public String name() {
        return "cgflow-report";
    }

    @Override
    public String summary() {
        return "One page across a campaign's systems and network architectures, from their *.validation.json"
            + " (docs/validation.md)";
    }

    @Override
    public java.util.Set<String> repeatable() {
        return java.util.Set.of("input", "run-metrics");
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder("i").longOpt("input").hasArg().argName("X.validation.json")
            .desc("a validation file (cgflow-validate -o); repeat").build());
        o.addOption(Option.builder().longOpt("run-metrics").hasArg().argName("FILE.prom")
            .desc("a task's metrics file to list (Prometheus text; repeat)").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("campaign.json")
            .desc("the campaign JSON").build());
        o.addOption(Option.builder().longOpt("html").hasArg().argName("campaign.html")
            .desc("the campaign page (default: the output's name with .html)").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, ToolContext context) {
        List<Path> in = Args.paths(cl, "input");
        if (in.isEmpty()) {
            throw new UsageException("missing required option -i/--input (a validation file; repeat)");
        }
        List<Path> metrics = Args.paths(cl, "run-metrics");
        Path out = Args.requiredPath(cl, "output");
        Path html = cl.hasOption("html") ? Args.optionalPath(cl, "html") : ValidateCommand.htmlBeside(out);
        // the system reports the campaign page links to (NAME.validation.html beside each NAME.validation.json)
        List<Path> linked = new ArrayList<>();
        for (Path p : in) {
            if (p.getFileName() != null && p.getFileName().toString().endsWith(".validation.json")) {
                linked.add(ValidateCommand.htmlBeside(p));
            }
        }
        new OutputGuard().inputs("-i/--input", in).inputs("-i/--input (the report it links to)", linked)
            .inputs("--run-metrics", metrics).file("-o/--output", out)
            .file("--html", html).file("--metrics", context.metricsFile()).check();
        if (out.equals(html)) {
            throw new UsageException("--html and -o/--output name the same file " + out);
        }
        List<Path> all = new ArrayList<>(in);
        all.addAll(metrics);
        Provenance prov = Provenance.of(context.tool(), context.version(), context.commandLine(), all);
        Map<String, Object> c = CampaignReport.run(in, metrics, prov);
        String json = JsonFiles.pretty(c);
        String page = CampaignReport.html(c);
        try (OutputTransaction tx = new OutputTransaction()) {
            OutputTransaction.writeString(tx.stage(out), json);
            OutputTransaction.writeString(tx.stage(html), page);
            tx.commit();
        }
        context.err().println("cgflow-report: " + ((List<?>) c.get("rows")).size() + " model(s), verdict "
            + c.get("verdict") + "; " + out + ", " + html);
    }
}
