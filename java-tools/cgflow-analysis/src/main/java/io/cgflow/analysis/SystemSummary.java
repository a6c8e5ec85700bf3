package io.cgflow.analysis;

import java.util.List;

/**
 * Averages over the frames the distributions were computed from: frame and block counts, mean volume
 * (nm³), bead types with their counts, number densities (nm⁻³) and masses (amu, the mean over the beads of the
 * type; NaN in files written before masses were recorded), and the temperature (K; NaN when not given).
 */
public record SystemSummary(long frames, int blocks, int blockFrames, double meanVolume, List<String> types,
                            int[] typeCounts, double[] densities, double temperature, double[] typeMasses) {
    public SystemSummary {
        types = List.copyOf(types);
        if (typeMasses == null) {
            typeMasses = new double[types.size()];
            java.util.Arrays.fill(typeMasses, Double.NaN);
        }
    }

    /** A summary without bead masses (NaN). */
    public SystemSummary(long frames, int blocks, int blockFrames, double meanVolume, List<String> types,
                         int[] typeCounts, double[] densities, double temperature) {
        this(frames, blocks, blockFrames, meanVolume, types, typeCounts, densities, temperature, null);
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
