package io.cgflow.validate;

import io.cgflow.core.InputException;
import io.cgflow.core.config.TextFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tab-separated table with a header line (lines starting with '#' are comments): THERMO.tsv of cgflow-md,
 * TRAIN.tsv of cgflow-train. Numeric columns are read as doubles ("nan", "inf" allowed); text columns as text.
 */
public record Table(Path file, List<String> columns, List<String[]> rows) {
    /** Larger tables are refused: a thermodynamic or training log of a few million rows is far smaller. */
    public static final long MAX_BYTES = 1L << 30;

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public static Table read(Path file) {
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        int n = 0;
        for (String line : TextFiles.lines(file, "table", MAX_BYTES)) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (header == null) {
                header = List.of(f);
                continue;
            }
            if (f.length != header.size()) {
                throw InputException.at(file, "line " + n, f.length + " fields, but the header has "
                    + header.size());
            }
            rows.add(f);
        }
        if (header == null) {
            throw InputException.in(file, "empty: no header line");
        }
        return new Table(file, header, rows);
    }

    public boolean has(String column) {
        return columns.contains(column);
    }

    /** The values of a numeric column; an error naming the file, line and column when one is not a number. */
    public double[] numbers(String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw InputException.in(file, "no column '" + column + "' (columns: " + String.join(", ", columns) + ")");
        }
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            String s = rows.get(i)[c].trim();
            try {
                v[i] = switch (s.toLowerCase(Locale.ROOT)) {
                    case "nan", "" -> Double.NaN;
                    case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
                    case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(s);
                };
            } catch (NumberFormatException e) {
                throw InputException.at(file, "data row " + (i + 1) + ", column " + column, "'" + s
                    + "' is not a number");
            }
        }
        return v;
    }

    /** The values of a numeric column that must be finite everywhere (NaN or infinity: an error naming the row). */
    public double[] finiteNumbers(String column) {
        double[] v = numbers(column);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw InputException.at(file, "data row " + (i + 1) + ", column " + column, "'"
                    + rows.get(i)[columns.indexOf(column)].trim() + "' is not a finite number");
            }
        }
        return v;
    }

    /**
     * The values of a finite numeric column that must increase from row to row (steps, times, iterations): rows out of
     * order or repeated, as when two logs are joined after a restart, are an error naming the row.
     */
    public double[] increasing(String column) {
        double[] v = finiteNumbers(column);
        for (int i = 1; i < v.length; i++) {
            if (!(v[i] > v[i - 1])) {
                throw InputException.at(file, "data row " + (i + 1) + ", column " + column, num(v[i]) + " after "
                    + num(v[i - 1]) + ": the rows must be in increasing order (two logs joined, or rows repeated?)");
            }
        }
        return v;
    }

    private static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** The values of a text column. */
    public List<String> texts(String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw InputException.in(file, "no column '" + column + "' (columns: " + String.join(", ", columns) + ")");
        }
        return rows.stream().map(r -> r[c]).toList();
    }
}
