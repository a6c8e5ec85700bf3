package io.cgflow.core.config;

import io.cgflow.core.InputException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one way cgflow reads its YAML input files (potentials, mappings, training settings, validation tolerances):
 * plain data only (no tags that build objects), a key given twice in one mapping is an error rather than the last
 * one silently winning, aliases and the size of the text are bounded, and every failure is an
 * {@link InputException} (exit 2) that names the file and, for a syntax error, the line and column.
 *
 * <p>Plain scalars are typed by the rules of YAML 1.2's core schema, restricted to decimal numbers: {@code true} and
 * {@code false} are booleans ({@code yes}, {@code no}, {@code on}, {@code off} stay strings, so a bead type
 * {@code ON} is a name), {@code 010} is ten, and {@code 0x32}, {@code 39_948}, {@code 1:30} or a date are strings,
 * not the hexadecimal, grouped, sexagesimal and octal numbers or timestamps of YAML 1.1 (SnakeYAML's default),
 * which would silently turn a mistyped value into another number.
 */
public final class YamlFiles {
    /** Larger YAML inputs are refused (the files cgflow reads are a few kilobytes). */
    public static final int MAX_CHARACTERS = 8 << 20;
    private static final int MAX_ALIASES = 50;

    private YamlFiles() {
    }

    /**
     * The document of {@code file}: maps, lists, strings, numbers, booleans or null (an empty file).
     *
     * @param what what the file is, for the message when it is missing ("mapping file", "potential file")
     */
    public static Object read(Path file, String what) {
        return parse(file, TextFiles.read(file, what, 4L * MAX_CHARACTERS));
    }

    /** Parses {@code text}, read from {@code file} (named in messages). */
    private static Object parse(Path file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit(MAX_CHARACTERS);
        try {
            return new Yaml(new DecimalConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new CoreResolver()).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : String.valueOf(e.getMessage()).lines()
                .findFirst().orElse("");
            if (e.getContext() != null && !problem.contains(e.getContext())) {
                problem = problem + " (" + e.getContext() + ")";
            }
            String where = mark == null ? "YAML" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw InputException.at(file, where, "not valid YAML: " + problem.replace('\n', ' '));
        } catch (YAMLException e) {
            throw InputException.in(file, "not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst()
                .orElse(""));
        }
    }

    /** YAML 1.2 core-schema booleans, nulls and decimal numbers; everything else plain is a string. */
    private static final class CoreResolver extends Resolver {
        static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        static final Pattern INTEGER = Pattern.compile("^[-+]?[0-9]+$");
        static final Pattern DECIMAL = Pattern.compile(
            "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
        static final Pattern NOTHING = Pattern.compile("^(?:~|null|Null|NULL|)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOLEAN, "tTfF");
            addImplicitResolver(Tag.INT, INTEGER, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, DECIMAL, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NOTHING, "~nN\0");
            addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
            addImplicitResolver(Tag.MERGE, MERGE, "<");
        }
    }

    /** Integers in base 10 whatever their leading zeros (SnakeYAML's own reads {@code 010} as octal 8). */
    private static final class DecimalConstructor extends SafeConstructor {
        DecimalConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(Tag.INT, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String text = ((ScalarNode) node).getValue().strip();
                    if (!CoreResolver.INTEGER.matcher(text).matches()) {
                        // an explicit !!int tag on something else (0x28, 1_000)
                        throw new YAMLException("'" + text + "' is not a decimal integer" + (node.getStartMark() == null
                            ? "" : " (line " + (node.getStartMark().getLine() + 1) + ")"));
                    }
                    BigInteger value = new BigInteger(text);
                    if (value.bitLength() < 32) {
                        return value.intValue();
                    }
                    return value.bitLength() < 64 ? (Object) value.longValue() : value;
                }
            });
        }
    }
}
