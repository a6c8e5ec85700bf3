package io.cgflow.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prior energy added to the network's, as plain data: a kind (for example {@code none},
 * {@code repulsive-power}, {@code table}) and named arrays of numbers in the units of the model (nm, kJ/mol).
 * What a kind means is defined by the potentials that read it; a model file only carries it.
 */
public record PriorDescription(String kind, Map<String, double[]> parameters) {
    public static final PriorDescription NONE = new PriorDescription("none", Map.of());

    public PriorDescription {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("prior kind is empty");
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, values.clone()));
        parameters = java.util.Collections.unmodifiableMap(copy);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PriorDescription p) || !p.kind.equals(kind) || !p.parameters.keySet().equals(parameters.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : parameters.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), p.parameters.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + parameters.keySet().hashCode();
    }
}
