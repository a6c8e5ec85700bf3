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

    @Test
    void theResidualIsNoisyWhenTheLastRowsNoiseMakesMoreThanTheShare() {
        assertFalse(new TrainLog(List.of(), List.of()).noisy(0.25), "before the first row");
        assertFalse(withNoise("resample 0.04 0.002 50").noisy(0.25), "noise 5 % of the loss");
        assertTrue(withNoise("resample 0.04 0.002 50", "resample 0.006 0.0016 50").noisy(0.25),
            "the last row counts: noise 27 % of the loss");
        assertFalse(withNoise("resample 0.006 0.0016 50", "reweight 0.004 0.0009 50").noisy(0.25), "22 %");
        assertFalse(log("0\tresample\t0.05\n").noisy(0.25), "a log of an older version has no noise column");
    }

    /** The rows of a log with noise and frames columns: {mode, loss, noise, frames} per iteration from 0. */
    private static TrainLog withNoise(String... rows) {
        StringBuilder b = new StringBuilder("iteration\tmode\tloss\tnoise\tframes\tess\tstep\tsampling_s\tgradient_s"
            + "\twall_s\n");
        for (int k = 0; k < rows.length; k++) {
            String[] f = rows[k].split(" ");
            b.append(k).append('\t').append(f[0]).append('\t').append(f[1]).append('\t').append(f[2]).append('\t')
                .append(f[3]).append("\t1\t0.3\t1\t1\t1\n");
        }
        TrainLog log = new TrainLog(List.of(), List.of());
        log.restore(b.toString());
        return log;
    }

    @Test
    void trainingStopsWhenAFreshLossAtMaxFramesIsWithinTwiceItsNoise() {
        TrainLog log = withNoise("resample 0.04 0.002 50", "resample 0.01 0.002 100");
        assertNull(log.stopReason(true, 0.0039, 0.002, 100, 200, 5, 0), "below max-frames more frames can be sampled");
        TrainLog.Stop converged = log.stopReason(true, 0.0039, 0.002, 200, 200, 5, 0);
        assertTrue(converged != null && converged.kind().equals("converged") && converged.toString().startsWith("converged: the fresh loss 0.003900 is within 2.00 times its"
            + " sampling noise 0.002000 at max-frames 200"), String.valueOf(converged));
        assertNull(log.stopReason(true, 0.0041, 0.002, 200, 200, 5, 0), "more than twice the noise: structure is left");
        assertNull(log.stopReason(false, 0.0039, 0.002, 200, 200, 5, 0), "a reweighted estimate does not count");
        assertNull(log.stopReason(true, 0.0039, 0.002, 200, 200, 0, 0), "patience 0: to max-iterations");
    }

    @Test
    void trainingStopsWhenPatienceFreshLossesAtMaxFramesBringNoGain() {
        // the methanol–water network's log from iteration 21 on: 0.000403 the best, then five fresh losses none below
        // 95 % of it (0.000383)
        String[] rows = {"resample 0.0007 0.0001 400", "resample 0.000403 0.00012 400", "resample 0.00046 0.00012 400",
            "reweight 0.0002 0.00012 400", "resample 0.00049 0.00012 400", "resample 0.00047 0.00012 400",
            "resample 0.00046 0.00012 400"};
        TrainLog log = withNoise(rows);
        TrainLog.Stop stalled = log.stopReason(true, 0.00043, 0.00012, 400, 400, 5, 0);
        assertTrue(stalled != null && stalled.kind().equals("stalled") && stalled.toString().startsWith("stalled: 5 fresh losses in a row at max-frames 400, the lowest"
            + " 0.0004300, none below 95 % of the best before them (0.0004030)"), String.valueOf(stalled));
        assertNull(log.stopReason(true, 0.00038, 0.00012, 400, 400, 5, 0), "0.00038 is a gain of more than 5 %");
        assertNull(log.stopReason(true, 0.00043, 0.00012, 400, 400, 6, 0), "six fresh losses are not yet in");
        assertNull(log.stopReason(true, 0.00043, 0.00012, 400, 400, 5, 2), "counted from iteration 2: too few");
        // the reweighted 0.0002 is not a fresh loss: it neither sets the best nor counts in the window
        TrainLog lower = withNoise("resample 0.0007 0.0001 100", "resample 0.0005 0.00012 200",
            "resample 0.00046 0.00012 400", "resample 0.00049 0.00012 400", "resample 0.00047 0.00012 400");
        assertNull(lower.stopReason(true, 0.00049, 0.00012, 400, 400, 5, 0),
            "a window with a fresh loss below max-frames (0.0005 at 200 frames): the frames grew in it");
    }
}
