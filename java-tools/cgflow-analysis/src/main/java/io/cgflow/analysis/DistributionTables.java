package io.cgflow.analysis;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain-text tables, one per distribution: {@code rdf-<A>-<B>.tsv}, {@code bond-<name>.tsv},
 * {@code angle-<name>.tsv}, {@code dihedral-<name>.tsv}; comment lines (#) describe the table, then
 * tab-separated columns {@code x value error} with x the bin centre.
 */
public final class DistributionTables {
    /** The names of table files, {@code rdf-A-B.tsv}, {@code bond-NAME.tsv} …: what a tables folder may hold. */
    public static final java.util.regex.Pattern FILE_NAMES =
        java.util.regex.Pattern.compile("(rdf|bond|angle|dihedral)-.+\\.tsv");

    /** How the first line of each table starts (what marks a file of a tables folder as written by {@link #table}). */
    public static final java.util.List<String> FIRST_LINES = java.util.List.of("# g(r) of bead types ",
        "# bond-length probability density ", "# bond-angle probability density ", "# dihedral probability density ");

    private DistributionTables() {
    }

    /**
     * {@code <kind>-<name>.tsv} with every character of the name outside {@code A-Z a-z 0-9 _ - + .} replaced
     * by {@code _}, so that a name can never leave the tables folder. Distinct names may then meet in one
     * file name: {@link #fileNames} refuses that.
     */
    public static String fileName(Distribution d) {
        return fileName(d.kind(), d.name());
    }

    public static String fileName(Distribution.Kind kind, String name) {
        StringBuilder sb = new StringBuilder(kind.prefix()).append('-');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean safe = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
                || c == '-' || c == '+' || c == '.';
            sb.append(safe ? c : '_');
        }
        return sb.append(".tsv").toString();
    }

    /**
     * The table file name of every distribution, in order; refuses (exit 2) two distributions that would share
     * a file name, also where names differ only in letter case (one file on case-insensitive file systems).
     */
    public static List<String> fileNames(List<Distribution> distributions) {
        return fileNames(distributions.stream().map(Distribution::kind).toList(),
            distributions.stream().map(Distribution::name).toList());
    }

    /** As {@link #fileNames(List)}, for distributions given by kind and name (before they are computed). */
    public static List<String> fileNames(List<Distribution.Kind> kinds, List<String> distributionNames) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            String file = fileName(kinds.get(k), distributionNames.get(k));
            Integer other = seen.putIfAbsent(file.toLowerCase(Locale.ROOT), k);
            if (other != null) {
                throw new InputException("--tables: " + kinds.get(other).prefix() + " '" + distributionNames.get(other)
                    + "' and " + kinds.get(k).prefix() + " '" + distributionNames.get(k) + "' would both be written as "
                    + file + " (file names keep letters, digits and _ - + . and ignore letter case): rename a bead "
                    + "type or bonded interaction in the mapping");
            }
            names.add(file);
        }
        return names;
    }

    /** Writes every table of {@code d} into {@code dir} (created if needed). */
    public static void write(Path dir, ReferenceDistributions d) {
        try {
            Files.createDirectories(dir);
            List<String> names = fileNames(d.distributions());
            for (int k = 0; k < names.size(); k++) {
                Files.writeString(dir.resolve(names.get(k)), table(d.distributions().get(k), d.summary()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tables to " + dir, e);
        }
    }

    /** The text of one table. */
    public static String table(Distribution d, SystemSummary s) {
        StringBuilder sb = new StringBuilder();
        String what = switch (d.kind()) {
            case RDF -> "g(r) of bead types " + d.typeA() + " and " + d.typeB() + "; x = r (nm)";
            case BOND -> "bond-length probability density (1/nm) of bond type " + d.name() + "; x = length (nm)";
            case ANGLE -> "bond-angle probability density (1/deg) of angle type " + d.name() + "; x = angle (deg)";
            case DIHEDRAL -> "dihedral probability density (1/deg) of dihedral type " + d.name() + "; x = dihedral "
                + "(deg)";
        };
        sb.append("# ").append(what).append('\n');
        sb.append(String.format(Locale.ROOT, "# bins [%s + k*%s, %s + (k+1)*%s), x at the centre; %d frames, %d "
                + "full blocks of %d frames for the error (standard error of the mean)%n", num(d.grid().min()),
            num(d.grid().width()), num(d.grid().min()), num(d.grid().width()), s.frames(), s.blocks(), s.blockFrames()));
        sb.append("# x\tvalue\terror\n");
        for (int k = 0; k < d.x().length; k++) {
            sb.append(num(d.x()[k])).append('\t').append(num(d.value()[k])).append('\t').append(num(d.error()[k]))
                .append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
