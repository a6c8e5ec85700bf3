package io.cgflow.potentials;

import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sum of potentials. Its cut-off is the largest of its parts', so one neighbour list serves them all; its
 * parameter vector is the parts' vectors one after another, in order.
 */
public record CompositePotential(String name, List<PotentialDefinition> parts) implements PotentialDefinition {
    public CompositePotential {
        parts = List.copyOf(parts);
        Set<String> names = new HashSet<>();
        for (PotentialDefinition p : parts) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException(name + ": two parts are named " + p.name());
            }
        }
    }

    @Override
    public double cutoff() {
        double c = 0;
        for (PotentialDefinition p : parts) {
            c = Math.max(c, p.cutoff());
        }
        return c;
    }

    @Override
    public Potential evaluator(CgTopology topology) {
        List<Potential> evaluators = new ArrayList<>();
        for (PotentialDefinition p : parts) {
            evaluators.add(p.evaluator(topology));
        }
        return new Sum(name, evaluators);
    }

    /** Sums evaluators of any backend (a network and tabulated priors, say). */
    public static Potential sum(String name, List<Potential> parts) {
        return new Sum(name, List.copyOf(parts));
    }

    private static final class Sum implements Potential {
        private final String name;
        private final List<Potential> parts;
        private final int[] offsets;
        private final int count;
        private final double cutoff;

        Sum(String name, List<Potential> parts) {
            this.name = name;
            this.parts = parts;
            this.offsets = new int[parts.size()];
            int o = 0;
            double c = 0;
            for (int k = 0; k < parts.size(); k++) {
                offsets[k] = o;
                o += parts.get(k).parameterCount();
                c = Math.max(c, parts.get(k).cutoff());
            }
            this.count = o;
            this.cutoff = c;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double cutoff() {
            return cutoff;
        }

        @Override
        public int parameterCount() {
            return count;
        }

        @Override
        public double[] parameters() {
            double[] theta = new double[count];
            for (int k = 0; k < parts.size(); k++) {
                double[] p = parts.get(k).parameters();
                System.arraycopy(p, 0, theta, offsets[k], p.length);
            }
            return theta;
        }

        @Override
        public void setParameters(double[] theta) {
            if (theta.length != count) {
                throw new IllegalArgumentException(name + ": " + count + " parameters, not " + theta.length);
            }
            for (int k = 0; k < parts.size(); k++) {
                Potential p = parts.get(k);
                p.setParameters(java.util.Arrays.copyOfRange(theta, offsets[k], offsets[k] + p.parameterCount()));
            }
        }

        @Override
        public void evaluate(double[] x, io.cgflow.core.geometry.Box box, io.cgflow.core.neighbour.NeighbourList list,
                             Request request, Evaluation out) {
            int base = out.gradientOffset();
            for (int k = 0; k < parts.size(); k++) {
                out.setGradientOffset(base + offsets[k]);
                parts.get(k).evaluate(x, box, list, request, out);
            }
            out.setGradientOffset(base);
        }
    }
}
