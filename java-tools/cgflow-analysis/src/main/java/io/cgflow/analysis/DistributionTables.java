package io.cgflow.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Plain-text tables, one per distribution: {@code rdf-<A>-<B>.tsv}, {@code bond-<name>.tsv},
 * {@code angle-<name>.tsv}, {@code dihedral-<name>.tsv}; comment lines (#) describe the table, then
 * tab-separated columns {@code x value error} with x the bin centre.
 */
public final class DistributionTables {
    /** The names of table files, {@code rdf-A-B.tsv}, {@code bond-NAME.tsv} …: what a tables folder may hold. */
    public static final java.util.regex.Pattern FILE_NAMES =
        java.util.regex.Pattern.compile("(rdf|bond|angle|dihedral)-.+\\.tsv");

    private DistributionTables() {
    }

    public static String fileName(Distribution d) {
        return d.kind().prefix() + "-" + d.name() + ".tsv";
    }

    /** Writes every table of {@code d} into {@code dir} (created if needed). */
    public static void write(Path dir, ReferenceDistributions d) {
        try {
            Files.createDirectories(dir);
            for (Distribution dist : d.distributions()) {
                Files.writeString(dir.resolve(fileName(dist)), table(dist, d.summary()));
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
                + "blocks of %d frames for the error (standard error of the mean)%n", num(d.grid().min()),
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
