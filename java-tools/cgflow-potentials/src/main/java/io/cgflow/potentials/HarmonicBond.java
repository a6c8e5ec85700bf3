package io.cgflow.potentials;

import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * Harmonic bonds E = ½ k (b − b₀)² per bond type name (k in kJ/mol/nm², b₀ in nm; the GROMACS convention,
 * LAMMPS's K is k/2). Bond types not listed are left to other potentials. Trainable parameters: (k, b₀)
 * of each type, in order.
 */
public record HarmonicBond(String name, List<Parameters> types) implements PotentialDefinition {
    /** k (kJ/mol/nm²) and b₀ (nm) of one bond type. */
    public record Parameters(String type, double k, double length) {
    }

    public HarmonicBond {
        types = List.copyOf(types);
        List<String> seen = new ArrayList<>();
        for (Parameters p : types) {
            if (!(p.k() >= 0) || !Double.isFinite(p.k()) || !(p.length() >= 0) || !Double.isFinite(p.length())) {
                throw new IllegalArgumentException(name + ": bond type " + p.type() + " needs k ≥ 0 and b0 ≥ 0, not "
                    + p.k() + " and " + p.length());
            }
            if (seen.contains(p.type())) {
                throw new IllegalArgumentException(name + ": bond type " + p.type() + " given twice");
            }
            seen.add(p.type());
        }
    }

    @Override
    public double cutoff() {
        return 0;
    }

    @Override
    public Potential evaluator(CgTopology topology) {
        double[] theta = new double[2 * types.size()];
        List<String> names = new ArrayList<>();
        for (int t = 0; t < types.size(); t++) {
            theta[2 * t] = types.get(t).k();
            theta[2 * t + 1] = types.get(t).length();
            names.add(types.get(t).type());
        }
        return new BondedEvaluator(name, BondedKind.BOND, names, new HarmonicForm(theta, 1.0), topology);
    }

    /**
     * ½ k (q − scale·q₀)² with θ = (k, q₀) per type; scale converts q₀'s unit to q's (1 for bonds, π/180 for
     * angles given in degrees).
     */
    static final class HarmonicForm implements BondedForm {
        private final double[] theta;
        private final double scale;
        private final double[] gradient;
        private boolean touched;

        HarmonicForm(double[] theta, double scale) {
            this.theta = theta;
            this.scale = scale;
            this.gradient = new double[theta.length];
        }

        @Override
        public double energy(int t, double q, double[] derivative) {
            double k = theta[2 * t];
            double dev = q - scale * theta[2 * t + 1];
            derivative[0] = k * dev;
            return 0.5 * k * dev * dev;
        }

        @Override
        public int parameterCount() {
            return theta.length;
        }

        @Override
        public double[] parameters() {
            return theta.clone();
        }

        @Override
        public void setParameters(double[] values) {
            System.arraycopy(values, 0, theta, 0, theta.length);
        }

        @Override
        public void accumulateGradient(int t, double q, double weight) {
            double dev = q - scale * theta[2 * t + 1];
            gradient[2 * t] += weight * 0.5 * dev * dev;
            gradient[2 * t + 1] -= weight * theta[2 * t] * dev * scale;
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
    }
}
