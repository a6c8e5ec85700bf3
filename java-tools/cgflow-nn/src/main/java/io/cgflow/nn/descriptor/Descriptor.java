package io.cgflow.nn.descriptor;

/**
 * A per-bead descriptor: a row G_i of {@link #length()} components for every bead, computed from the pairs
 * within {@link #cutoff()}, and its derivatives with respect to positions. Every term of a descriptor depends on
 * positions only through pair displacements d = x_b − x_a (radial terms through one pair, angular terms through
 * two pairs sharing a bead), so its derivative is a sum of <em>pair contributions</em> ∂G_i,c/∂d — see
 * {@link DescriptorGradient}. Forces and the virial follow from those and from ∂E/∂G alone.
 *
 * <p>Bead types are indices 0…T−1 into the descriptor's neighbour types. Implementations keep no state between
 * calls except reusable buffers; an instance is not for concurrent use.
 */
public interface Descriptor {
    /** Components per bead (the width of a descriptor row). */
    int length();

    /** Largest pair distance that contributes, nm. */
    double cutoff();

    /** Number of bead types the descriptor distinguishes. */
    int types();

    /**
     * Writes the descriptor rows of every bead to {@code g} (row-major [beads][length()], overwritten). Pairs at
     * or beyond the cut-off are ignored.
     */
    void compute(PairList pairs, int[] types, double[] g);

    /** The derivatives ∂G/∂r as pair contributions, for generic force assembly and for tests. */
    DescriptorGradient gradient(PairList pairs, int[] types);

    /**
     * Adds the forces F = −Σ_i Σ_c (∂E/∂G_i,c)(∂G_i,c/∂r) to {@code forces} ([beads][3] row-major) and the virial
     * W_αβ = Σ d_α F_β over pair contributions to {@code virial} (9, row-major; may be null), given
     * {@code dEdG} ([beads][length()]). Same result as {@link DescriptorGradient#forces} without storing ∂G/∂r.
     */
    void addForces(PairList pairs, int[] types, double[] dEdG, double[] forces, double[] virial);
}
