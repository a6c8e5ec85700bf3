package io.cgflow.potentials;

/** An unordered pair of bead type names, kept in sorted order so that (A, B) equals (B, A). */
public record TypePair(String a, String b) {
    public TypePair {
        if (a.compareTo(b) > 0) {
            String t = a;
            a = b;
            b = t;
        }
    }

    public static TypePair of(String a, String b) {
        return new TypePair(a, b);
    }

    @Override
    public String toString() {
        return a + "-" + b;
    }
}
