package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.analysis.ReferenceDistributions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A box built from a reference's composition (no --start) holds the reference's number density of beads, whatever the
 * rounding of its type counts does to the composition: one solute among 1000 beads is 1 of 512, twice its share, and
 * averaging the types' volumes n_t/ρ_t gave that box 0.76 of the reference volume, a liquid sampled at 68 % of its
 * density.
 */
class CompositionBoxTest {
    private static void assertDensityKept(int[] counts, int[] expected) {
        List<String> types = List.of("A", "B");
        double edge = 3.0;
        ReferenceDistributions ref = IdealGas.state(types, counts, 40, edge, 8, 300, 5).reference();
        double[] contact = TrainSettingsFile.contacts(types, List.of(ref), 0.01);
        TrainingState state = TrainingState.load(Path.of("state-ref.h5"), ref, null, 512, 1, contact);
        int[] n = state.topology().typeCounts();
        assertArrayEquals(expected, n, "beads per type of the built box");
        double total = counts[0] + counts[1];
        double density = state.topology().size() / Math.abs(state.box().volume());
        assertEquals(total / (edge * edge * edge), density, 1e-9 * density, "number density of the built box");
    }

    @Test
    void aSingleSoluteKeepsTheDensity() {
        assertDensityKept(new int[] {999, 1}, new int[] {511, 1});
    }

    @Test
    void aDiluteComponentKeepsTheDensity() {
        assertDensityKept(new int[] {970, 30}, new int[] {497, 15});
    }
}
