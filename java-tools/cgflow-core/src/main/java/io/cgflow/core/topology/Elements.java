package io.cgflow.core.topology;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Standard atomic weights (IUPAC 2021, abridged values as GROMACS's atommass.dat) of the elements
 * found in biomolecular and soft-matter simulations, and element inference from atom names.
 */
public final class Elements {
    private static final Map<String, Double> MASS = Map.ofEntries(
        Map.entry("H", 1.008), Map.entry("He", 4.0026), Map.entry("Li", 6.94), Map.entry("Be", 9.0122),
        Map.entry("B", 10.81), Map.entry("C", 12.011), Map.entry("N", 14.007), Map.entry("O", 15.999),
        Map.entry("F", 18.998), Map.entry("Ne", 20.180), Map.entry("Na", 22.990), Map.entry("Mg", 24.305),
        Map.entry("Al", 26.982), Map.entry("Si", 28.085), Map.entry("P", 30.974), Map.entry("S", 32.06),
        Map.entry("Cl", 35.45), Map.entry("Ar", 39.948), Map.entry("K", 39.098), Map.entry("Ca", 40.078),
        Map.entry("Mn", 54.938), Map.entry("Fe", 55.845), Map.entry("Co", 58.933), Map.entry("Ni", 58.693),
        Map.entry("Cu", 63.546), Map.entry("Zn", 65.38), Map.entry("Se", 78.971), Map.entry("Br", 79.904),
        Map.entry("Kr", 83.798), Map.entry("Rb", 85.468), Map.entry("Ag", 107.87), Map.entry("Cd", 112.41),
        Map.entry("I", 126.90), Map.entry("Xe", 131.29), Map.entry("Cs", 132.91), Map.entry("Pt", 195.08),
        Map.entry("Au", 196.97), Map.entry("Hg", 200.59), Map.entry("Pb", 207.2));

    private Elements() {
    }

    /** Mass in amu of an element symbol (case-insensitive), if known. */
    public static Optional<Double> mass(String symbol) {
        return Optional.ofNullable(MASS.get(normalise(symbol)));
    }

    /** Canonical capitalisation of an element symbol ("CL" → "Cl"). */
    public static String normalise(String symbol) {
        String s = symbol.trim();
        if (s.isEmpty()) {
            return s;
        }
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    /**
     * The element of an atom from its name, as GROMACS does for GRO files: leading digits are skipped;
     * a two-letter element is taken only where the residue is named like the atom (ions such as NA, CL,
     * CA; monatomic liquids such as AR), otherwise the first letter, so protein "CA" is carbon.
     * Empty when nothing fits (virtual sites such as MW, LP, EP).
     */
    public static String guess(String atomName, String residueName) {
        String name = atomName.trim();
        int skip = 0;
        while (skip < name.length() && Character.isDigit(name.charAt(skip))) {
            skip++;
        }
        name = name.substring(skip).toUpperCase(Locale.ROOT);
        if (name.isEmpty() || name.startsWith("MW") || name.startsWith("LP") || name.startsWith("EP")
            || name.startsWith("VS") || name.equals("M") || name.startsWith("MN") && !name.equals("MN")) {
            return "";
        }
        int letters = 0;
        while (letters < name.length() && name.charAt(letters) >= 'A' && name.charAt(letters) <= 'Z') {
            letters++;
        }
        String residue = residueName.trim().toUpperCase(Locale.ROOT);
        if (letters >= 2 && residue.startsWith(name.substring(0, 2)) && MASS.containsKey(normalise(name.substring(0, 2)))) {
            return normalise(name.substring(0, 2));
        }
        if (letters >= 1 && MASS.containsKey(name.substring(0, 1))) {
            return name.substring(0, 1);
        }
        return "";
    }
}
