package io.cgflow.cli;

import org.apache.commons.cli.CommandLine;
import java.util.List;
import org.apache.commons.cli.Options;

/**
 * A cgflow tool's command line: its own options, and the call into its engine. The common options
 * ({@code --help}, {@code --version}, {@code --threads}, {@code --metrics}, {@code --log-level}) are
 * added by {@link ToolLauncher}; a command declares only what is its own.
 */
public interface ToolCommand {
    /** Tool name as on the command line, e.g. {@code cgflow-convert}. */
    String name();

    /** One-line synopsis printed under the usage line of {@code --help}. */
    String summary();

    /** The tool's own options. */
    Options options();

    /**
     * Names of the positional arguments the tool takes, in order (for its usage line, e.g. {@code SUBCOMMAND},
     * {@code MODEL}); none by default, as every input is given with an option. The launcher refuses more
     * arguments than these; the command checks that the ones it needs are there.
     */
    default List<String> arguments() {
        return List.of();
    }

    /**
     * Long names of the options that may be given more than once (several inputs, one value per state); any other
     * option given twice is a command-line error, so that a later value never goes silently unused.
     */
    default java.util.Set<String> repeatable() {
        return java.util.Set.of();
    }

    /**
     * What else than more heap helps when the tool runs out of memory, as the end of a sentence (e.g. {@code " or write
     * smaller shards (--shard-frames)"}); nothing by default.
     */
    default String memoryAdvice() {
        return "";
    }

    /** Runs the tool. Throws a {@link io.cgflow.core.CgflowException} on any failure. */
    void run(CommandLine commandLine, ToolContext context);
}
