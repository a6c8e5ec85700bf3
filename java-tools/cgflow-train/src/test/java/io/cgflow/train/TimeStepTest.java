package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.ReferenceAccumulator;
import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.md.MdSettings;
import io.cgflow.md.Rng;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default time step resolves the fastest bonded vibration the references show. */
class TimeStepTest {
    private static final double T = 200;
    private static final double M_MIN = 14.027;

    @Test
    void theStepResolvesTheBondVibrationOfTheReferenceSpread() {
        double kT = MdSettings.KB * T;
        double sigma = 0.003;
        double dt = TrainSettingsFile.bondedTimeStep(List.of(dimer(sigma, 3000)), kT, M_MIN);
        // ω = √(2k_BT/m_min)/σ, ω dt = 0.25; the histogram's 0.001 nm bins widen σ by ≈ 0.5 %
        double expected = 0.25 * sigma / Math.sqrt(2 * kT / M_MIN);
        assertEquals(expected, dt, 0.04 * expected, "time step of a bond with σ = 0.003 nm");
        assertTrue(dt < 0.0016 && dt > 0.0013, "a propane-like bond at 200 K needs about 1.5 fs, not " + dt);
        double stiffer = TrainSettingsFile.bondedTimeStep(List.of(dimer(2 * sigma, 3000)), kT, M_MIN);
        assertEquals(2 * dt, stiffer, 0.08 * dt, "twice the spread, twice the step");
    }

    @Test
    void withoutBondedDistributionsOnlyTheContactRuleApplies() {
        assertEquals(Double.POSITIVE_INFINITY,
            TrainSettingsFile.bondedTimeStep(List.of(dimer(Double.NaN, 100)), MdSettings.KB * T, M_MIN));
    }

    /**
     * Frames of one A–B molecule along x with Gaussian bond lengths of mean 0.166 nm and the given spread (NaN: no
     * bond in the topology, the beads at a fixed 0.5 nm).
     */
    private static TrainingState dimer(double sigma, int frames) {
        boolean bonded = !Double.isNaN(sigma);
        List<CgTopology.Bonded> bonds = bonded ? List.of(new CgTopology.Bonded("A-B", new int[] {0, 1})) : List.of();
        CgTopology top = new CgTopology(List.of("A", "B"), new int[] {0, 1}, new int[] {0, bonded ? 0 : 1},
            new String[] {"A", "B"}, new double[] {15.035, M_MIN}, bonds, List.of(), List.of(),
            CgTopology.bondedExclusions(bonds, List.of()));
        Box box = Box.orthorhombic(3, 3, 3);
        ReferenceAccumulator acc = new ReferenceAccumulator(top, new DistributionSettings(1.2, 0.01, 1.0, 0.001, 1, 2),
            1, frames);
        Rng rng = new Rng(11, 1);
        for (int f = 0; f < frames; f++) {
            double r = bonded ? 0.166 + sigma * rng.nextGaussian() : 0.5;
            acc.accept(f, new float[] {0.1f, 0.1f, 0.1f, (float) (0.1 + r), 0.1f, 0.1f}, box);
        }
        return TrainingState.of(Path.of("dimer.h5"), acc.result(T, Double.NaN,
            new Provenance("test", "0", "test", List.of())), top, new double[] {15.035, M_MIN}, box,
            new double[] {0.1, 0.1, 0.1, 0.266, 0.1, 0.1});
    }
}
