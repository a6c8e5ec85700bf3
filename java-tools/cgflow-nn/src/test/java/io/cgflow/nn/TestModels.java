package io.cgflow.nn;

import io.cgflow.core.Provenance;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import java.util.ArrayList;
import java.util.List;

/** Random small trained models for tests. */
public final class TestModels {
    private TestModels() {
    }

    /**
     * A model of the given bead types with {@code gaussians} G2 functions per type from 0.25 nm to the cut-off, one
     * random network per type of the given hidden widths, and a scaling that is not the identity.
     */
    public static TrainedModel random(List<String> types, double cutoff, int gaussians, Activation activation,
                                      long seed, int... hidden) {
        RadialG2Settings settings = RadialG2Settings.evenlySpaced(types, cutoff, 0.25, gaussians,
            0.6 * (cutoff - 0.25) / gaussians + 0.03);
        int length = settings.length();
        List<BeadNetwork> networks = new ArrayList<>();
        for (int t = 0; t < types.size(); t++) {
            MlpArchitecture arch = MlpArchitecture.of(length, activation, hidden);
            double[] theta = MlpModel.initialised(arch, seed + 17L * t).parameters();
            double[] noise = TestSystems.uniform(theta.length, 0.3, seed + 101L * t);
            for (int k = 0; k < theta.length; k++) {
                theta[k] += noise[k];
            }
            double[] mean = TestSystems.uniform(length, 0.3, seed + 7L * t);
            double[] std = TestSystems.uniform(length, 0.4, seed + 11L * t);
            for (int c = 0; c < length; c++) {
                mean[c] += 0.5;
                std[c] += 0.9;
            }
            networks.add(new BeadNetwork(types.get(t), arch, new InputScaling(mean, std), theta));
        }
        return new TrainedModel(types, settings, networks, PriorDescription.NONE,
            new Provenance("test", "0", "random model", List.of()));
    }
}
