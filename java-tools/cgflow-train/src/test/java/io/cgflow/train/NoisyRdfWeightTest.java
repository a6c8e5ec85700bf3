package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RDF of a dilute component (a few beads among many) is noise in its reference; past three times the noise of the
 * state's most precise RDF its weight falls as the square of the ratio, so the steps do not follow it.
 */
class NoisyRdfWeightTest {
    @Test
    void aDiluteComponentsRdfWeighsByItsNoise() {
        TrainingState state = IdealGas.state(List.of("A", "B"), new int[] {290, 10}, 40, 3.6, 40, 300, 3);
        double[] contact = TrainSettingsFile.contacts(List.of("A", "B"), List.of(state.reference()), 0.01);
        TrainSettings s = TrainSettingsFile.empty().resolve(List.of(state), contact, 300);
        Observables obs = Observables.of(state, s);
        double[] noise = new double[3];
        double[] weight = new double[3];
        int k = 0;
        for (Observables.Segment seg : obs.segments()) {
            Distribution d = state.reference().rdf(seg.name().split("-")[0], seg.name().split("-")[1]).orElseThrow();
            double e2 = 0;
            for (int b = seg.lo(); b < seg.hi(); b++) {
                e2 += d.error()[b] * d.error()[b];
            }
            noise[k] = e2 / seg.bins();
            weight[k] = obs.weights()[seg.offset() + seg.bins() - 1] * seg.bins();  // the last bin: no overlap taper
            k++;
        }
        double floor = 0;
        for (Observables.Segment seg : obs.segments()) {
            Distribution d = state.reference().rdf(seg.name().split("-")[0], seg.name().split("-")[1]).orElseThrow();
            for (int b = seg.lo(); b < seg.hi(); b++) {
                floor += obs.weights()[seg.offset() + b - seg.lo()] * d.error()[b] * d.error()[b];
            }
        }
        assertEquals(floor, obs.floor(), 1e-12 * floor, "the loss the reference's noise makes: Σ W σ²");
        assertTrue(floor > 0);
        double quietest = Math.min(noise[0], Math.min(noise[1], noise[2]));
        int undamped = 0;
        for (k = 0; k < 3; k++) {
            double expected = Math.min(1, 9 * quietest / noise[k]);
            assertEquals(expected, weight[k], 1e-12, obs.segments().get(k).name() + ": weight × bins");
            undamped += expected == 1 ? 1 : 0;
        }
        assertTrue(undamped >= 1 && undamped < 3, "the A-A RDF keeps its weight, the B-B one (45 pairs) does not");
        int bb = obs.segments().get(0).name().equals("B-B") ? 0 : obs.segments().get(2).name().equals("B-B") ? 2 : 1;
        assertTrue(weight[bb] < 0.2, "B-B: " + weight[bb]);
        assertEquals(obs.segments().get(bb).weight() * obs.segments().get(bb).bins(), weight[bb], 1e-12,
            "the segment carries the weight the loss uses");
    }
}
