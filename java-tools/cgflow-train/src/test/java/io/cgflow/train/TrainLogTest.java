package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trainer reads back from its log when it continues from a checkpoint. */
class TrainLogTest {
    private static TrainLog log(String rows) {
        TrainLog log = new TrainLog(List.of(), List.of());
        log.restore("iteration\tmode\tloss\tess\tstep\tsampling_s\tgradient_s\twall_s\n" + rows);
        return log;
    }

    @Test
    void aRiseCountsOnlyOnRowsSampledAfresh() {
        TrainLog empty = log("");
        assertNull(empty.lastLoss());
        assertFalse(empty.resampledLossRose(1));
        // a reweighted estimate above the row before is not a fresh loss; the resampled rows fall
        TrainLog falling = log("0\tresample\t0.05\n1\treweight\t0.06\n2\tresample\t0.04\n3\tresample\t0.039\n");
        assertEquals(0.039, falling.lastLoss());
        assertFalse(falling.resampledLossRose(1), "every fresh loss below the row before");
        assertTrue(falling.resampledLossRose(0.9), "0.039 against 0.04 fell by less than 10 %");
        TrainLog rose = log("0\tresample\t0.05\n1\tresample\t0.02\n2\tresample\t0.021\n3\tresample\t0.01\n");
        assertTrue(rose.resampledLossRose(1), "0.021 after 0.02");
    }
}
