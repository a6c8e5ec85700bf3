package io.cgflow.potentials;

import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * Tabulated bonded potentials, one {@link Table} per bonded type name: bond tables over the length in nm,
 * angle tables over θ in degrees (within [0, 180]), dihedral tables periodic over φ in degrees (n points
 * covering 360°). A coordinate outside a bond or angle table is an error ({@link TableRangeException}).
 * Types not listed are left to other potentials. Trainable parameters: the energies of every table.
 */
public record TabulatedBonded(String name, BondedKind kind, List<Entry> tables) implements PotentialDefinition {
    /** The table of one bonded type. */
    public record Entry(String type, Table table) {
    }

    public TabulatedBonded {
        tables = List.copyOf(tables);
        List<String> seen = new ArrayList<>();
        for (Entry e : tables) {
            Table t = e.table();
            if (seen.contains(e.type())) {
                throw new IllegalArgumentException(name + ": type " + e.type() + " given twice");
            }
            seen.add(e.type());
            boolean periodic = t.boundary() == Table.Boundary.PERIODIC;
            if (kind == BondedKind.DIHEDRAL) {
                if (!periodic || Math.abs(t.size() * t.step() - 360) > 1e-6) {
                    throw new IllegalArgumentException(name + ": dihedral table " + t.name()
                        + " must be periodic with its points covering 360 degrees");
                }
            } else if (periodic) {
                throw new IllegalArgumentException(name + ": table " + t.name() + " is periodic; only dihedral tables are");
            }
            if (kind == BondedKind.ANGLE && (t.start() < -1e-9 || t.end() > 180 + 1e-9)) {
                throw new IllegalArgumentException(name + ": angle table " + t.name() + " spans " + t.start() + " to "
                    + t.end() + " degrees, outside [0, 180]");
            }
            if (kind == BondedKind.BOND && t.start() < 0) {
                throw new IllegalArgumentException(name + ": bond table " + t.name() + " starts at a negative length");
            }
        }
    }

    @Override
    public double cutoff() {
        return 0;
    }

    @Override
    public Potential evaluator(CgTopology topology) {
        List<String> names = new ArrayList<>();
        List<Table> list = new ArrayList<>();
        for (Entry e : tables) {
            names.add(e.type());
            list.add(e.table());
        }
        return new BondedEvaluator(name, kind, names, new Form(list, kind), topology);
    }

    private static final class Form implements BondedForm {
        private final SplineSet splines;
        private final BondedKind kind;
        private final double toX;
        private final String unit;

        Form(List<Table> tables, BondedKind kind) {
            this.kind = kind;
            this.toX = kind == BondedKind.BOND ? 1 : 180 / Math.PI;
            this.unit = kind == BondedKind.BOND ? "nm" : "degrees";
            splines = new SplineSet(tables);
        }

        @Override
        public double energy(int t, double q, double[] derivative) {
            CubicSpline s = splines.get(t);
            double x = q * toX;
            if (kind != BondedKind.DIHEDRAL) {
                s.requireAbove(x, unit);
                s.requireBelowEnd(x, unit);
            }
            double e = s.evaluate(x, derivative);
            derivative[0] *= toX;
            return e;
        }

        @Override
        public int parameterCount() {
            return splines.parameterCount();
        }

        @Override
        public double[] parameters() {
            return splines.parameters();
        }

        @Override
        public void setParameters(double[] theta) {
            splines.setParameters(theta);
        }

        @Override
        public void accumulateGradient(int t, double q, double weight) {
            splines.get(t).accumulateGradient(q * toX, weight);
        }

        /** The mean of the knots: for a periodic cubic spline on a uniform grid, exactly its average over φ. */
        @Override
        public double average(int t) {
            return splines.get(t).meanValue();
        }

        @Override
        public void accumulateAverageGradient(int t, double weight) {
            splines.get(t).accumulateMeanGradient(weight);
        }

        @Override
        public void finishGradient(Evaluation out) {
            splines.finishGradient(out);
        }
    }
}
