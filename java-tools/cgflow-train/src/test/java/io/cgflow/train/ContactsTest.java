package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.Grid;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.analysis.SystemSummary;
import io.cgflow.core.Provenance;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contact distances: the first RDF bin above the threshold, and for a pair seen in few samples a combining rule. */
class ContactsTest {
    @Test
    void aSparselySampledPairGetsTheMeanContactOfItsTypes() {
        ReferenceDistributions ref = new ReferenceDistributions(
            new SystemSummary(100, 10, 10, 27, List.of("A", "B"), new int[] {100, 2}, new double[] {3.7, 0.074}, 300,
                null, Double.NaN),
            List.of(rdf("A", "A", 0.30, 500_000), rdf("A", "B", 0.36, 20_000), rdf("B", "B", 1.04, 100)),
            new Provenance("test", "0", "test", List.of()));
        double[] c = TrainSettingsFile.contacts(List.of("A", "B"), List.of(ref), 0.01);
        assertEquals(0.305, c[0], 1e-9, "A-A: its own first bin above the threshold (centre)");
        assertEquals(0.365, c[1], 1e-9, "A-B");
        assertEquals(0.365, c[2], 1e-9, "B-A");
        // B-B: 100 samples, closest approach 1.04 nm; B's smallest well-sampled contact is with A, 0.365 nm
        assertEquals(0.365, c[3], 1e-9, "B-B from the combining rule");
        ReferenceDistributions dense = new ReferenceDistributions(ref.summary(),
            List.of(rdf("A", "A", 0.30, 500_000), rdf("A", "B", 0.36, 20_000), rdf("B", "B", 1.04, 5_000)),
            ref.provenance());
        assertEquals(1.045, TrainSettingsFile.contacts(List.of("A", "B"), List.of(dense), 0.01)[3], 1e-9,
            "well sampled: its own contact, however large");
    }

    /** g = 0 below {@code contact}, 1 from there to 1.5 nm, with {@code samples} pair counts spread over it. */
    private static Distribution rdf(String a, String b, double contact, long samples) {
        Grid grid = new Grid(0, 0.01, 150);
        double[] x = new double[150];
        double[] g = new double[150];
        long[] counts = new long[150];
        int first = (int) Math.round(contact / 0.01);
        for (int k = 0; k < 150; k++) {
            x[k] = 0.005 + 0.01 * k;
            g[k] = k >= first ? 1 : 0;
            counts[k] = k >= first ? samples / (150 - first) : 0;
        }
        return new Distribution(Distribution.Kind.RDF, a + "-" + b, a, b, grid, x, g, new double[150], counts, 1, 0);
    }
}
