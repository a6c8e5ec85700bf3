package io.cgflow.nn;

import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;

/**
 * The network of one bead type: its architecture, the standardisation of its inputs and its parameters θ in the
 * order of {@link MlpArchitecture}.
 */
public record BeadNetwork(String beadType, MlpArchitecture architecture, InputScaling scaling, double[] parameters) {
    public BeadNetwork {
        if (parameters.length != architecture.parameterCount()) {
            throw new IllegalArgumentException(beadType + ": " + parameters.length + " parameters for an architecture of "
                + architecture.parameterCount());
        }
        if (scaling.length() != architecture.inputs()) {
            throw new IllegalArgumentException(beadType + ": scaling of " + scaling.length() + " components for "
                + architecture.inputs() + " inputs");
        }
        for (int k = 0; k < parameters.length; k++) {
            if (!Double.isFinite(parameters[k])) {
                throw new IllegalArgumentException(beadType + ": parameter " + k + " is " + parameters[k]);
            }
        }
        parameters = parameters.clone();
    }

    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /** The plain-Java model of this network. */
    public MlpModel plainModel() {
        return new MlpModel(architecture, parameters);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BeadNetwork n && n.beadType.equals(beadType) && n.architecture.equals(architecture)
            && n.scaling.equals(scaling) && java.util.Arrays.equals(n.parameters, parameters);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(beadType, architecture, scaling, java.util.Arrays.hashCode(parameters));
    }

    @Override
    public String toString() {
        return "BeadNetwork[" + beadType + ", " + architecture + "]";
    }
}
