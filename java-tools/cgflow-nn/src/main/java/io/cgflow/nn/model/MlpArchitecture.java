package io.cgflow.nn.model;

import java.util.List;

/**
 * Shape of a multilayer perceptron with one scalar output: {@code inputs} → hidden widths (each with its
 * activation) → 1 (identity). No hidden layers makes it linear: E(z) = w·z + b.
 *
 * <p>Flat parameter order (shared by every model of this shape and by model files): layer by layer from the input,
 * each layer's weights W[out][in] row-major (all inputs of output 0, then of output 1, …), then its biases b[out].
 */
public record MlpArchitecture(int inputs, List<Integer> hidden, List<Activation> activations) {
    public MlpArchitecture {
        hidden = List.copyOf(hidden);
        activations = List.copyOf(activations);
        if (inputs < 1) {
            throw new IllegalArgumentException("need at least one input, got " + inputs);
        }
        if (hidden.size() != activations.size()) {
            throw new IllegalArgumentException(hidden.size() + " hidden layers but " + activations.size()
                + " activations");
        }
        for (int w : hidden) {
            if (w < 1) {
                throw new IllegalArgumentException("hidden widths must be positive: " + hidden);
            }
        }
    }

    /** Hidden layers of the given widths, all with one activation. */
    public static MlpArchitecture of(int inputs, Activation activation, int... hiddenWidths) {
        List<Integer> widths = java.util.Arrays.stream(hiddenWidths).boxed().toList();
        return new MlpArchitecture(inputs, widths, java.util.Collections.nCopies(widths.size(), activation));
    }

    /** Number of weight layers (hidden + 1). */
    public int layers() {
        return hidden.size() + 1;
    }

    /** Input width of layer {@code l}. */
    public int layerInputs(int l) {
        return l == 0 ? inputs : hidden.get(l - 1);
    }

    /** Output width of layer {@code l}. */
    public int layerOutputs(int l) {
        return l == hidden.size() ? 1 : hidden.get(l);
    }

    /** Activation of layer {@code l} (identity for the last). */
    public Activation activation(int l) {
        return l == hidden.size() ? Activation.IDENTITY : activations.get(l);
    }

    /** Offset of layer {@code l}'s weights in the flat parameter vector; its biases follow them. */
    public int weightOffset(int l) {
        int offset = 0;
        for (int k = 0; k < l; k++) {
            offset += (layerInputs(k) + 1) * layerOutputs(k);
        }
        return offset;
    }

    /** Offset of layer {@code l}'s biases in the flat parameter vector. */
    public int biasOffset(int l) {
        return weightOffset(l) + layerInputs(l) * layerOutputs(l);
    }

    /** Number of parameters (weights and biases). */
    public int parameterCount() {
        return weightOffset(layers());
    }

    /** Widest layer, input included. */
    public int maxWidth() {
        int w = inputs;
        for (int h : hidden) {
            w = Math.max(w, h);
        }
        return w;
    }
}
