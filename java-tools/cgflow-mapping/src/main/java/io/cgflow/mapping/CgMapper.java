package io.cgflow.mapping;

import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;

/**
 * Maps atomistic configurations to bead positions: each bead is the weighted centre of its atoms, every
 * atom taken at its minimum image relative to the first atom of its molecule, so molecules cut by the
 * periodic boundary are made whole before centres are taken. Thread-safe (no mutable state).
 */
public final class CgMapper {
    private final CgTopology topology;
    private final int atomCount;
    private final int[][] beadAtoms;
    private final double[][] beadWeights;
    private final int[] reference;

    CgMapper(CgTopology topology, int atomCount, int[][] beadAtoms, double[][] beadWeights, int[] reference) {
        this.topology = topology;
        this.atomCount = atomCount;
        this.beadAtoms = beadAtoms;
        this.beadWeights = beadWeights;
        this.reference = reference;
    }

    public CgTopology topology() {
        return topology;
    }

    /** Atoms the atomistic frames must have. */
    public int atomCount() {
        return atomCount;
    }

    /** The CG frame of an atomistic frame (same step, time and box). */
    public Frame map(Frame atomistic) {
        float[] x = atomistic.positions();
        if (x.length != 3 * atomCount) {
            throw new IllegalArgumentException("frame has " + x.length / 3 + " atoms, mapping expects " + atomCount);
        }
        PeriodicCell cell = new PeriodicCell(atomistic.box());
        int n = beadAtoms.length;
        float[] out = new float[3 * n];
        double[] d = new double[3];
        for (int b = 0; b < n; b++) {
            int ref = reference[b];
            double rx = x[3 * ref];
            double ry = x[3 * ref + 1];
            double rz = x[3 * ref + 2];
            double cx = 0;
            double cy = 0;
            double cz = 0;
            int[] atoms = beadAtoms[b];
            double[] w = beadWeights[b];
            for (int k = 0; k < atoms.length; k++) {
                int a = atoms[k];
                d[0] = x[3 * a] - rx;
                d[1] = x[3 * a + 1] - ry;
                d[2] = x[3 * a + 2] - rz;
                if (a != ref) {
                    cell.minimumImage(d);
                }
                cx += w[k] * d[0];
                cy += w[k] * d[1];
                cz += w[k] * d[2];
            }
            out[3 * b] = (float) (rx + cx);
            out[3 * b + 1] = (float) (ry + cy);
            out[3 * b + 2] = (float) (rz + cz);
        }
        return new Frame(atomistic.step(), atomistic.time(), atomistic.box(), out);
    }
}
