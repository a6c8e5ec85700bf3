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

    @Test
    void theFramesDoubleWhileNoiseMakesMoreThanAQuarterOfTheLoss() {
        TrainLog log = new TrainLog(List.of(), List.of());
        assertEquals(50, log.framesForRound(50, 200), "the first round samples frames");
        String header = "iteration\tmode\tloss\tnoise\tframes\tess\tstep\tsampling_s\tgradient_s\twall_s\n";
        log.restore(header + "0\tresample\t0.04\t0.002\t50\t1\t0.3\t1\t1\t1\n");
        assertEquals(50, log.framesForRound(50, 200), "noise 5 % of the loss: the same frames");
        log.restore(header + "0\tresample\t0.04\t0.002\t50\t1\t0.3\t1\t1\t1\n"
            + "1\tresample\t0.006\t0.0016\t50\t1\t0.3\t1\t1\t1\n");
        assertEquals(100, log.framesForRound(50, 200), "noise 27 % of the loss: twice the frames");
        log.restore(header + "5\tresample\t0.002\t0.0016\t100\t1\t0.3\t1\t1\t1\n");
        assertEquals(200, log.framesForRound(50, 200));
        log.restore(header + "6\treweight\t0.002\t0.0016\t200\t1\t0.3\t1\t1\t1\n");
        assertEquals(200, log.framesForRound(50, 200), "never beyond max-frames");
        log.restore(header + "7\tresample\t0.002\t0.0001\t200\t1\t0.3\t1\t1\t1\n");
        assertEquals(200, log.framesForRound(50, 200), "and not back down when the noise is small again");
        assertEquals(50, log("0\tresample\t0.05\n").framesForRound(50, 200), "a log of an older version: frames");
    }
}
