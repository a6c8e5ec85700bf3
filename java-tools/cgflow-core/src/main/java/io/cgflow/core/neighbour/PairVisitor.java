package io.cgflow.core.neighbour;

/**
 * Receives the pairs a {@link CellGrid} finds, each once. The displacement (dx, dy, dz) is that of the
 * image of j nearest to i, pointing from i to j; {@code r2} is its squared length.
 */
@FunctionalInterface
public interface PairVisitor {
    void pair(int i, int j, double dx, double dy, double dz, double r2);
}
