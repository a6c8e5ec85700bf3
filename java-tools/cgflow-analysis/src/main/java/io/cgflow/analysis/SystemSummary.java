package io.cgflow.analysis;

import java.util.List;

/**
 * Averages over the frames the distributions were computed from: frame and block counts, mean volume
 * (nm³), bead types with their counts, number densities (nm⁻³) and masses (amu, the mean over the beads of the
 * type; NaN in files written before masses were recorded), the temperature (K; NaN when not given) and the pressure
 * of the state (bar; NaN when not given: a target the trainer can match, see docs/training.md).
 */
public record SystemSummary(long frames, int blocks, int blockFrames, double meanVolume, List<String> types,
                            int[] typeCounts, double[] densities, double temperature, double[] typeMasses,
                            double pressure) {
    public SystemSummary {
        types = List.copyOf(types);
        if (typeMasses == null) {
            typeMasses = new double[types.size()];
            java.util.Arrays.fill(typeMasses, Double.NaN);
        }
    }

    /** A summary without a pressure (NaN). */
    public SystemSummary(long frames, int blocks, int blockFrames, double meanVolume, List<String> types,
                         int[] typeCounts, double[] densities, double temperature, double[] typeMasses) {
        this(frames, blocks, blockFrames, meanVolume, types, typeCounts, densities, temperature, typeMasses,
            Double.NaN);
    }

    /** The same summary with the pressure of the state, bar. */
    public SystemSummary withPressure(double bar) {
        return new SystemSummary(frames, blocks, blockFrames, meanVolume, types, typeCounts, densities, temperature,
            typeMasses, bar);
    }

    /** A summary without bead masses (NaN). */
    public SystemSummary(long frames, int blocks, int blockFrames, double meanVolume, List<String> types,
                         int[] typeCounts, double[] densities, double temperature) {
        this(frames, blocks, blockFrames, meanVolume, types, typeCounts, densities, temperature, null, Double.NaN);
    }

    /** Number of beads of every type together. */
    public int beads() {
        int n = 0;
        for (int c : typeCounts) {
            n += c;
        }
        return n;
    }
}
