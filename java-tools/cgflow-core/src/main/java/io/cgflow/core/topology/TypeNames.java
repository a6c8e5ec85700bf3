package io.cgflow.core.topology;

import io.cgflow.core.InputException;
import java.nio.file.Path;

/**
 * Names that become parts of output names — bead types and bonded-interaction names, from a mapping, a CG H5MD
 * file or a model file: table files, HDF5 groups, rows of text tables: at most {@value #MAX_LENGTH} characters of letters, digits and
 * {@code _ - + . ' * ( ) [ ] # = , ~ ^ @ %}; no path separators, whitespace or control characters; not
 * {@code .} or {@code ..}.
 */
public final class TypeNames {
    public static final int MAX_LENGTH = 64;
    private static final String PUNCTUATION = "_-+.'*()[]#=,~^@%";

    private TypeNames() {
    }

    /** The problem with {@code name}, or null when it is fine. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is " + name.length() + " characters long; at most " + MAX_LENGTH;
        }
        if (name.equals(".") || name.equals("..")) {
            return "is not allowed as a name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "contains a path separator '" + c + "'";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
            }
            if (!Character.isLetterOrDigit(c) && PUNCTUATION.indexOf(c) < 0) {
                return "contains '" + c + "'; names use letters, digits and " + PUNCTUATION;
            }
        }
        return null;
    }

    /** Refuses a bad name, naming the file and the entry. */
    public static String require(Path file, String where, String what, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw InputException.at(file, where, what + " '" + printable(name) + "' " + problem);
        }
        return name;
    }

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && i < MAX_LENGTH + 8; i++) {
            char c = name.charAt(i);
            sb.append(Character.isISOControl(c) ? "?" : String.valueOf(c));
        }
        return name.length() > MAX_LENGTH + 8 ? sb + "…" : sb.toString();
    }
}
