package io.cgflow.model;

import io.cgflow.core.InputException;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.TrainedModel;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TableFiles;
import io.cgflow.potentials.TableSpline;
import io.cgflow.potentials.TypePair;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A model's tables for GROMACS or LAMMPS, as the text of each file, written by {@link TableFiles}:
 * <ul>
 * <li>pair tables, one per bead type pair (i ≤ j in the order of the model's bead types): the isolated-pair energy
 * of the network plus the prior ({@link PairEnergy}) on r_k = r_0 + k·dr up to r_max (r_0 = 0 for GROMACS, dr for
 * LAMMPS); below a prior table's start, where the prior is not defined, its straight continuation;</li>
 * <li>the model's bonded tables, resampled where the program needs another range: GROMACS bond tables from 0,
 * angle tables over 0–180° (GROMACS and LAMMPS), dihedral tables over −180…180° (GROMACS, the period closed) and
 * −180…180° − step (LAMMPS), continued as straight lines beyond their own range.</li>
 * </ul>
 * GROMACS: {@code table_<A>_<B>.xvg} (potential in the h columns, use C12 = 1) and {@code table_b<n>.xvg},
 * {@code table_a<n>.xvg}, {@code table_d<n>.xvg} with n the index of the type among the model's tables of that kind.
 * LAMMPS: {@code pair.table} (sections {@code <A>_<B>}), {@code bond.table}, {@code angle.table},
 * {@code dihedral.table} (sections named by the bonded type). Names keep letters, digits and {@code _ - + .};
 * other characters become {@code _}. {@code tables.tsv} lists every table: file, section, interaction, types.
 * Every file starts with comment lines giving its provenance.
 */
public final class TableExport {
    /** The two programs. */
    public enum Format {
        GROMACS,
        LAMMPS
    }

    /** Names of every file an export may write (what a tables folder owned by this tool may hold). */
    public static final Pattern FILE_NAMES =
        Pattern.compile("table_.+\\.xvg|(pair|bond|angle|dihedral)\\.table|tables\\.tsv");

    /** The files of an export (name → text, in writing order) and its warnings. */
    public record Result(Map<String, String> files, List<String> warnings) {
    }

    private TableExport() {
    }

    /** Characters outside {@code A-Z a-z 0-9 _ - + .} become {@code _}. */
    static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                || c == '+' || c == '.';
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /**
     * The files of the export.
     *
     * @param header  comment lines (without {@code #}) put at the top of every file: provenance
     * @param rMax    the pair tables' last distance, nm
     * @param dr      the pair tables' spacing, nm
     * @param units   LAMMPS units ({@link TableFiles#REAL} or {@link TableFiles#NATIVE}); ignored for GROMACS
     */
    public static Result export(TrainedModel model, Format format, double rMax, double dr, TableFiles.Units units,
                                List<String> header) {
        PairEnergy pairs = new PairEnergy(model);
        List<String> warnings = new ArrayList<>();
        if (!pairs.linear()) {
            warnings.add("the networks of " + pairs.nonlinearTypes() + " have hidden layers: the pair tables are the"
                + " energy of an isolated pair, not the many-body model (exact only for linear networks)");
        }
        double reach = Math.max(model.cutoff(), pairs.priorCutoff());
        if (rMax < reach * (1 - 1e-12)) {
            warnings.add("--r-max " + num(rMax) + " nm is below the model's cut-off " + num(reach) + " nm: the pair"
                + " tables stop before the potential does");
        }
        double r0 = format == Format.GROMACS ? 0 : dr;
        int intervals = (int) Math.round((rMax - r0) / dr);
        if (intervals < 2) {
            throw new IllegalArgumentException("--r-max " + rMax + " nm gives fewer than 3 points from " + r0
                + " nm every " + dr + " nm");
        }
        List<String> extended = new ArrayList<>();
        Map<String, String> files = new LinkedHashMap<>();
        List<String[]> index = new ArrayList<>();
        String comment = comment(header, "#");
        List<String> types = model.beadTypes();
        Map<String, String> taken = new HashMap<>();
        StringWriter lammpsPairs = new StringWriter();
        lammpsPairs.write(comment);
        try {
            for (int i = 0; i < types.size(); i++) {
                for (int j = i; j < types.size(); j++) {
                    String a = types.get(i);
                    String b = types.get(j);
                    Table t = pairTable(pairs, a, b, r0, dr, intervals, extended);
                    String label = a + " " + b;
                    if (format == Format.GROMACS) {
                        String name = claim(taken, "table_" + safe(a) + "_" + safe(b) + ".xvg", "pair " + label);
                        StringWriter w = new StringWriter();
                        w.write(comment);
                        TableFiles.writeGromacs(w, t);
                        files.put(name, w.toString());
                        index.add(new String[] {name, "", "pair", a + "\t" + b});
                    } else {
                        String keyword = claim(taken, safe(a) + "_" + safe(b), "pair " + label);
                        TableFiles.writeLammps(lammpsPairs, keyword, t, null, units);
                        index.add(new String[] {"pair.table", keyword, "pair", a + "\t" + b});
                    }
                }
            }
            if (format == Format.LAMMPS) {
                files.put("pair.table", lammpsPairs.toString());
            }
            for (BondedKind kind : BondedKind.values()) {
                List<BondedTable> ofKind = model.bonded().stream().filter(x -> x.kind() == kind).toList();
                if (ofKind.isEmpty()) {
                    continue;
                }
                String label = BondedTable.label(kind);
                StringWriter lammps = new StringWriter();
                lammps.write(comment);
                Map<String, String> keywords = new HashMap<>();
                for (int k = 0; k < ofKind.size(); k++) {
                    BondedTable b = ofKind.get(k);
                    Table t = bondedTable(b, format, warnings);
                    if (format == Format.GROMACS) {
                        String name = "table_" + label.charAt(0) + k + ".xvg";
                        StringWriter w = new StringWriter();
                        w.write(comment);
                        TableFiles.writeGromacsBonded(w, t, kind);
                        files.put(name, w.toString());
                        index.add(new String[] {name, "", label, b.type()});
                    } else {
                        String keyword = claim(keywords, safe(b.type()), label + " " + b.type());
                        TableFiles.writeLammps(lammps, keyword, t, kind, units);
                        index.add(new String[] {label + ".table", keyword, label, b.type()});
                    }
                }
                if (format == Format.LAMMPS) {
                    files.put(label + ".table", lammps.toString());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!extended.isEmpty()) {
            warnings.add("below the start of a prior table, where the prior is not defined, the pair tables continue it"
                + " as a straight line from " + num(r0) + " nm: " + String.join(", ", extended));
        }
        StringBuilder tsv = new StringBuilder(comment);
        tsv.append("# file\tsection\tinteraction\ttypes\n");
        for (String[] row : index) {
            tsv.append(row[0]).append('\t').append(row[1]).append('\t').append(row[2]).append('\t').append(row[3])
                .append('\n');
        }
        files.put("tables.tsv", tsv.toString());
        return new Result(files, warnings);
    }

    /** Up to 6 significant digits, without trailing zeros. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        return s.contains(".") ? s.replaceFirst("\\.?0+(?=e|$)", "") : s;
    }

    /** Refuses two interactions that would share a file name or section (also when only letter case differs). */
    private static String claim(Map<String, String> taken, String name, String what) {
        String other = taken.putIfAbsent(name.toLowerCase(Locale.ROOT), what);
        if (other != null) {
            throw new InputException(other + " and " + what + " would both be written as " + name + " (names keep"
                + " letters, digits and _ - + . and ignore letter case)");
        }
        return name;
    }

    private static String comment(List<String> header, String mark) {
        StringBuilder sb = new StringBuilder();
        for (String h : header) {
            sb.append(mark).append(' ').append(h.replace('\n', ' ')).append('\n');
        }
        return sb.toString();
    }

    /** The pair energy of types a and b on r_0 + k dr, k = 0 … intervals, clamped with the exact end slopes. */
    static Table pairTable(PairEnergy pairs, String a, String b, double r0, double dr, int intervals,
                           List<String> extended) {
        double[] e = new double[intervals + 1];
        for (int k = 0; k <= intervals; k++) {
            double r = r0 + k * dr;
            e[k] = pairs.network(a, b, r) + pairs.prior(a, b, r, true);
        }
        pairs.priorTable(a, b).ifPresent(t -> {
            if (!t.covers(r0) && r0 < pairs.priorCutoff()) {
                extended.add(a + " " + b + " (its table starts at " + num(t.table().start()) + " nm)");
            }
        });
        double rEnd = r0 + intervals * dr;
        double startSlope = pairs.networkDerivative(a, b, r0) + pairs.priorDerivative(a, b, r0);
        double endSlope = pairs.networkDerivative(a, b, rEnd) + pairs.priorDerivative(a, b, rEnd);
        return new Table(a + "-" + b + " pair energy", r0, dr, e, Table.Boundary.CLAMPED, startSlope, endSlope);
    }

    /** The bonded table on the range the program needs, resampled (and continued) where that differs. */
    static Table bondedTable(BondedTable b, Format format, List<String> warnings) {
        Table t = b.table();
        TableSpline s = new TableSpline(t);
        double from;
        double to;
        double step;
        switch (b.kind()) {
            case BOND -> {
                step = t.step();
                if (format == Format.LAMMPS) {
                    return t;
                }
                from = 0;
                to = t.end();
            }
            case ANGLE -> {
                step = 180.0 / Math.max(2, Math.round(180 / t.step()));
                from = 0;
                to = 180;
            }
            default -> {
                step = 360.0 / Math.max(3, Math.round(360 / t.step()));
                from = -180;
                to = 180 - step;
            }
        }
        int intervals = (int) Math.ceil((to - from) / step - 1e-9);
        double[] e = new double[intervals + 1];
        for (int k = 0; k <= intervals; k++) {
            e[k] = s.value(from + k * step);
        }
        boolean sameGrid = Math.abs(from - t.start()) < 1e-9 * step && e.length == t.size()
            && Math.abs(step - t.step()) < 1e-12 * step;
        if (sameGrid) {
            return t;
        }
        String name = t.name();
        if (b.kind() == BondedKind.DIHEDRAL) {
            return new Table(name, from, step, e, Table.Boundary.PERIODIC, 0, 0);
        }
        double end = from + intervals * step;
        if (!s.covers(from) || !s.covers(end)) {
            String unit = b.kind() == BondedKind.BOND ? " nm" : " deg";
            warnings.add(name + " spans " + num(t.start()) + " to " + num(t.end()) + unit + ": written from "
                + num(from) + " to " + num(end) + unit + ", continued as straight lines beyond its ends");
        }
        return new Table(name, from, step, e, Table.Boundary.CLAMPED, s.derivative(from), s.derivative(end));
    }
}
