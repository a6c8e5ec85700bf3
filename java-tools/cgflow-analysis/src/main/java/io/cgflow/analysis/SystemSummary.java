package io.cgflow.analysis;

import java.util.List;

/**
 * Averages over the frames the distributions were computed from: frame and block counts, mean volume
 * (nm³), bead types with their counts and number densities (nm⁻³), and the temperature (K; NaN when not
 * given).
 */
public record SystemSummary(long frames, int blocks, int blockFrames, double meanVolume, List<String> types,
                            int[] typeCounts, double[] densities, double temperature) {
    public SystemSummary {
        types = List.copyOf(types);
    }
}
