package io.cgflow.core.topology;

/**
 * One particle of a structure: atom name, residue (molecule) name and number, chemical element
 * (empty when unknown), force-field type (empty when the structure has none) and mass in amu.
 */
public record Atom(String name, String residueName, int residueId, String element, String type, double mass) {
    public Atom {
        if (name == null || residueName == null || element == null || type == null) {
            throw new IllegalArgumentException("atom fields must not be null");
        }
    }
}
