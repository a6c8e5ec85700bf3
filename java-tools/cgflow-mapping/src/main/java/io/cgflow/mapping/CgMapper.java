package io.cgflow.mapping;

import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;

/**
 * Maps atomistic configurations to bead positions: each bead is the weighted centre of its atoms, with the
 * molecule made whole first. With bonds in the topology, every atom is taken at the minimum image of its
 * bonded parent along a walk of the molecule's bond graph ({@link MoleculeTraversal}), so molecules longer
 * than half the box come out right and beads of a molecule sit in one image. Without bonds, each bead's
 * atoms are taken at the minimum image of the bead's first atom, and the beads of a molecule are joined
 * along the mapping's CG bonds (each at the minimum image of its bonded bead); a molecule that was not
 * whole as read and spans more than half the smallest box width is refused ({@link BrokenMolecule}), since
 * minimum images alone cannot be trusted to rebuild it. Thread-safe: fixed arrays and per-thread scratch.
 */
public final class CgMapper {
    /** A mapped molecule that cannot be trusted: what, where, and how long. */
    public record LongBond(int molecule, String moleculeType, int firstAtom, String bond, int beadA, int beadB,
                           double length, double halfWidth) {
    }

    /** Thrown by {@link #map} for a molecule the mapping cannot make whole; carries the details. */
    public static final class BrokenMolecule extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient LongBond detail;

        BrokenMolecule(LongBond detail) {
            super("molecule " + (detail.molecule() + 1) + " is not whole", null, false, false);
            this.detail = detail;
        }

        public LongBond detail() {
            return detail;
        }
    }

    private final CgTopology topology;
    private final int atomCount;
    private final double[][] beadWeights;
    private final MoleculeTraversal traversal;
    private final int[] moleculeBeadStart;
    private final String[] moleculeTypes;
    private final int[] moleculeFirstAtom;
    private final int[] bondBeads;
    /** Without bonds: beads of each molecule in the order they are joined, and the bead each is joined to. */
    private final int[] chainOrder;
    private final int[] chainParent;
    private final ThreadLocal<double[]> scratch;

    CgMapper(CgTopology topology, int atomCount, double[][] beadWeights, MoleculeTraversal traversal,
             String[] moleculeTypes, int[] moleculeFirstAtom) {
        this.topology = topology;
        this.atomCount = atomCount;
        this.beadWeights = beadWeights;
        this.traversal = traversal;
        this.moleculeTypes = moleculeTypes;
        this.moleculeFirstAtom = moleculeFirstAtom;
        int molecules = moleculeTypes.length;
        this.moleculeBeadStart = new int[molecules + 1];
        for (int b = 0; b < topology.size(); b++) {
            moleculeBeadStart[topology.moleculeOf(b) + 1] = b + 1;
        }
        for (int m = 0; m < molecules; m++) {
            moleculeBeadStart[m + 1] = Math.max(moleculeBeadStart[m + 1], moleculeBeadStart[m]);
        }
        this.bondBeads = new int[2 * topology.bonds().size()];
        for (int k = 0; k < topology.bonds().size(); k++) {
            bondBeads[2 * k] = topology.bonds().get(k).beads()[0];
            bondBeads[2 * k + 1] = topology.bonds().get(k).beads()[1];
        }
        this.chainOrder = new int[topology.size()];
        this.chainParent = new int[topology.size()];
        chain(topology, moleculeBeadStart, bondBeads, chainOrder, chainParent);
        int size = 3 * Math.max(1, traversal.largestMolecule);
        this.scratch = ThreadLocal.withInitial(() -> new double[size]);
    }

    /**
     * Breadth-first over the CG bonds from each molecule's first bead; beads not reached are joined to the
     * first bead. {@code parent} is -1 for the first bead.
     */
    private static void chain(CgTopology cg, int[] start, int[] bondBeads, int[] order, int[] parent) {
        int n = cg.size();
        int[] offset = new int[n + 1];
        for (int b : bondBeads) {
            offset[b + 1]++;
        }
        for (int i = 0; i < n; i++) {
            offset[i + 1] += offset[i];
        }
        int[] neighbours = new int[bondBeads.length];
        int[] fill = java.util.Arrays.copyOf(offset, n);
        for (int k = 0; k < bondBeads.length; k += 2) {
            neighbours[fill[bondBeads[k]]++] = bondBeads[k + 1];
            neighbours[fill[bondBeads[k + 1]]++] = bondBeads[k];
        }
        boolean[] placed = new boolean[n];
        for (int m = 0; m + 1 < start.length; m++) {
            int s = start[m];
            int e = start[m + 1];
            if (s == e) {
                continue;
            }
            int cursor = s;
            order[cursor] = s;
            parent[cursor++] = -1;
            placed[s] = true;
            for (int head = s; head < cursor; head++) {
                int b = order[head];
                for (int k = offset[b]; k < offset[b + 1]; k++) {
                    int c = neighbours[k];
                    if (!placed[c] && c >= s && c < e) {
                        placed[c] = true;
                        order[cursor] = c;
                        parent[cursor++] = b;
                    }
                }
            }
            for (int b = s; b < e; b++) {
                if (!placed[b]) {
                    placed[b] = true;
                    order[cursor] = b;
                    parent[cursor++] = s;
                }
            }
        }
    }

    public CgTopology topology() {
        return topology;
    }

    /** Atoms the atomistic frames must have. */
    public int atomCount() {
        return atomCount;
    }

    /** True when molecules are made whole along the topology's bonds (false: bead by bead). */
    public boolean wholeByBonds() {
        return traversal.bonded;
    }

    /** Bead atoms that the bonds of their molecule do not reach from its first atom (placed bead by bead). */
    public int atomsNotReachedByBonds() {
        return traversal.unreached;
    }

    /**
     * The CG frame of an atomistic frame (same step, time and box).
     *
     * @throws BrokenMolecule with bonds: when a mapped CG bond, as the beads lie, is longer than half the smallest
     *                        box width; without bonds: when a molecule not whole as read spans more than that
     */
    public Frame map(Frame atomistic) {
        float[] x = atomistic.positions();
        if (x.length != 3 * atomCount) {
            throw new IllegalArgumentException("frame has " + x.length / 3 + " atoms, mapping expects " + atomCount);
        }
        PeriodicCell cell = new PeriodicCell(atomistic.box());
        double half = 0.5 * cell.minWidth();
        int[] order = traversal.order;
        int[] parent = traversal.parent;
        int[] start = traversal.start;
        double[] u = scratch.get();
        float[] out = new float[3 * topology.size()];
        double[] d = new double[3];
        for (int m = 0; m < moleculeTypes.length; m++) {
            boolean moved = false;
            int s = start[m];
            for (int k = s; k < start[m + 1]; k++) {
                int a = order[k];
                int p = parent[k];
                int local = 3 * (k - s);
                if (p < 0) {
                    u[local] = x[3 * a];
                    u[local + 1] = x[3 * a + 1];
                    u[local + 2] = x[3 * a + 2];
                } else {
                    int r = order[s + p];
                    moved |= minimumImage(cell, x[3 * a] - x[3 * r], x[3 * a + 1] - x[3 * r + 1],
                        x[3 * a + 2] - x[3 * r + 2], d);
                    u[local] = u[3 * p] + d[0];
                    u[local + 1] = u[3 * p + 1] + d[1];
                    u[local + 2] = u[3 * p + 2] + d[2];
                }
            }
            for (int b = moleculeBeadStart[m]; b < moleculeBeadStart[m + 1]; b++) {
                int[] atoms = traversal.beadLocal[b];
                double[] w = beadWeights[b];
                double cx = 0;
                double cy = 0;
                double cz = 0;
                for (int k = 0; k < atoms.length; k++) {
                    int i = 3 * atoms[k];
                    cx += w[k] * u[i];
                    cy += w[k] * u[i + 1];
                    cz += w[k] * u[i + 2];
                }
                out[3 * b] = (float) cx;
                out[3 * b + 1] = (float) cy;
                out[3 * b + 2] = (float) cz;
            }
            if (!traversal.bonded) {
                joinBeads(m, out, cell, d, moved, half);
            }
        }
        if (traversal.bonded) {
            requireShortBonds(out, half);
        }
        return new Frame(atomistic.step(), atomistic.time(), atomistic.box(), out);
    }

    /** {@code out} = minimum image of (dx, dy, dz); true when that is another periodic image of the vector. */
    private static boolean minimumImage(PeriodicCell cell, double dx, double dy, double dz, double[] out) {
        out[0] = dx;
        out[1] = dy;
        out[2] = dz;
        cell.minimumImage(out);
        double ex = out[0] - dx;
        double ey = out[1] - dy;
        double ez = out[2] - dz;
        return ex * ex + ey * ey + ez * ez > 1e-8;
    }

    /** Without bonds: each bead at the minimum image of the bead it is joined to; refuses long broken molecules. */
    private void joinBeads(int m, float[] out, PeriodicCell cell, double[] d, boolean movedAtoms, double half) {
        boolean moved = movedAtoms;
        int s = moleculeBeadStart[m];
        int e = moleculeBeadStart[m + 1];
        for (int k = s + 1; k < e; k++) {
            int b = chainOrder[k];
            int p = chainParent[k];
            if (minimumImage(cell, out[3 * b] - out[3 * p], out[3 * b + 1] - out[3 * p + 1],
                out[3 * b + 2] - out[3 * p + 2], d)) {
                moved = true;
                out[3 * b] = (float) (out[3 * p] + d[0]);
                out[3 * b + 1] = (float) (out[3 * p + 1] + d[1]);
                out[3 * b + 2] = (float) (out[3 * p + 2] + d[2]);
            }
        }
        if (!moved) {
            return;
        }
        for (int b = s + 1; b < e; b++) {
            double dx = out[3 * b] - out[3 * s];
            double dy = out[3 * b + 1] - out[3 * s + 1];
            double dz = out[3 * b + 2] - out[3 * s + 2];
            double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
            if (r > half) {
                throw new BrokenMolecule(new LongBond(m, moleculeTypes[m], moleculeFirstAtom[m], null, s, b, r, half));
            }
        }
    }

    /** With bonds: every mapped CG bond, as the beads lie, within half the smallest box width. */
    private void requireShortBonds(float[] x, double half) {
        double half2 = half * half;
        for (int k = 0; k < bondBeads.length; k += 2) {
            int i = bondBeads[k];
            int j = bondBeads[k + 1];
            double dx = x[3 * j] - x[3 * i];
            double dy = x[3 * j + 1] - x[3 * i + 1];
            double dz = x[3 * j + 2] - x[3 * i + 2];
            double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 > half2) {
                int m = topology.moleculeOf(i);
                throw new BrokenMolecule(new LongBond(m, moleculeTypes[m], moleculeFirstAtom[m],
                    topology.bonds().get(k / 2).name(), i, j, Math.sqrt(r2), half));
            }
        }
    }
}
