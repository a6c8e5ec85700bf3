package io.cgflow.cli;

import io.cgflow.core.CgflowException;
import io.cgflow.core.ExitCode;
import io.cgflow.core.Version;
import io.cgflow.core.metrics.RunMetrics;
import io.cgflow.core.output.OutputTransaction;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The one {@code main} path of every cgflow tool: parses the command line, handles the common options,
 * runs the command and maps every outcome to an exit code (0 ok, 1 command line, 2 input, 3 internal,
 * 137 out of memory). Only {@link #main} calls {@link System#exit}; {@link #execute} returns the code,
 * so tests can drive a tool in-process.
 */
public final class ToolLauncher {
    private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

    private ToolLauncher() {
    }

    /** Entry point for a tool's {@code main}. */
    public static void main(ToolCommand command, String[] args) {
        int code = execute(command, args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** The exit code and the two streams of a run. */
    public record Outcome(int exitCode, String out, String err) {
    }

    /** Runs the tool in this JVM with its streams captured (tests, embedding). */
    public static Outcome capture(ToolCommand command, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        int code = execute(command, args, new PrintStream(out, true, utf8), new PrintStream(err, true, utf8));
        return new Outcome(code, out.toString(utf8), err.toString(utf8));
    }

    /** Runs the tool and returns its exit code. */
    public static int execute(ToolCommand command, String[] args, PrintStream out, PrintStream err) {
        configureLogging(args);
        Options options = allOptions(command);
        final CommandLine cl;
        try {
            cl = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            err.println(command.name() + ": " + e.getMessage());
            err.println("Try '" + command.name() + " --help'.");
            return ExitCode.USAGE.code();
        }
        if (cl.hasOption("help")) {
            printHelp(command, options, out);
            return ExitCode.OK.code();
        }
        if (cl.hasOption("version")) {
            out.println(command.name() + " " + Version.get());
            return ExitCode.OK.code();
        }
        java.util.Map<String, Integer> given = new java.util.LinkedHashMap<>();
        for (Option o : cl.getOptions()) {
            given.merge(o.getLongOpt() != null ? o.getLongOpt() : o.getOpt(), 1, Integer::sum);
        }
        for (java.util.Map.Entry<String, Integer> e : given.entrySet()) {
            if (e.getValue() > 1 && !command.repeatable().contains(e.getKey())) {
                err.println(command.name() + ": --" + e.getKey() + " is given " + e.getValue() + " times; it takes one"
                    + " value (" + String.join(", ", cl.getOptionValues(e.getKey()) == null ? new String[0]
                    : cl.getOptionValues(e.getKey())) + ")");
                err.println("Try '" + command.name() + " --help'.");
                return ExitCode.USAGE.code();
            }
        }
        List<String> positional = command.arguments();
        if (cl.getArgList().size() > positional.size()) {
            err.println(command.name() + ": unexpected argument '" + cl.getArgList().get(positional.size()) + "' ("
                + (positional.isEmpty() ? "every input is given with an option"
                    : "the arguments are " + String.join(" ", positional) + ", then options") + "; see --help)");
            return ExitCode.USAGE.code();
        }
        try {
            int threads = Args.intValue(cl, "threads", Runtime.getRuntime().availableProcessors(), 1, 4096);
            Args.choice(cl, "log-level", "info", LOG_LEVELS);
            Path metricsFile = Args.optionalPath(cl, "metrics");
            if (metricsFile != null) {
                // written last, after the tool's outputs: a location that cannot be written fails now, before any
                // output is replaced (staging creates and removes a temporary file, and the folders it made)
                try (OutputTransaction probe = new OutputTransaction()) {
                    probe.stage(metricsFile);
                }
            }
            RunMetrics metrics = new RunMetrics(command.name(), metricsFile != null || RunMetrics.pushgatewayConfigured());
            ToolContext context = new ToolContext(command.name(), Version.get(), List.of(args), threads, metrics,
                metricsFile, out, err);
            command.run(cl, context);
            metrics.publish(metricsFile);
            return ExitCode.OK.code();
        } catch (CgflowException e) {
            err.println(command.name() + ": " + (e.exitCode() == ExitCode.USAGE ? "" : "error: ") + e.getMessage());
            if (e.exitCode() == ExitCode.INTERNAL && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return e.exitCode().code();
        } catch (OutOfMemoryError e) {
            err.println(command.name() + ": error: out of memory (" + e.getMessage()
                + "); give the JVM more heap (CGFLOW_JAVA_OPTS=-Xmx…)" + command.memoryAdvice());
            return ExitCode.OUT_OF_MEMORY.code();
        } catch (java.nio.file.InvalidPathException e) {
            // a file name from an input file (a table, a shard list) that this machine cannot hold
            err.println(command.name() + ": error: " + Args.invalidPath(e));
            return ExitCode.BAD_INPUT.code();
        } catch (RuntimeException | Error e) {
            err.println(command.name() + ": internal error: " + e);
            e.printStackTrace(err);
            return ExitCode.INTERNAL.code();
        }
    }

    private static Options allOptions(ToolCommand command) {
        Options options = new Options();
        for (Option o : command.options().getOptions()) {
            options.addOption(o);
        }
        options.addOption(Option.builder("h").longOpt("help").desc("print this help and exit").build());
        options.addOption(Option.builder().longOpt("version").desc("print the version and exit").build());
        options.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
            .desc("worker threads (default: available processors)").build());
        options.addOption(Option.builder().longOpt("metrics").hasArg().argName("FILE")
            .desc("write run metrics in Prometheus text format to FILE (also pushed to $"
                + RunMetrics.PUSHGATEWAY_ENV + " when set)").build());
        options.addOption(Option.builder().longOpt("log-level").hasArg().argName("LEVEL")
            .desc("error, warn, info (default), debug or trace").build());
        return options;
    }

    private static void printHelp(ToolCommand command, Options options, PrintStream out) {
        HelpFormatter formatter = new HelpFormatter();
        formatter.setWidth(100);
        formatter.setOptionComparator(null);
        PrintWriter pw = new PrintWriter(out);
        String arguments = command.arguments().isEmpty() ? "" : " " + String.join(" ", command.arguments());
        formatter.printHelp(pw, 100, command.name() + arguments + " [options]", command.summary() + "\n\nOptions:",
            options, 2, 2, "\ncgflow " + Version.get() + ". Exit codes: 0 ok, 1 bad command line, 2 bad input, "
                + "3 internal error, 137 out of memory, 130/143 interrupted (SIGINT/SIGTERM).", false);
        pw.flush();
    }

    /** Sets the SLF4J simple logger levels before any logger is created. */
    private static void configureLogging(String[] args) {
        String level = "info";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-level") && i + 1 < args.length) {
                level = args[i + 1].toLowerCase(Locale.ROOT);
            } else if (args[i].startsWith("--log-level=")) {
                level = args[i].substring("--log-level=".length()).toLowerCase(Locale.ROOT);
            }
        }
        if (!LOG_LEVELS.contains(level)) {
            level = "info";
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        // jhdf logs every object it writes at INFO and warns that writing is alpha on every file
        System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
        // ND4J announces its backend, BLAS, cores and compiler at INFO (a dozen lines on the first use of an
        // array, such as the Adam optimiser's); the tools name the backend they use themselves. Kept at debug.
        if (level.equals("info")) {
            System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.deeplearning4j", "warn");
        }
    }
}
