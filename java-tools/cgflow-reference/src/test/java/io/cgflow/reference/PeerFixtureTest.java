package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * cgflow-reference against independent computations on the same mapped trajectories
 * (test-data/reference, made by test-data/scripts/make-reference-fixtures.py): NumPy in cgflow's own
 * convention, MDAnalysis InterRDF (same bins; its pair normalisation converted by the factor in each
 * file's header) and gmx rdf (bins offset by half a bin: compared through the coordination number).
 * Bonded distributions against NumPy histograms and the unbinned moments.
 */
class PeerFixtureTest {
    private static final Pattern MDA_FACTOR = Pattern.compile("multiply g by ([0-9.eE+-]+)");
    private static final Map<String, ReferenceDistributions> RESULTS = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;

    /** system folder in test-data/reference → [trajectory folder, mapping, r_max]. */
    static ReferenceDistributions result(String system) {
        return RESULTS.computeIfAbsent(system, s -> {
            String source = switch (s) {
                case "lj-argon" -> "lj-argon";
                case "methanol-water-x025" -> "methanol-water/x025";
                case "methanol-water-x050" -> "methanol-water/x050";
                default -> "propane";
            };
            String mapping = s.startsWith("methanol") ? "methanol-water.yaml" : s + ".yaml";
            String rmax = s.startsWith("methanol") ? "1.0" : "1.2";
            Path h5 = Fixtures.h5md(TestData.file(source + "/traj.xtc"), TestData.file(source + "/conf.gro"),
                dir.resolve(s + ".h5"), OptionalInt.empty()).get(0);
            Path out = dir.resolve(s + "-dist.h5");
            io.cgflow.cli.ToolLauncher.Outcome o = Fixtures.reference("-i", h5.toString(), "-m", TestData.file("mappings/" + mapping)
                .toString(), "-o", out.toString(), "--rdf-max", rmax, "--rdf-bin", "0.002", "--block-frames", "20");
            assertEquals(0, o.exitCode(), o.err());
            return DistributionsFile.read(out);
        });
    }

    /** Columns of a fixture table, comment lines skipped. */
    static List<double[]> table(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            double[] v = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                v[i] = Double.parseDouble(t[i]);
            }
            rows.add(v);
        }
        return rows;
    }

    static double headerFactor(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            Matcher m = MDA_FACTOR.matcher(line);
            if (line.startsWith("#") && m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new IllegalStateException("no conversion factor in " + file);
    }

    /** Mean block error over the bins where g exceeds 0.5 (the structured part of the curve). */
    static double typicalError(Distribution d) {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < d.value().length; k++) {
            if (d.value()[k] > 0.5) {
                sum += d.error()[k];
                n++;
            }
        }
        return sum / n;
    }

    @ParameterizedTest(name = "{0} {1}-{2} vs NumPy and MDAnalysis")
    @CsvSource({"lj-argon, AR, AR", "methanol-water-x025, MEOH, MEOH", "methanol-water-x050, MEOH, MEOH",
        "propane, CH3, CH3", "propane, CH3, CH2", "propane, CH2, CH2"})
    void rdfAgreesWithNumpyAndMdanalysis(String system, String a, String b) throws IOException {
        Distribution g = result(system).rdf(a, b).orElseThrow();
        double err = typicalError(g);
        Path folder = TestData.file("reference/" + system);
        List<double[]> numpy = table(folder.resolve("rdf-" + a + "-" + b + ".numpy.tsv"));
        List<double[]> mda = table(folder.resolve("rdf-" + a + "-" + b + ".mda.tsv"));
        double factor = headerFactor(folder.resolve("rdf-" + a + "-" + b + ".mda.tsv"));
        assertEquals(g.x().length, numpy.size(), "bins");
        assertEquals(g.x().length, mda.size(), "bins");
        double worstNumpy = 0;
        double worstMda = 0;
        long countDiff = 0;
        for (int k = 0; k < g.x().length; k++) {
            assertEquals(numpy.get(k)[0], g.x()[k], 1e-9, "bin centre " + k);
            assertEquals(mda.get(k)[0], g.x()[k], 1e-6, "MDAnalysis bin centre " + k);
            worstNumpy = Math.max(worstNumpy, Math.abs(g.value()[k] - numpy.get(k)[1]));
            worstMda = Math.max(worstMda, Math.abs(g.value()[k] - factor * mda.get(k)[1]));
            countDiff = Math.max(countDiff, Math.abs(g.counts()[k] - (long) numpy.get(k)[2]));
        }
        // both peers map from the same XTC; float rounding moves a few pairs across bin edges
        assertTrue(countDiff <= 8, "at most 8 pair counts differ per bin from NumPy, found " + countDiff);
        assertTrue(worstNumpy < 0.25 * err && worstNumpy < 0.01, "max |Δg| vs NumPy " + worstNumpy
            + " should be far below the block error " + err);
        assertTrue(worstMda < 0.25 * err && worstMda < 0.01, "max |Δg| vs MDAnalysis " + worstMda
            + " should be far below the block error " + err);
    }

    @ParameterizedTest(name = "{0} {1}-{1} vs gmx rdf")
    @CsvSource({"lj-argon, AR, 500", "methanol-water-x025, MEOH, 100", "methanol-water-x050, MEOH, 150",
        "propane, CH2, 150"})
    void coordinationNumberAgreesWithGmxRdf(String system, String type, int n) throws IOException {
        ReferenceDistributions d = result(system);
        Distribution g = d.rdf(type, type).orElseThrow();
        double rho = n / d.summary().meanVolume();
        double w = g.grid().width();
        // cgflow: coordination number at the bin edges (k+1)·w
        double[] ours = new double[g.x().length];
        double cum = 0;
        for (int k = 0; k < ours.length; k++) {
            cum += rho * (n - 1.0) / n * g.value()[k] * 4.0 / 3.0 * Math.PI * (Math.pow((k + 1) * w, 3)
                - Math.pow(k * w, 3));
            ours[k] = cum;
        }
        // gmx: points k·w, bins [(k−½)w, (k+½)w); normalised by N², so ×N/(N−1) to cgflow's pairs
        List<double[]> gmx = table(TestData.file("reference/" + system + "/rdf-" + type + "-" + type + ".gmx.tsv"));
        double[] edges = new double[gmx.size()];
        double[] theirs = new double[gmx.size()];
        double c = 0;
        for (int k = 0; k < gmx.size(); k++) {
            double lo = Math.max(0, (k - 0.5) * w);
            double hi = (k + 0.5) * w;
            c += rho * (n - 1.0) / n * gmx.get(k)[1] * n / (n - 1.0) * 4.0 / 3.0 * Math.PI * (hi * hi * hi
                - lo * lo * lo);
            edges[k] = hi;
            theirs[k] = c;
        }
        double worst = 0;
        for (int k = 0; k + 1 < gmx.size(); k++) {
            double r = (k + 1) * w;
            int j = (int) Math.floor(r / w - 0.5);
            double t = (r - edges[j]) / (edges[j + 1] - edges[j]);
            double interpolated = theirs[j] + t * (theirs[j + 1] - theirs[j]);
            if (ours[k] >= 1) {
                worst = Math.max(worst, Math.abs(ours[k] - interpolated) / ours[k]);
            }
        }
        assertTrue(worst < 3e-3, system + ": coordination numbers differ from gmx rdf by up to " + worst
            + " (relative)");
    }

    @ParameterizedTest(name = "propane {0} {1} vs NumPy")
    @CsvSource({"BOND, CH3-CH2, 0.16660290078673534, 0.0028622409531622733",
        "ANGLE, CH3-CH2-CH3, 107.34104371769925, 2.779747224444093"})
    void bondedDistributionsAgreeWithNumpy(Distribution.Kind kind, String name, double mean, double std)
        throws IOException {
        Distribution d = result("propane").find(kind, name).orElseThrow();
        List<double[]> numpy = table(TestData.file("reference/propane/" + kind.prefix() + "-" + name
            + ".numpy.tsv"));
        assertEquals(numpy.size(), d.x().length, "bins");
        double total = 0;
        double m1 = 0;
        double m2 = 0;
        double worst = 0;
        double peak = 0;
        for (int k = 0; k < d.x().length; k++) {
            assertEquals(numpy.get(k)[0], d.x()[k], 1e-9, "bin centre");
            worst = Math.max(worst, Math.abs(d.value()[k] - numpy.get(k)[1]));
            peak = Math.max(peak, numpy.get(k)[1]);
            total += d.counts()[k];
            m1 += d.counts()[k] * d.x()[k];
            m2 += d.counts()[k] * d.x()[k] * d.x()[k];
        }
        assertTrue(worst < 0.01 * peak, name + ": max |Δp| " + worst + " against a peak of " + peak);
        m1 /= total;
        double sd = Math.sqrt(m2 / total - m1 * m1);
        double w = d.grid().width();
        // binned moments: the mean to within a tenth of a bin, the width up to Sheppard's correction (w²/12)
        assertEquals(mean, m1, 0.1 * w, name + " mean");
        assertEquals(std, Math.sqrt(Math.max(0, sd * sd - w * w / 12)), 0.02 * std, name + " standard deviation");
    }
}
