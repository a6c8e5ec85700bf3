package io.cgflow.potentials;

import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lennard-Jones pairs u(r) = 4ε[(σ/r)¹² − (σ/r)⁶] per bead-type pair, cut at r_c: {@link Truncation#CUT}
 * leaves u as it is (a step at r_c), {@link Truncation#SHIFT} subtracts u(r_c) so the energy is continuous.
 * With {@code tailCorrection}, the energy and pressure of the plain (unshifted) potential beyond r_c, for a
 * uniform fluid, are reported in {@link Evaluation#tailEnergy()} and {@link Evaluation#tailPressure()}:
 * E_tail = (8π/V) Σ_ab N_a N_b ε σ³ [(σ/r_c)⁹/9 − (σ/r_c)³/3], P_tail = (16π/(3V²)) Σ_ab N_a N_b ε σ³
 * [⅔(σ/r_c)⁹ − (σ/r_c)³], summed over ordered type pairs. Type pairs not listed do not interact through
 * this potential. Trainable parameters: (σ, ε) of each listed pair, in order.
 */
public record LennardJones(String name, List<Parameters> pairs, double cutoff, Truncation truncation,
                           boolean tailCorrection) implements PotentialDefinition {
    /** σ (nm) and ε (kJ/mol) of one type pair. */
    public record Parameters(TypePair types, double sigma, double epsilon) {
    }

    /** What happens at the cut-off. */
    public enum Truncation {
        CUT,
        SHIFT
    }

    public LennardJones {
        pairs = List.copyOf(pairs);
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new IllegalArgumentException(name + ": the cut-off must be positive, not " + cutoff);
        }
        Set<TypePair> seen = new HashSet<>();
        for (Parameters p : pairs) {
            if (!(p.sigma() > 0) || !Double.isFinite(p.sigma())) {
                throw new IllegalArgumentException(name + ": σ of " + p.types() + " must be positive, not " + p.sigma());
            }
            if (!(p.epsilon() >= 0) || !Double.isFinite(p.epsilon())) {
                throw new IllegalArgumentException(name + ": ε of " + p.types() + " must be non-negative, not "
                    + p.epsilon());
            }
            if (!seen.add(p.types())) {
                throw new IllegalArgumentException(name + ": type pair " + p.types() + " given twice");
            }
        }
    }

    @Override
    public Potential evaluator(CgTopology topology) {
        List<TypePair> keys = new ArrayList<>();
        for (Parameters p : pairs) {
            keys.add(p.types());
        }
        return new PairEvaluator(name, cutoff, keys, new Form(), topology, tailCorrection);
    }

    private final class Form implements PairForm {
        private final double[] sigma = new double[pairs.size()];
        private final double[] epsilon = new double[pairs.size()];
        private final double[] gradient = new double[2 * pairs.size()];
        private boolean touched;

        Form() {
            for (int p = 0; p < pairs.size(); p++) {
                sigma[p] = pairs.get(p).sigma();
                epsilon[p] = pairs.get(p).epsilon();
            }
        }

        @Override
        public double energy(int p, double r, double[] derivative) {
            double s2 = sigma[p] * sigma[p] / (r * r);
            double s6 = s2 * s2 * s2;
            double e4 = 4 * epsilon[p];
            derivative[0] = -e4 * (12 * s6 * s6 - 6 * s6) / r;
            double u = e4 * (s6 * s6 - s6);
            if (truncation == Truncation.SHIFT) {
                double c2 = sigma[p] * sigma[p] / (cutoff * cutoff);
                double c6 = c2 * c2 * c2;
                u -= e4 * (c6 * c6 - c6);
            }
            return u;
        }

        @Override
        public int parameterCount() {
            return 2 * sigma.length;
        }

        @Override
        public double[] parameters() {
            double[] t = new double[2 * sigma.length];
            for (int p = 0; p < sigma.length; p++) {
                t[2 * p] = sigma[p];
                t[2 * p + 1] = epsilon[p];
            }
            return t;
        }

        @Override
        public void setParameters(double[] theta) {
            for (int p = 0; p < sigma.length; p++) {
                sigma[p] = theta[2 * p];
                epsilon[p] = theta[2 * p + 1];
            }
        }

        @Override
        public void accumulateGradient(int p, double r) {
            double s6 = Math.pow(sigma[p] / r, 6);
            double dSigma = 4 * epsilon[p] * (12 * s6 * s6 - 6 * s6) / sigma[p];
            double dEpsilon = 4 * (s6 * s6 - s6);
            if (truncation == Truncation.SHIFT) {
                double c6 = Math.pow(sigma[p] / cutoff, 6);
                dSigma -= 4 * epsilon[p] * (12 * c6 * c6 - 6 * c6) / sigma[p];
                dEpsilon -= 4 * (c6 * c6 - c6);
            }
            gradient[2 * p] += dSigma;
            gradient[2 * p + 1] += dEpsilon;
            touched = true;
        }

        @Override
        public void finishGradient(Evaluation out) {
            if (!touched) {
                return;
            }
            for (int k = 0; k < gradient.length; k++) {
                out.addParameterGradient(k, gradient[k]);
            }
            java.util.Arrays.fill(gradient, 0);
            touched = false;
        }

        @Override
        public void tail(double[] orderedPairs, double volume, Evaluation out) {
            double e = 0;
            double pressure = 0;
            for (int p = 0; p < sigma.length; p++) {
                double s3 = Math.pow(sigma[p] / cutoff, 3);
                double s9 = s3 * s3 * s3;
                double es3 = epsilon[p] * Math.pow(sigma[p], 3) * orderedPairs[p];
                e += es3 * (s9 / 9 - s3 / 3);
                pressure += es3 * (2.0 / 3 * s9 - s3);
            }
            out.addTail(8 * Math.PI / volume * e, 16 * Math.PI / (3 * volume * volume) * pressure);
        }
    }
}
