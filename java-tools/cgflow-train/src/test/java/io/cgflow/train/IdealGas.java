package io.cgflow.train;

import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.ReferenceAccumulator;
import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.md.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training state whose reference is frames of beads placed at random in a cubic box: g = 1 from r = 0 but for
 * sampling noise, RDFs to 1.5 nm in 0.01 nm bins, the frames in four blocks.
 */
final class IdealGas {
    private IdealGas() {
    }

    /** {@code counts[t]} beads of {@code types[t]}, all of {@code mass} amu, in a box of {@code edge} nm, at T K. */
    static TrainingState state(List<String> types, int[] counts, double mass, double edge, int frames, double t,
                               long seed) {
        List<Integer> typeList = new ArrayList<>();
        for (int type = 0; type < counts.length; type++) {
            for (int i = 0; i < counts[type]; i++) {
                typeList.add(type);
            }
        }
        int n = typeList.size();
        int[] typeOf = typeList.stream().mapToInt(Integer::intValue).toArray();
        int[] molecule = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        for (int i = 0; i < n; i++) {
            molecule[i] = i;
            names[i] = types.get(typeOf[i]);
            masses[i] = mass;
        }
        CgTopology top = new CgTopology(types, typeOf, molecule, names, masses, List.of(), List.of(), List.of(),
            CgTopology.bondedExclusions(List.of(), List.of()));
        Box box = Box.orthorhombic(edge, edge, edge);
        ReferenceAccumulator acc = new ReferenceAccumulator(top, new DistributionSettings(1.5, 0.01, 1.0, 0.001, 1, 2),
            4, frames / 4);
        Rng rng = new Rng(seed, 1);
        double[] x = new double[3 * n];
        for (int f = 0; f < frames; f++) {
            float[] fx = new float[3 * n];
            for (int k = 0; k < 3 * n; k++) {
                x[k] = edge * rng.nextDouble();
                fx[k] = (float) x[k];
            }
            acc.accept(f, fx, box);
        }
        return TrainingState.of(Path.of("ideal-gas.h5"), acc.result(t, Double.NaN,
            new Provenance("test", "0", "test", List.of())), top, masses, box, x);
    }
}
