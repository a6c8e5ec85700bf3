package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default max-frames: 16 × frames for a linear model (a pair potential), whose late, precise rounds carry its
 * potential along the directions structure hardly sees; 4 × frames for a network, whose rounds cost several times
 * more; a value given is kept.
 */
class MaxFramesDefaultTest {
    private static TrainSettings resolve(TrainSettingsFile f) {
        TrainingState state = IdealGas.state(List.of("A"), new int[] {300}, 40, 3.6, 40, 300, 3);
        double[] contact = TrainSettingsFile.contacts(List.of("A"), List.of(state.reference()), 0.01);
        return f.resolve(List.of(state), contact, 300);
    }

    @Test
    void aPairPotentialSamplesFurtherThanANetwork() {
        TrainSettings linear = resolve(TrainSettingsFile.empty().with("hidden", "linear"));
        assertEquals(16 * linear.frames(), linear.maxFrames());
        TrainSettings network = resolve(TrainSettingsFile.empty());
        assertEquals(4 * network.frames(), network.maxFrames());
        TrainSettings given = resolve(TrainSettingsFile.empty().with("hidden", "linear").with("max-frames", 120));
        assertEquals(120, given.maxFrames());
    }
}
