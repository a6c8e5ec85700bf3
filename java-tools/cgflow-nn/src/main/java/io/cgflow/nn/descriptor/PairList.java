package io.cgflow.nn.descriptor;

/**
 * The unique pairs of beads closer than some cut-off, as any neighbour search can produce them: for pair p,
 * beads {@code i[p]} and {@code j[p]} (each pair once) and the minimum-image displacement
 * {@code d = x_j − x_i} in nm. The arrays are used as given (not copied) and may be longer than {@code size}.
 *
 * @param beads number of beads in the configuration
 * @param size number of pairs
 */
public record PairList(int beads, int size, int[] i, int[] j, double[] dx, double[] dy, double[] dz) {
    public PairList {
        if (beads < 0 || size < 0) {
            throw new IllegalArgumentException("negative bead or pair count");
        }
        if (i.length < size || j.length < size || dx.length < size || dy.length < size || dz.length < size) {
            throw new IllegalArgumentException("pair arrays shorter than the pair count " + size);
        }
    }

    /** Distance of pair {@code p}, nm. */
    public double distance(int p) {
        return Math.sqrt(dx[p] * dx[p] + dy[p] * dy[p] + dz[p] * dz[p]);
    }
}
