package io.cgflow.md;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.LennardJones;
import io.cgflow.potentials.TypePair;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Lennard-Jones liquids on an fcc start lattice: σ = 0.3 nm, ε = 1 kJ/mol, m = 40 amu. */
final class LjSystems {
    static final double SIGMA = 0.3;
    static final double EPSILON = 1.0;
    static final double MASS = 40.0;

    private LjSystems() {
    }

    /** Temperature in K of the reduced temperature T*. */
    static double kelvin(double reduced) {
        return reduced * EPSILON / MdSettings.KB;
    }

    static CgTopology beads(int n) {
        int[] zeros = new int[n];
        int[] molecule = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        for (int i = 0; i < n; i++) {
            molecule[i] = i;
            names[i] = "LJ";
            masses[i] = MASS;
        }
        return new CgTopology(List.of("A"), zeros, molecule, names, masses, List.of(), List.of(), List.of(), Set.of());
    }

    static double[] masses(int n) {
        double[] m = new double[n];
        Arrays.fill(m, MASS);
        return m;
    }

    /** The cubic box of 4 cells³ beads at reduced density ρ*. */
    static Box box(int cells, double density) {
        int n = 4 * cells * cells * cells;
        double length = Math.cbrt(n / (density / (SIGMA * SIGMA * SIGMA)));
        return Box.orthorhombic(length, length, length);
    }

    static double[] fcc(int cells, Box box) {
        double a = box.get(0, 0) / cells;
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        double[] x = new double[3 * 4 * cells * cells * cells];
        int i = 0;
        for (int p = 0; p < cells; p++) {
            for (int q = 0; q < cells; q++) {
                for (int r = 0; r < cells; r++) {
                    for (double[] b : basis) {
                        x[3 * i] = (p + b[0] + 0.25) * a;
                        x[3 * i + 1] = (q + b[1] + 0.25) * a;
                        x[3 * i + 2] = (r + b[2] + 0.25) * a;
                        i++;
                    }
                }
            }
        }
        return x;
    }

    static LennardJones lj(double cutoffSigmas, LennardJones.Truncation truncation, boolean tail) {
        return new LennardJones("lj", List.of(new LennardJones.Parameters(TypePair.of("A", "A"), SIGMA, EPSILON)),
            cutoffSigmas * SIGMA, truncation, tail);
    }

    /** Block averages: mean and standard error of the mean from {@code blocks} blocks. */
    static double[] meanAndError(double[] values, int blocks) {
        int per = values.length / blocks;
        double[] means = new double[blocks];
        double total = 0;
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            for (int k = b * per; k < (b + 1) * per; k++) {
                s += values[k];
            }
            means[b] = s / per;
            total += means[b];
        }
        double mean = total / blocks;
        double var = 0;
        for (double m : means) {
            var += (m - mean) * (m - mean);
        }
        return new double[] {mean, Math.sqrt(var / (blocks - 1) / blocks)};
    }
}
