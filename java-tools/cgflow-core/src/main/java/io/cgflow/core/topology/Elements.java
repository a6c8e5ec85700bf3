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

    /** CHARMM and AMBER ion residue names that do not start with their element's symbol. */
    private static final Map<String, String> ION_RESIDUES = Map.ofEntries(
        Map.entry("SOD", "Na"), Map.entry("POT", "K"), Map.entry("CLA", "Cl"), Map.entry("CAL", "Ca"),
        Map.entry("CES", "Cs"), Map.entry("LIT", "Li"), Map.entry("RUB", "Rb"), Map.entry("ZN2", "Zn"),
        Map.entry("CD2", "Cd"), Map.entry("MG2", "Mg"), Map.entry("FE2", "Fe"), Map.entry("FE3", "Fe"),
        Map.entry("BRO", "Br"), Map.entry("IOD", "I"), Map.entry("BR-", "Br"), Map.entry("CL-", "Cl"),
        Map.entry("NA+", "Na"), Map.entry("K+", "K"));

    /**
     * The element of an atom from its name, as GROMACS and MDAnalysis guess it for GRO and PDB files. Leading
     * digits are skipped. A two-letter element is taken where the name or residue leaves no doubt:
     * <ul>
     * <li>an ion residue (CHARMM SOD, POT, CLA, CAL …), or a residue named like the atom (NA, CL, CA, MG, ZN,
     * FE ions; monatomic liquids such as AR), or the generic ion residues ION/IONS;</li>
     * <li>a mixed-case name (Cl1, Br, Na, Zn: force fields write a two-letter element that way);</li>
     * <li>an ion name with its charge (NA+, CL-, MG2+);</li>
     * <li>halogens by name: CL, CL1, BR2 (letters exactly CL or BR) are chlorine and bromine.</li>
     * </ul>
     * Otherwise the first letter, so protein "CA" is carbon. Empty when nothing fits (virtual sites such as
     * MW, LP, EP). United-atom sites (CH2, CH3) come out as carbon: their masses need a topology.
     */
    public static String guess(String atomName, String residueName) {
        String original = atomName.trim();
        int skip = 0;
        while (skip < original.length() && Character.isDigit(original.charAt(skip))) {
            skip++;
        }
        original = original.substring(skip);
        String name = original.toUpperCase(Locale.ROOT);
        if (name.isEmpty() || name.startsWith("MW") || name.startsWith("LP") || name.startsWith("EP")
            || name.startsWith("VS") || name.equals("M") || name.startsWith("MN") && !name.equals("MN")) {
            return "";
        }
        int letters = 0;
        while (letters < name.length() && name.charAt(letters) >= 'A' && name.charAt(letters) <= 'Z') {
            letters++;
        }
        String residue = residueName.trim().toUpperCase(Locale.ROOT);
        String ion = ION_RESIDUES.get(residue);
        if (ion != null && (name.equals(residue) || name.startsWith(ion.toUpperCase(Locale.ROOT)))) {
            return ion;
        }
        String two = letters >= 2 ? normalise(name.substring(0, 2)) : "";
        boolean twoKnown = MASS.containsKey(two);
        if (twoKnown) {
            String rest = name.substring(2);
            boolean mixedCase = Character.isUpperCase(original.charAt(0)) && Character.isLowerCase(original.charAt(1));
            boolean charged = rest.matches("[0-9]?[+-]+[0-9]?");
            boolean halogen = letters == 2 && (two.equals("Cl") || two.equals("Br"));
            boolean ionResidue = (residue.equals("ION") || residue.equals("IONS")) && letters == 2;
            if (mixedCase || charged || halogen || ionResidue || residue.startsWith(name.substring(0, 2))) {
                return two;
            }
        }
        if (letters >= 1 && MASS.containsKey(name.substring(0, 1))) {
            return name.substring(0, 1);
        }
        return "";
    }
}
