package io.cgflow.nn;

import io.cgflow.nn.model.Activation;
import io.cgflow.potentials.PotentialContract;
import java.util.List;

/**
 * The network potential under the contract every potential passes (forces, Newton's third law, translation
 * invariance, virial, ∂E/∂θ, continuity at the cut-off), with small random networks whose bead types are listed in
 * another order than the topology's, so that types are matched by name.
 */
class NetworkPotentialContractTest extends PotentialContract {
    @Override
    protected List<Subject> subjects() {
        List<String> types = List.of("B", "A");
        TrainedModel linear = TestModels.random(types, 0.9, 4, Activation.TANH, 1);
        TrainedModel tanh = TestModels.random(types, 0.9, 5, Activation.TANH, 2, 8, 5);
        TrainedModel softplus = TestModels.random(types, 0.85, 3, Activation.SOFTPLUS, 3, 6, 4, 3);
        return List.of(
            new Subject("network-linear", top -> NetworkPotential.of(linear, top), true),
            new Subject("network-tanh", top -> NetworkPotential.of(tanh, top), true),
            new Subject("network-softplus", top -> NetworkPotential.of(softplus, top), true));
    }
}
