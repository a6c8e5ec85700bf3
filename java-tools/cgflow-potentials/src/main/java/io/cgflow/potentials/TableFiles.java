package io.cgflow.potentials;

import io.cgflow.core.InputException;
import io.cgflow.core.config.TextFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Locale;

/**
 * Readers and writers of the table files of GROMACS and LAMMPS.
 *
 * <p><b>LAMMPS</b> ({@code pair_style table}, {@code bond_style table}, {@code angle_style table},
 * {@code dihedral_style table}): a file of keyword sections; each is the keyword line, a parameter line
 * ({@code N n} and, for pairs, {@code R rlo rhi}; for dihedrals {@code DEGREES}; for angles the angle runs over
 * 0–180 degrees), a blank line, and n lines {@code i x e f} with f = −dE/dx (per degree for angles and
 * dihedrals, as LAMMPS reads them). Values are converted by the given length and energy
 * factors ({@link #REAL} gives Å and kcal/mol for {@code units real}).
 *
 * <p><b>GROMACS</b> {@code table_*.xvg}: lines {@code r f −f' g −g' h −h'} for the potential
 * V = q_i q_j f + C6 g + C12 h. A CG potential is written into the h columns (f and g zero), to be used with
 * C12 = 1 and C6 = 0 for the pair, as VOTCA does; reading takes h when any h is non-zero, else f. Files
 * with three columns (x, V, −V': bonded tables) are read and written too. mdrun needs non-bonded tables from r = 0 to
 * r_c + table-extension: extend a table to 0 before writing it for GROMACS.
 *
 * <p>Read tables are uniform grids with a {@link Table.Boundary#CLAMPED clamped} spline whose end slopes are
 * the file's end forces. Writing prints 12 significant digits; forces are the exact derivative of the
 * table's spline: importing a written file and writing it again reproduces grid and energies digit for
 * digit, and forces to about 1e-10 relative (they are regenerated from the imported energies).
 */
public final class TableFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TableFiles.class);
    /** Unit factors: multiply nm by {@code length} and kJ/mol by {@code energy}. */
    public record Units(double length, double energy) {
    }

    /** GROMACS units (nm, kJ/mol): no conversion. */
    public static final Units NATIVE = new Units(1, 1);
    /** LAMMPS {@code units real}: Å and kcal/mol. */
    public static final Units REAL = new Units(10, 1 / 4.184);

    private TableFiles() {
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.12g", v);
    }

    /** The spline's energy and −dE/dx at every grid point of {@code table}. */
    private static double[][] energiesAndForces(Table table) {
        CubicSpline s = new CubicSpline(table);
        double[] d = new double[1];
        int n = table.size();
        double[][] ef = new double[2][n];
        ef[0] = table.energies();
        for (int k = 0; k < n; k++) {
            s.evaluate(table.start() + k * table.step(), d);
            ef[1][k] = -d[0];
        }
        return ef;
    }

    /**
     * Writes one LAMMPS section. {@code kind} decides the parameter line: pairs get {@code R rlo rhi}; angle
     * tables (x in degrees) must span 0–180; dihedral tables ({@code dihedral_style table}) get
     * {@code N n DEGREES}, x in degrees and f = −dE/dφ per degree, and must cover one period without repeating
     * its end (e.g. −180 … 180 − step).
     */
    public static void writeLammps(Writer out, String keyword, Table table, BondedKind kind, Units units)
        throws IOException {
        double[][] ef = energiesAndForces(table);
        boolean angle = kind == BondedKind.ANGLE || kind == BondedKind.DIHEDRAL;
        double lx = angle ? 1 : units.length();
        int n = table.size();
        out.write(keyword + "\n");
        if (kind == null) {
            out.write("N " + n + " R " + num(table.start() * lx) + " " + num(table.end() * lx) + "\n\n");
        } else if (kind == BondedKind.DIHEDRAL) {
            out.write("N " + n + " DEGREES\n\n");
        } else {
            out.write("N " + n + "\n\n");
        }
        for (int k = 0; k < n; k++) {
            double x = table.start() + k * table.step();
            out.write((k + 1) + " " + num(x * lx) + " " + num(ef[0][k] * units.energy()) + " "
                + num(ef[1][k] * units.energy() / lx) + "\n");
        }
        out.write("\n");
    }

    /** Reads the section {@code keyword} of a LAMMPS table file; kind null for pair tables. */
    public static Table readLammps(Path file, String keyword, BondedKind kind, Units units) {
        List<String> lines = lines(file);
        boolean angle = kind == BondedKind.ANGLE || kind == BondedKind.DIHEDRAL;
        double lx = angle ? 1 : units.length();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] head = line.split("\\s+");
            if (!head[0].equals(keyword)) {
                continue;
            }
            if (i + 1 >= lines.size()) {
                throw InputException.at(file, "section " + keyword, "no parameter line");
            }
            String[] p = lines.get(i + 1).trim().split("\\s+");
            int n = -1;
            double rlo = Double.NaN;
            double rhi = Double.NaN;
            for (int k = 0; k < p.length; k++) {
                if (p[k].equals("N") && k + 1 < p.length) {
                    n = parseInt(file, i + 2, p[k + 1]);
                }
                if (p[k].equals("RSQ") || p[k].equals("BITMAP")) {
                    throw InputException.at(file, "line " + (i + 2), p[k] + " tables are not supported; use R or none");
                }
                if (p[k].equals("R")) {
                    if (k + 2 >= p.length) {
                        throw InputException.at(file, "line " + (i + 2), "R needs two values, rlo and rhi");
                    }
                    rlo = parse(file, i + 2, p[k + 1]);
                    rhi = parse(file, i + 2, p[k + 2]);
                    if (!(rlo >= 0 && rhi > rlo) || !Double.isFinite(rhi)) {
                        throw InputException.at(file, "line " + (i + 2), "R " + p[k + 1] + " " + p[k + 2]
                            + ": needs 0 <= rlo < rhi");
                    }
                }
            }
            if (n < 2) {
                throw InputException.at(file, "line " + (i + 2), "needs N with at least 2 points");
            }
            // the declared count against the lines there are, before anything is allocated
            if (n > lines.size() - (i + 2)) {
                throw InputException.at(file, "section " + keyword, "N is " + n + " but the file has only "
                    + (lines.size() - (i + 2)) + " lines after the parameter line");
            }
            double[] x = new double[n];
            double[] e = new double[n];
            double[] f = new double[n];
            int got = 0;
            int at = i + 2;
            int differing = 0;
            String firstDiffering = null;
            for (; at < lines.size() && got < n; at++) {
                String l = lines.get(at).trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] c = l.split("\\s+");
                if (c.length < 4) {
                    throw InputException.at(file, "line " + (at + 1), "expected 'i x e f', got '" + l + "'");
                }
                x[got] = parse(file, at + 1, 2, c[1]) / lx;
                if (!Double.isNaN(rlo)) {
                    // LAMMPS takes r from the header and warns when the column differs by more than 1e-6 relative
                    // (a column printed with %g does): so does this reader
                    double r = rlo + (rhi - rlo) * got / (n - 1);
                    double given = x[got] * lx;
                    if (Math.abs(given - r) > 1e-6 * Math.max(Math.abs(r), Math.abs(rhi) * 1e-3)) {
                        if (differing++ == 0) {
                            firstDiffering = "line " + (at + 1) + ": r = " + c[1] + ", the header's R puts point "
                                + (got + 1) + " at " + r;
                        }
                    }
                    x[got] = r / lx;
                }
                e[got] = parse(file, at + 1, 3, c[2]) / units.energy();
                f[got] = parse(file, at + 1, 4, c[3]) * lx / units.energy();
                got++;
            }
            if (got < n) {
                throw InputException.at(file, "section " + keyword, "N is " + n + " but " + got + " lines follow");
            }
            if (differing > 0) {
                LOG.warn("{}: section {}: {} of {} distances differ from the header's R {} {} by more than 1e-6 relative"
                    + " (first at {}); the header's are used, as LAMMPS does", file, keyword, differing, n, rlo, rhi,
                    firstDiffering);
            }
            for (; at < lines.size(); at++) {
                String l = lines.get(at).trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.split("\\s+")[0].matches("\\d+")) {
                    throw InputException.at(file, "line " + (at + 1), "a table line after the " + n + " that N declares"
                        + " in section " + keyword + " ('" + l + "')");
                }
                break;
            }
            return uniform(file, keyword, x, e, f);
        }
        throw InputException.in(file, "no section " + keyword);
    }

    /** Writes a GROMACS pair table (potential in the h columns). */
    public static void writeGromacs(Writer out, Table table) throws IOException {
        double[][] ef = energiesAndForces(table);
        out.write("# " + table.name() + ": r f -f' g -g' h -h' (nm, kJ/mol); the CG potential is h (use C12 = 1)\n");
        for (int k = 0; k < table.size(); k++) {
            out.write(num(table.start() + k * table.step()) + " 0 0 0 0 " + num(ef[0][k]) + " " + num(ef[1][k]) + "\n");
        }
    }

    /**
     * Writes a GROMACS bonded table ({@code table_b<n>.xvg}, {@code table_a<n>.xvg}, {@code table_d<n>.xvg}): lines
     * {@code x V −V'} with x in nm for bonds and in degrees for angles and dihedrals (−V' then per degree). mdrun
     * wants bond tables from 0, angle tables over 0–180 and dihedral tables over −180…180: a periodic (dihedral)
     * table is written with its period closed, the first point repeated at start + 360.
     */
    public static void writeGromacsBonded(Writer out, Table table, BondedKind kind) throws IOException {
        double[][] ef = energiesAndForces(table);
        String unit = kind == BondedKind.BOND ? "nm" : "degrees";
        out.write("# " + table.name() + ": x V -V' (" + unit + ", kJ/mol)\n");
        int n = table.size();
        for (int k = 0; k < n; k++) {
            out.write(num(table.start() + k * table.step()) + " " + num(ef[0][k]) + " " + num(ef[1][k]) + "\n");
        }
        if (table.boundary() == Table.Boundary.PERIODIC) {
            out.write(num(table.start() + n * table.step()) + " " + num(ef[0][0]) + " " + num(ef[1][0]) + "\n");
        }
    }

    /**
     * Reads a GROMACS {@code table_*.xvg}: 3 columns (x V −V', bonded tables) or 7 (r f −f' g −g' h −h', pair
     * tables, where mdrun's energy is q_i q_j f + C6 g + C12 h): the potential is the one pair of columns that is not
     * zero throughout (h when all are), taken as written; two non-zero pairs are refused, since which one, and with
     * which coefficient, mdrun would use depends on the topology. Lines starting with # or @ are comments; a line
     * {@code &} ends the data set, as in xmgrace files.
     */
    public static Table readGromacs(Path file, String name) {
        List<double[]> rows = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("@")) {
                continue;
            }
            if (l.startsWith("&")) {
                for (int j = i + 1; j < lines.size(); j++) {
                    String rest = lines.get(j).trim();
                    if (!rest.isEmpty() && !rest.startsWith("#") && !rest.startsWith("@") && !rest.startsWith("&")) {
                        throw InputException.at(file, "line " + (j + 1), "a second data set after '&' on line "
                            + (i + 1) + "; a table file holds one");
                    }
                }
                break;
            }
            String[] c = l.split("\\s+");
            if (c.length != 3 && c.length < 7) {
                throw InputException.at(file, "line " + (i + 1), "expected 3 or 7 columns, got " + c.length);
            }
            if (!rows.isEmpty() && c.length != rows.get(0).length) {
                throw InputException.at(file, "line " + (i + 1), c.length + " columns where the first table line has "
                    + rows.get(0).length);
            }
            double[] row = new double[c.length];
            for (int k = 0; k < c.length; k++) {
                row[k] = parse(file, i + 1, k + 1, c[k]);
            }
            rows.add(row);
        }
        if (rows.size() < 3) {
            throw InputException.in(file, "fewer than 3 table lines");
        }
        int column = 1;
        if (rows.get(0).length >= 7) {
            String[] names = {"f", "g", "h"};
            column = 5;
            int nonZero = 0;
            StringBuilder which = new StringBuilder();
            for (int pair = 2; pair >= 0; pair--) {
                boolean any = false;
                for (double[] r : rows) {
                    any |= r[1 + 2 * pair] != 0 || r[2 + 2 * pair] != 0;
                }
                if (any) {
                    nonZero++;
                    column = 1 + 2 * pair;
                    which.insert(0, which.length() > 0 ? names[pair] + " and " : names[pair]);
                }
            }
            if (nonZero > 1) {
                throw InputException.in(file, "columns " + which + " are non-zero together: which mdrun uses, and with"
                    + " which coefficient, depends on the topology; write the CG potential in one pair of columns"
                    + " (h, with C12 = 1, as cgflow-model export-tables does)");
            }
        }
        int n = rows.size();
        double[] x = new double[n];
        double[] e = new double[n];
        double[] f = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = rows.get(k)[0];
            e[k] = rows.get(k)[column];
            f[k] = rows.get(k)[column + 1];
        }
        return uniform(file, name, x, e, f);
    }

    private static Table uniform(Path file, String name, double[] x, double[] e, double[] f) {
        int n = x.length;
        double step = (x[n - 1] - x[0]) / (n - 1);
        if (!(step > 0)) {
            throw InputException.in(file, name + ": the grid must increase");
        }
        // a repeated or missing row first, named where it is; then a grid that drifts from uniform
        double first = x[1] - x[0];
        for (int k = 1; k < n; k++) {
            double spacing = x[k] - x[k - 1];
            if (!(spacing > 0)) {
                throw InputException.at(file, name + ", point " + (k + 1), "x = " + x[k] + " does not increase after"
                    + " point " + k + " (x = " + x[k - 1] + "): a repeated or unsorted row");
            }
            if (Math.abs(spacing - first) > 0.01 * first) {
                throw InputException.at(file, name + ", point " + (k + 1), "the grid is not uniform: x = " + x[k]
                    + " is " + spacing + " after point " + k + ", while the first two points are " + first + " apart"
                    + (spacing > first ? " (a missing row?)" : ""));
            }
        }
        for (int k = 0; k < n; k++) {
            if (Math.abs(x[k] - (x[0] + k * step)) > 1e-6 * step) {
                throw InputException.at(file, name + ", point " + (k + 1), "the grid is not uniform (x = " + x[k]
                    + ", expected " + (x[0] + k * step) + ")");
            }
        }
        try {
            return new Table(name, x[0], step, e, Table.Boundary.CLAMPED, -f[0], -f[n - 1]);
        } catch (IllegalArgumentException ex) {
            throw InputException.in(file, ex.getMessage());
        }
    }

    private static List<String> lines(Path file) {
        return TextFiles.lines(file, "table file", 1L << 30);
    }

    private static double parse(Path file, int line, String s) {
        return parse(file, line, 0, s);
    }

    /** A finite number at column {@code column} (1-based; 0: not named) of line {@code line}. */
    private static double parse(Path file, int line, int column, String s) {
        String where = "line " + line + (column > 0 ? ", column " + column : "");
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw InputException.at(file, where, "not a number: '" + s + "'");
        }
        if (!Double.isFinite(v)) {
            throw InputException.at(file, where, "not a finite number: '" + s + "'");
        }
        return v;
    }

    private static int parseInt(Path file, int line, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw InputException.at(file, "line " + line, "not an integer: '" + s + "'");
        }
    }
}
