package io.cgflow.nn;

import io.cgflow.potentials.Table;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prior of kind {@value #KIND}: a tabulated pair potential per bead type pair, natural cubic splines on uniform
 * grids, zero at and beyond the prior's cut-off ({@link TabulatedPair}: every table must reach the cut-off, and a
 * distance below a table's start is an error). It is added to the network's energy, typically a repulsive wall
 * (from the potential of mean force) where the reference has no data.
 *
 * <p>Encoding in the named arrays of a {@link PriorDescription} (one float64 dataset each in a model file):
 * <ul>
 * <li>{@code cutoff}: one number, the cut-off r_c in nm;</li>
 * <li>{@code A|B}, one array per type pair, the two bead type names joined by {@code |} in sorted order
 * ({@link TypePair}): {@code [start, step, E_0, …, E_{n−1}]}, the grid r_k = start + k·step in nm and the
 * energies in kJ/mol, n ≥ 3.</li>
 * </ul>
 * Bead type names may contain {@code -} and any other character except {@code |} and {@code /}. The kind
 * {@code none} is no prior.
 */
public final class PairTablePrior {
    /** The kind name of this prior. */
    public static final String KIND = "pair-table";
    /** The name of the cut-off array. */
    public static final String CUTOFF = "cutoff";
    /** Joins the two type names of a pair's array name. */
    public static final String SEPARATOR = "|";
    /** The name of the prior as a potential (in composites and messages). */
    public static final String NAME = "prior";

    private PairTablePrior() {
    }

    /** The array name of a type pair's table: {@code A|B} in sorted order. */
    public static String key(TypePair types) {
        return types.a() + SEPARATOR + types.b();
    }

    /**
     * The description of a pair-table prior. Tables must be natural splines that reach the cut-off and start at a
     * distance ≥ 0; type pairs must be distinct.
     */
    public static PriorDescription of(List<TabulatedPair.Entry> entries, double cutoff) {
        new TabulatedPair(NAME, entries, cutoff);
        Map<String, double[]> parameters = new LinkedHashMap<>();
        parameters.put(CUTOFF, new double[] {cutoff});
        List<TabulatedPair.Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((TabulatedPair.Entry e) -> e.types().a())
            .thenComparing(e -> e.types().b()));
        for (TabulatedPair.Entry e : sorted) {
            for (String name : List.of(e.types().a(), e.types().b())) {
                if (name.isEmpty() || name.contains(SEPARATOR) || name.contains("/")) {
                    throw new IllegalArgumentException(NAME + ": bead type name \"" + name + "\" cannot be stored"
                        + " (empty, or contains | or /)");
                }
            }
            Table t = e.table();
            if (t.boundary() != Table.Boundary.NATURAL) {
                throw new IllegalArgumentException(NAME + ": the table of " + key(e.types()) + " is " + t.boundary()
                    + "; prior tables are natural splines");
            }
            double[] energies = t.energies();
            double[] values = new double[2 + energies.length];
            values[0] = t.start();
            values[1] = t.step();
            System.arraycopy(energies, 0, values, 2, energies.length);
            parameters.put(key(e.types()), values);
        }
        return new PriorDescription(KIND, parameters);
    }

    /**
     * The potential of {@code prior}: empty for kind {@code none}, the tabulated pairs for {@value #KIND}. Throws
     * IllegalArgumentException for another kind (naming it) or a malformed description (naming the array).
     */
    public static Optional<TabulatedPair> definition(PriorDescription prior) {
        if (prior.kind().equals(PriorDescription.NONE.kind())) {
            return Optional.empty();
        }
        if (!prior.kind().equals(KIND)) {
            throw new IllegalArgumentException("unknown prior kind \"" + prior.kind() + "\"; known kinds: none, "
                + KIND);
        }
        Map<String, double[]> p = prior.parameters();
        double[] c = p.get(CUTOFF);
        if (c == null || c.length != 1) {
            throw new IllegalArgumentException(NAME + ": needs the array " + CUTOFF + " of one number (nm)");
        }
        List<String> keys = new ArrayList<>(p.keySet());
        keys.remove(CUTOFF);
        List<TabulatedPair.Entry> entries = new ArrayList<>();
        for (String key : keys) {
            int bar = key.indexOf(SEPARATOR);
            if (bar <= 0 || bar == key.length() - 1 || key.indexOf(SEPARATOR, bar + 1) >= 0) {
                throw new IllegalArgumentException(NAME + ": array \"" + key + "\" is neither " + CUTOFF
                    + " nor a type pair A" + SEPARATOR + "B");
            }
            TypePair types = TypePair.of(key.substring(0, bar), key.substring(bar + 1));
            double[] v = p.get(key);
            if (v.length < 5) {
                throw new IllegalArgumentException(NAME + ": array " + key + " has " + v.length + " numbers; needs"
                    + " start, step and at least 3 energies");
            }
            try {
                entries.add(new TabulatedPair.Entry(types, Table.natural(NAME + " " + key(types), v[0], v[1],
                    Arrays.copyOfRange(v, 2, v.length))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(NAME + ": array " + key + ": " + e.getMessage(), e);
            }
        }
        entries.sort(Comparator.comparing((TabulatedPair.Entry e) -> e.types().a()).thenComparing(e -> e.types().b()));
        return Optional.of(new TabulatedPair(NAME, entries, c[0]));
    }
}
