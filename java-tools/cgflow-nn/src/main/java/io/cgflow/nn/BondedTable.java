package io.cgflow.nn;

import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TabulatedBonded;
import java.util.List;
import java.util.Locale;

/**
 * The tabulated potential of one CG bonded type of a model, as {@link TabulatedBonded} evaluates it: a bond table
 * over the length in nm, an angle table over θ in degrees (within [0, 180]), a dihedral table periodic over φ in
 * degrees (n points covering 360°). Energies in kJ/mol.
 *
 * <p>The table is stored under the name {@code "<kind> <type>"} (e.g. {@code bond CH3-CH2}), whatever name it was
 * given, so that a model read back from its file equals the one written.
 *
 * @param kind  bond, angle or dihedral
 * @param type  the CG bonded type name of the topology, e.g. {@code CH3-CH2}
 * @param table the energies on their grid, with the spline's boundary
 */
public record BondedTable(BondedKind kind, String type, Table table) {
    public BondedTable {
        if (kind == null || table == null) {
            throw new IllegalArgumentException("a bonded table needs a kind and a table");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException(label(kind) + " table: the bonded type name is empty");
        }
        table = new Table(label(kind) + " " + type, table.start(), table.step(), table.energies(), table.boundary(),
            table.startSlope(), table.endSlope());
        // the same checks as the potential that evaluates it (range, periodicity), with its messages
        new TabulatedBonded(label(kind) + " tables", kind, List.of(new TabulatedBonded.Entry(type, table)));
    }

    /** The kind's name in model files and messages: {@code bond}, {@code angle}, {@code dihedral}. */
    public static String label(BondedKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
