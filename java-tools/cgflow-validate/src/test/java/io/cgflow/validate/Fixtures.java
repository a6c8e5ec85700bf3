package io.cgflow.validate;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.Grid;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.analysis.SystemSummary;
import io.cgflow.core.Provenance;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Analytic distributions and reference files for the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A liquid-like g(r): zero below 0.3 nm, a peak at r0 of height 1 + a, a dip after it, 1 far away. */
    static DoubleUnaryOperator liquid(double r0, double a) {
        return r -> r < 0.3 ? 0 : 1 + a * Math.exp(-Math.pow((r - r0) / 0.03, 2))
            - 0.4 * a * Math.exp(-Math.pow((r - r0 - 0.12) / 0.05, 2)) - (r < 0.33 ? (0.33 - r) / 0.03 : 0);
    }

    static Distribution rdf(String a, String b, Grid grid, DoubleUnaryOperator g, double error) {
        double[] x = grid.centres();
        double[] v = new double[x.length];
        double[] e = new double[x.length];
        long[] counts = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = Math.max(0, g.applyAsDouble(x[i]));
            e[i] = error;
            counts[i] = Math.round(v[i] * 1000);
        }
        return new Distribution(Distribution.Kind.RDF, a + "-" + b, a, b, grid, x, v, e, counts, 1000, 0);
    }

    static Distribution bond(String name, Grid grid, double mean, double sd) {
        double[] x = grid.centres();
        double[] v = new double[x.length];
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = Math.exp(-0.5 * Math.pow((x[i] - mean) / sd, 2)) / (sd * Math.sqrt(2 * Math.PI));
            e[i] = Double.NaN;
        }
        String[] t = name.split("-");
        return new Distribution(Distribution.Kind.BOND, name, t[0], t[1], grid, x, v, e, new long[x.length], 10, 0);
    }

    static SystemSummary summary(double temperature) {
        // 500 A and 300 B beads in 30 nm³
        return new SystemSummary(100, 10, 10, 30, List.of("A", "B"), new int[] {500, 300},
            new double[] {500 / 30.0, 300 / 30.0}, temperature, new double[] {18, 32});
    }

    static Path write(Path file, List<Distribution> d, double temperature) {
        DistributionsFile.write(file, new ReferenceDistributions(summary(temperature), d,
            Provenance.of("test", "0", "test", List.of())));
        return file;
    }
}
