package io.cgflow.potentials;

import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * Harmonic angles E = ½ k (θ − θ₀)² per angle type name (k in kJ/mol/rad², θ₀ in degrees; the GROMACS
 * convention). Angle types not listed are left to other potentials. Trainable parameters: (k, θ₀ in
 * degrees) of each type, in order.
 */
public record HarmonicAngle(String name, List<Parameters> types) implements PotentialDefinition {
    /** k (kJ/mol/rad²) and θ₀ (degrees) of one angle type. */
    public record Parameters(String type, double k, double angle) {
    }

    public HarmonicAngle {
        types = List.copyOf(types);
        List<String> seen = new ArrayList<>();
        for (Parameters p : types) {
            if (!(p.k() >= 0) || !Double.isFinite(p.k()) || !(p.angle() >= 0 && p.angle() <= 180)) {
                throw new IllegalArgumentException(name + ": angle type " + p.type()
                    + " needs k ≥ 0 and θ0 in [0, 180] degrees, not " + p.k() + " and " + p.angle());
            }
            if (seen.contains(p.type())) {
                throw new IllegalArgumentException(name + ": angle type " + p.type() + " given twice");
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
            theta[2 * t + 1] = types.get(t).angle();
            names.add(types.get(t).type());
        }
        return new BondedEvaluator(name, BondedKind.ANGLE, names,
            new HarmonicBond.HarmonicForm(theta, Math.PI / 180), topology);
    }
}
