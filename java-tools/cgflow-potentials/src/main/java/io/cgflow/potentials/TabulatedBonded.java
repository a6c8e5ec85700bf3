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
        private final CubicSpline[] splines;
        private final int[] offsets;
        private final int count;
        private final BondedKind kind;
        private final double toX;
        private final String unit;

        Form(List<Table> tables, BondedKind kind) {
            this.kind = kind;
            this.toX = kind == BondedKind.BOND ? 1 : 180 / Math.PI;
            this.unit = kind == BondedKind.BOND ? "nm" : "degrees";
            splines = new CubicSpline[tables.size()];
            offsets = new int[tables.size()];
            int o = 0;
            for (int p = 0; p < splines.length; p++) {
                splines[p] = new CubicSpline(tables.get(p));
                offsets[p] = o;
                o += splines[p].size();
            }
            count = o;
        }

        @Override
        public double energy(int t, double q, double[] derivative) {
            CubicSpline s = splines[t];
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
            return count;
        }

        @Override
        public double[] parameters() {
            double[] t = new double[count];
            for (int p = 0; p < splines.length; p++) {
                System.arraycopy(splines[p].values(), 0, t, offsets[p], splines[p].size());
            }
            return t;
        }

        @Override
        public void setParameters(double[] theta) {
            for (int p = 0; p < splines.length; p++) {
                splines[p].setValues(theta, offsets[p]);
            }
        }

        @Override
        public void accumulateGradient(int t, double q, double weight) {
            splines[t].accumulateGradient(q * toX, weight);
        }

        /** The mean of the knots: for a periodic cubic spline on a uniform grid, exactly its average over φ. */
        @Override
        public double average(int t) {
            return splines[t].meanValue();
        }

        @Override
        public void accumulateAverageGradient(int t, double weight) {
            splines[t].accumulateMeanGradient(weight);
        }

        @Override
        public void finishGradient(Evaluation out) {
            for (int p = 0; p < splines.length; p++) {
                splines[p].finishGradient(out.parameterGradient(), out.gradientOffset() + offsets[p]);
            }
        }
    }
}
