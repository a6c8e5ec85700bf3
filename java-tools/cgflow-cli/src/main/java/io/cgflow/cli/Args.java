package io.cgflow.cli;

import io.cgflow.core.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.commons.cli.CommandLine;

/** Typed access to option values; a malformed value is a {@link UsageException} naming the option. */
public final class Args {
    private Args() {
    }

    public static Path requiredPath(CommandLine cl, String option) {
        String v = cl.getOptionValue(option);
        if (v == null) {
            throw new UsageException("missing required option --" + option);
        }
        return optionPath(option, v);
    }

    public static Path optionalPath(CommandLine cl, String option) {
        String v = cl.getOptionValue(option);
        return v == null ? null : optionPath(option, v);
    }

    /** A path given with {@code option}; an empty one (e.g. {@code -o ""}, which would mean the current folder) is refused. */
    private static Path optionPath(String option, String v) {
        return path("--" + option, v);
    }

    /** The positional argument {@code v}, the file {@code what} names, as a path. */
    public static Path path(String what, String v) {
        if (v.isBlank()) {
            throw new UsageException(what + ": empty path; give a file name");
        }
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(what + ": " + invalidPath(e));
        }
    }

    /**
     * Why a name is not a path here. A name the machine's file-name encoding cannot hold (non-ASCII under the C/POSIX
     * locale: Java encodes file names as the locale says) is named with the way out.
     */
    public static String invalidPath(java.nio.file.InvalidPathException e) {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        boolean narrow = !encoding.toUpperCase(java.util.Locale.ROOT).replace("-", "").startsWith("UTF8")
            && e.getInput().chars().anyMatch(c -> c > 127 || c == '?');
        return "not a valid path '" + e.getInput() + "': " + e.getReason() + (narrow ? "; file names are encoded as "
            + encoding + " here, which holds only ASCII: run with a UTF-8 locale (e.g. LC_ALL=C.UTF-8)" : "");
    }

    public static List<Path> paths(CommandLine cl, String option) {
        String[] values = cl.getOptionValues(option);
        List<Path> paths = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                paths.add(optionPath(option, v));
            }
        }
        return paths;
    }

    public static int intValue(CommandLine cl, String option, int defaultValue, int min, int max) {
        OptionalInt v = optionalInt(cl, option, min, max);
        return v.isPresent() ? v.getAsInt() : defaultValue;
    }

    public static OptionalInt optionalInt(CommandLine cl, String option, int min, int max) {
        String v = cl.getOptionValue(option);
        if (v == null) {
            return OptionalInt.empty();
        }
        final int parsed;
        try {
            parsed = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            if (v.trim().matches("[+-]?\\d+")) {
                throw new UsageException("--" + option + " must be between " + min + " and " + max + ", got " + v.trim());
            }
            throw new UsageException("--" + option + " expects an integer, got '" + v + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException("--" + option + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return OptionalInt.of(parsed);
    }

    public static double doubleValue(CommandLine cl, String option, double defaultValue, double min, double max) {
        String v = cl.getOptionValue(option);
        if (v == null) {
            return defaultValue;
        }
        final double parsed;
        try {
            parsed = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " expects a number, got '" + v + "'");
        }
        if (!(parsed >= min && parsed <= max)) {
            String range = min == Double.MIN_VALUE ? "a positive number up to " + max : "between " + min + " and " + max;
            throw new UsageException("--" + option + " must be " + range + ", got " + v);
        }
        return parsed;
    }

    /** {@code --first}, {@code --last}, {@code --stride} (absent: every frame). */
    public static io.cgflow.core.frame.FrameSelection frameSelection(CommandLine cl) {
        return new io.cgflow.core.frame.FrameSelection(intValue(cl, "first", 0, 0, Integer.MAX_VALUE),
            cl.hasOption("last") ? intValue(cl, "last", 0, 0, Integer.MAX_VALUE) : Long.MAX_VALUE,
            intValue(cl, "stride", 1, 1, Integer.MAX_VALUE));
    }

    /** A value from a fixed set of words, compared case-insensitively; returned lower-case. */
    public static String choice(CommandLine cl, String option, String defaultValue, List<String> allowed) {
        String v = cl.getOptionValue(option);
        if (v == null) {
            return defaultValue;
        }
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new UsageException("--" + option + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
        }
        return lower;
    }
}
