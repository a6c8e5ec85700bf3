package io.cgflow.potentials;

import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tabulated pair potentials u_ab(r), one {@link Table} per type pair, splined; zero at and beyond the
 * cut-off, which every table must reach; a distance below a table's start is an error
 * ({@link TableRangeException}). Type pairs not listed do not interact through this potential. Trainable
 * parameters: the energies of every table, in order — training them is Inverse Monte Carlo.
 */
public record TabulatedPair(String name, List<Entry> tables, double cutoff) implements PotentialDefinition {
    /** The table of one type pair. */
    public record Entry(TypePair types, Table table) {
    }

    public TabulatedPair {
        tables = List.copyOf(tables);
        if (!(cutoff > 0) || !Double.isFinite(cutoff)) {
            throw new IllegalArgumentException(name + ": the cut-off must be positive, not " + cutoff);
        }
        Set<TypePair> seen = new HashSet<>();
        for (Entry e : tables) {
            if (!seen.add(e.types())) {
                throw new IllegalArgumentException(name + ": type pair " + e.types() + " given twice");
            }
            if (e.table().boundary() == Table.Boundary.PERIODIC) {
                throw new IllegalArgumentException(name + ": table " + e.table().name() + " of " + e.types()
                    + " is periodic; pair tables are not");
            }
            if (e.table().end() < cutoff * (1 - 1e-12)) {
                throw new IllegalArgumentException(name + ": table " + e.table().name() + " of " + e.types()
                    + " ends at " + e.table().end() + " nm, before the cut-off " + cutoff + " nm");
            }
            if (e.table().start() < 0) {
                throw new IllegalArgumentException(name + ": table " + e.table().name() + " starts at a negative distance");
            }
        }
    }

    @Override
    public Potential evaluator(CgTopology topology) {
        List<TypePair> keys = new ArrayList<>();
        List<Table> list = new ArrayList<>();
        for (Entry e : tables) {
            keys.add(e.types());
            list.add(e.table());
        }
        return new PairEvaluator(name, cutoff, keys, new SplineForm(list), topology, false);
    }

    /** Pair tables as a {@link PairForm}. */
    static final class SplineForm implements PairForm {
        private final SplineSet splines;

        SplineForm(List<Table> tables) {
            splines = new SplineSet(tables);
        }

        @Override
        public double energy(int p, double r, double[] derivative) {
            CubicSpline s = splines.get(p);
            s.requireAbove(r, "nm");
            return s.evaluate(r, derivative);
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
        public void accumulateGradient(int p, double r) {
            splines.get(p).accumulateGradient(r, 1.0);
        }

        @Override
        public void finishGradient(Evaluation out) {
            splines.finishGradient(out);
        }
    }
}
