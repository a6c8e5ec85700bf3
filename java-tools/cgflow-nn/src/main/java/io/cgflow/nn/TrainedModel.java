package io.cgflow.nn;

import io.cgflow.core.Provenance;
import io.cgflow.nn.descriptor.DescriptorSettings;
import io.cgflow.nn.model.BeadEnergyModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A trained network potential, complete: bead types, descriptor settings (with the cut-off), one network per bead
 * type in the order of the types, the prior, and where it came from. Units are nm and kJ/mol. Stored by
 * {@link io.cgflow.nn.file.ModelFile}.
 */
public record TrainedModel(List<String> beadTypes, DescriptorSettings descriptor, List<BeadNetwork> networks,
        PriorDescription prior, Provenance provenance) {
    public static final String LENGTH_UNIT = "nm";
    public static final String ENERGY_UNIT = "kJ/mol";

    public TrainedModel {
        beadTypes = List.copyOf(beadTypes);
        networks = List.copyOf(networks);
        if (beadTypes.isEmpty() || new HashSet<>(beadTypes).size() != beadTypes.size()) {
            throw new IllegalArgumentException("bead types must be present and distinct: " + beadTypes);
        }
        if (!descriptor.neighbourTypes().equals(beadTypes)) {
            throw new IllegalArgumentException("descriptor types " + descriptor.neighbourTypes() + " differ from bead types "
                + beadTypes);
        }
        if (networks.size() != beadTypes.size()) {
            throw new IllegalArgumentException(networks.size() + " networks for " + beadTypes.size() + " bead types");
        }
        for (int t = 0; t < networks.size(); t++) {
            BeadNetwork n = networks.get(t);
            if (!n.beadType().equals(beadTypes.get(t))) {
                throw new IllegalArgumentException("network " + t + " is for " + n.beadType() + ", expected "
                    + beadTypes.get(t));
            }
            if (n.architecture().inputs() != descriptor.length()) {
                throw new IllegalArgumentException("network " + n.beadType() + " takes " + n.architecture().inputs()
                    + " inputs, the descriptor gives " + descriptor.length());
            }
        }
    }

    /** Cut-off of the network part, nm. */
    public double cutoff() {
        return descriptor.cutoff();
    }

    /** The energy of this model evaluated by plain-Java perceptrons (a new instance: one per thread). */
    public NetworkEnergy plainEnergy() {
        List<BeadEnergyModel> models = new ArrayList<>();
        for (BeadNetwork n : networks) {
            models.add(n.plainModel());
        }
        return energy(models);
    }

    /** The energy of this model evaluated by the given per-type models (in the order of the bead types). */
    public NetworkEnergy energy(List<? extends BeadEnergyModel> models) {
        return new NetworkEnergy(descriptor.create(), networks.stream().map(BeadNetwork::scaling).toList(), models);
    }
}
