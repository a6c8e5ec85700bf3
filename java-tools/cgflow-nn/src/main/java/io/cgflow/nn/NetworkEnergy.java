package io.cgflow.nn;

import io.cgflow.nn.descriptor.Descriptor;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.model.BeadEnergyModel;
import io.cgflow.nn.model.InputScaling;
import java.util.List;

/**
 * E(x) = Σ_i NN_type(i)((G_i − mean_type(i)) / std_type(i)) for one configuration given as a pair list, with forces
 * F = −Σ_i Σ_c (∂E/∂G_i,c)(∂G_i,c/∂r), the virial, and ∂E/∂θ per bead type. Beads of one type go through their
 * model in one batch. Holds the descriptor rows of the last call and other buffers: one instance per thread.
 */
public final class NetworkEnergy {
    private final Descriptor descriptor;
    private final List<InputScaling> scalings;
    private final List<? extends BeadEnergyModel> models;
    private final int length;
    private double[] g = new double[0];
    private double[] dEdG = new double[0];
    private double[] rows = new double[0];
    private double[] rowGradients = new double[0];
    private double[] energies = new double[0];
    private int[] members = new int[0];

    /** One scaling and one model per bead type, in the order of the descriptor's types. */
    public NetworkEnergy(Descriptor descriptor, List<InputScaling> scalings, List<? extends BeadEnergyModel> models) {
        if (scalings.size() != descriptor.types() || models.size() != descriptor.types()) {
            throw new IllegalArgumentException("descriptor has " + descriptor.types() + " bead types, got "
                + scalings.size() + " scalings and " + models.size() + " models");
        }
        this.length = descriptor.length();
        for (int t = 0; t < models.size(); t++) {
            if (scalings.get(t).length() != length || models.get(t).inputs() != length) {
                throw new IllegalArgumentException("bead type " + t + ": descriptor rows have " + length
                    + " components, scaling " + scalings.get(t).length() + ", model " + models.get(t).inputs());
            }
        }
        this.descriptor = descriptor;
        this.scalings = List.copyOf(scalings);
        this.models = List.copyOf(models);
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    private void ensure(int beads) {
        int n = beads * length;
        if (g.length < n) {
            g = new double[n];
            dEdG = new double[n];
            rows = new double[n];
            rowGradients = new double[n];
        }
        if (energies.length < beads) {
            energies = new double[beads];
            members = new int[beads];
        }
    }

    /** Gathers the standardised rows of the beads of type {@code t} into {@code rows}; returns how many. */
    private int gather(int t, int beads, int[] types) {
        int count = 0;
        for (int i = 0; i < beads; i++) {
            if (types[i] == t) {
                members[count] = i;
                System.arraycopy(g, i * length, rows, count * length, length);
                count++;
            }
        }
        scalings.get(t).apply(rows, count, rows);
        return count;
    }

    /** The descriptor rows of every bead ([beads][length], a copy). */
    public double[] descriptors(PairList pairs, int[] types) {
        ensure(pairs.beads());
        descriptor.compute(pairs, types, g);
        return java.util.Arrays.copyOf(g, pairs.beads() * length);
    }

    /** Total energy, kJ/mol. */
    public double energy(PairList pairs, int[] types) {
        int beads = pairs.beads();
        ensure(beads);
        descriptor.compute(pairs, types, g);
        double total = 0;
        for (int t = 0; t < models.size(); t++) {
            int count = gather(t, beads, types);
            if (count == 0) {
                continue;
            }
            models.get(t).energies(rows, count, energies);
            for (int k = 0; k < count; k++) {
                total += energies[k];
            }
        }
        return total;
    }

    /**
     * Total energy; adds the forces (kJ mol⁻¹ nm⁻¹, [beads][3]) to {@code forces} and the virial W_αβ = Σ d_α F_β
     * (kJ/mol, 9 values row-major) to {@code virial} when it is not null.
     */
    public double energyAndForces(PairList pairs, int[] types, double[] forces, double[] virial) {
        int beads = pairs.beads();
        ensure(beads);
        descriptor.compute(pairs, types, g);
        double total = 0;
        for (int t = 0; t < models.size(); t++) {
            int count = gather(t, beads, types);
            if (count == 0) {
                continue;
            }
            models.get(t).inputGradients(rows, count, energies, rowGradients);
            scalings.get(t).backward(rowGradients, count);
            for (int k = 0; k < count; k++) {
                total += energies[k];
                System.arraycopy(rowGradients, k * length, dEdG, members[k] * length, length);
            }
        }
        descriptor.addForces(pairs, types, dEdG, forces, virial);
        return total;
    }

    /** Adds Σ_beads of type t ∂E/∂θ_t to {@code dEdTheta.get(t)} for every bead type t. */
    public void addParameterGradients(PairList pairs, int[] types, List<double[]> dEdTheta) {
        int beads = pairs.beads();
        ensure(beads);
        descriptor.compute(pairs, types, g);
        for (int t = 0; t < models.size(); t++) {
            int count = gather(t, beads, types);
            if (count > 0) {
                models.get(t).addParameterGradient(rows, count, dEdTheta.get(t));
            }
        }
    }
}
