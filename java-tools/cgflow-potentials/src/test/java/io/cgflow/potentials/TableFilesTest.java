package io.cgflow.potentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GROMACS and LAMMPS tables: round trips, and a cross-check against LAMMPS itself when lmp is installed. */
class TableFilesTest {
    @TempDir
    Path dir;

    static Table smoothPair(Table.Boundary boundary) {
        double[] e = new double[201];
        for (int k = 0; k < e.length; k++) {
            e[k] = Systems.lj(0.2 + 0.004 * k, 0.34, 0.99774) - Systems.lj(1.0, 0.34, 0.99774);
        }
        return new Table("W-W", 0.2, 0.004, e, boundary, 0, 0);
    }

    private String write(Table t, BondedKind kind, TableFiles.Units units) throws IOException {
        StringWriter w = new StringWriter();
        TableFiles.writeLammps(w, "KEY", t, kind, units);
        return w.toString();
    }

    @Test
    void lammpsTablesRoundTripToTheWrittenPrecision() throws IOException {
        Table angle = Table.natural("A1", 0, 2, angleEnergies());
        double[] be = new double[51];
        for (int k = 0; k < be.length; k++) {
            be[k] = 400 * Math.pow(0.2 + 0.01 * k - 0.45, 2);
        }
        Table bond = Table.natural("B1", 0.2, 0.01, be);
        Object[][] cases = {{smoothPair(Table.Boundary.NATURAL), null}, {bond, BondedKind.BOND},
            {angle, BondedKind.ANGLE}};
        for (TableFiles.Units units : List.of(TableFiles.NATIVE, TableFiles.REAL)) {
            for (Object[] c : cases) {
                Table t = (Table) c[0];
                BondedKind kind = (BondedKind) c[1];
                String first = write(t, kind, units);
                Path file = dir.resolve("t.table");
                Files.writeString(file, "# comment\n\n" + first);
                Table read = TableFiles.readLammps(file, "KEY", kind, units);
                assertEquals(t.size(), read.size());
                assertArrayEquals(t.energies(), read.energies(), 1e-9 * 500, t.name());
                assertSameTable(first, write(read, kind, units), 3, t.name());
            }
        }
    }

    /**
     * Export → import → export: grid and energies are reproduced digit for digit; forces, regenerated from the
     * spline of the imported energies, to 1e-9 relative (the last printed digit may differ).
     */
    static void assertSameTable(String first, String second, int forceColumn, String what) {
        String[] a = first.split("\n");
        String[] b = second.split("\n");
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            String[] ca = a[i].trim().split("\\s+");
            String[] cb = b[i].trim().split("\\s+");
            assertEquals(ca.length, cb.length, what + " line " + i);
            for (int k = 0; k < ca.length; k++) {
                if (k == forceColumn && ca.length > forceColumn && !a[i].startsWith("N ") && !a[i].startsWith("#")) {
                    double fa = Double.parseDouble(ca[k]);
                    assertEquals(fa, Double.parseDouble(cb[k]), 1e-9 * Math.max(1, Math.abs(fa)), what + " line " + i);
                } else {
                    assertEquals(ca[k], cb[k], what + " line " + i);
                }
            }
        }
    }

    static double[] angleEnergies() {
        double[] e = new double[91];
        for (int k = 0; k < e.length; k++) {
            e[k] = 30 * Math.pow(Math.toRadians(2 * k - 120), 2);
        }
        return e;
    }

    /** A value that no physical table holds (a damaged file) is refused: its spline would overflow into NaN. */
    @Test
    void energiesBeyondAnyPhysicalValueAreRefused() {
        double[] e = {3, 2, 1, 0};
        Table.natural("ok", 0.2, 0.1, e);
        e[1] = -5.5e303;
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> Table.natural("W-W", 0.2, 0.1,
            e));
        assertTrue(x.getMessage().contains("table W-W: energy at point 1 is -5.5E303, beyond ±1.0E50"), x.getMessage());
        IllegalArgumentException slope = assertThrows(IllegalArgumentException.class, () -> new Table("W-W", 0.2, 0.1,
            new double[] {3, 2, 1}, Table.Boundary.CLAMPED, Double.NaN, 0));
        assertTrue(slope.getMessage().contains("end slope NaN"), slope.getMessage());
    }

    @Test
    void gromacsTablesRoundTrip() throws IOException {
        Table t = smoothPair(Table.Boundary.NATURAL);
        StringWriter w = new StringWriter();
        TableFiles.writeGromacs(w, t);
        Path file = dir.resolve("table_W_W.xvg");
        Files.writeString(file, w.toString());
        Table read = TableFiles.readGromacs(file, "W-W");
        assertEquals(0.2, read.start(), 1e-12);
        assertEquals(0.004, read.step(), 1e-12);
        StringWriter again = new StringWriter();
        TableFiles.writeGromacs(again, read);
        assertSameTable(w.toString(), again.toString(), 6, "W-W");
    }

    @Test
    void gromacsBondedTablesRoundTrip() throws IOException {
        double[] be = new double[51];
        for (int k = 0; k < be.length; k++) {
            be[k] = 400 * Math.pow(0.01 * k - 0.25, 2);
        }
        Table bond = Table.natural("bond B1", 0, 0.01, be);
        StringWriter w = new StringWriter();
        TableFiles.writeGromacsBonded(w, bond, BondedKind.BOND);
        Path file = dir.resolve("table_b0.xvg");
        Files.writeString(file, w.toString());
        Table read = TableFiles.readGromacs(file, "bond B1");
        assertEquals(0, read.start(), 1e-12);
        assertEquals(0.01, read.step(), 1e-12);
        assertArrayEquals(bond.energies(), read.energies(), 1e-9);
        StringWriter again = new StringWriter();
        TableFiles.writeGromacsBonded(again, read, BondedKind.BOND);
        assertSameTable(w.toString(), again.toString(), 2, "bond B1");

        double[] de = new double[72];
        for (int k = 0; k < de.length; k++) {
            de[k] = 3 * (1 + Math.cos(Math.toRadians(-180 + 5 * k)));
        }
        Table dihedral = new Table("dihedral D1", -180, 5, de, Table.Boundary.PERIODIC, 0, 0);
        StringWriter d = new StringWriter();
        TableFiles.writeGromacsBonded(d, dihedral, BondedKind.DIHEDRAL);
        Path dfile = dir.resolve("table_d0.xvg");
        Files.writeString(dfile, d.toString());
        Table dread = TableFiles.readGromacs(dfile, "dihedral D1");
        assertEquals(73, dread.size(), "the period is closed: −180 … 180");
        assertEquals(180, dread.end(), 1e-9);
        assertEquals(de[0], dread.energies()[72], 0);
    }

    @Test
    void tableSplineIsTheEvaluatorsSplineContinuedByStraightLines() {
        Table t = smoothPair(Table.Boundary.NATURAL);
        TableSpline s = new TableSpline(t);
        double[] c = SplinePolynomials.of(t);
        for (double r : new double[] {0.2, 0.2137, 0.5, 0.9999}) {
            int k = Math.min((int) ((r - 0.2) / 0.004), t.size() - 2);
            double u = (r - 0.2) / 0.004 - k;
            double expected = c[4 * k] + u * (c[4 * k + 1] + u * (c[4 * k + 2] + u * c[4 * k + 3]));
            assertEquals(expected, s.value(r), 1e-9 * Math.max(1, Math.abs(expected)));
            assertTrue(s.covers(r));
        }
        assertTrue(!s.covers(0.19) && !s.covers(1.01));
        double slope = s.derivative(0.2);
        assertEquals(s.value(0.2) - 0.05 * slope, s.value(0.15), 1e-12 * Math.abs(s.value(0.15)));
        assertEquals(slope, s.derivative(0.1));
        double h = 1e-6;
        assertEquals((s.value(0.5 + h) - s.value(0.5 - h)) / (2 * h), s.derivative(0.5), 1e-6);
        double[] de = new double[36];
        for (int k = 0; k < de.length; k++) {
            de[k] = Math.cos(Math.toRadians(10 * k));
        }
        TableSpline periodic = new TableSpline(new Table("d", 0, 10, de, Table.Boundary.PERIODIC, 0, 0));
        assertEquals(periodic.value(15), periodic.value(15 + 360), 1e-12);
        assertEquals(periodic.value(-345), periodic.value(15), 1e-12);
    }

    @Test
    void malformedFilesNameTheFileAndLine() throws IOException {
        Path file = dir.resolve("bad.table");
        Files.writeString(file, "KEY\nN 3\n\n1 0.2 1.0 0.5\n2 0.3 oops 0.1\n3 0.4 0 0\n");
        InputException e = assertThrows(InputException.class, () -> TableFiles.readLammps(file, "KEY", null,
            TableFiles.NATIVE));
        assertTrue(e.getMessage().contains("bad.table") && e.getMessage().contains("line 5"), e.getMessage());
        assertThrows(InputException.class, () -> TableFiles.readLammps(file, "OTHER", null, TableFiles.NATIVE));
    }

    /**
     * The header of a LAMMPS pair table against its lines: a count larger than the file is refused before anything
     * is allocated, lines beyond the count are refused (not silently dropped), and with R rlo rhi the distances come
     * from the header, as LAMMPS takes them (it only warns when the r column differs, e.g. printed with %g), so that
     * both programs see the same potential.
     */
    @Test
    void lammpsHeadersMustAgreeWithTheirLines() throws IOException {
        String rows = "1 0.2 1.0 0.5\n2 0.3 0.5 0.1\n3 0.4 0 0\n";
        assertRefused("KEY\nN 2000000000\n\n" + rows, "N is 2000000000 but the file has only");
        assertRefused("KEY\nN 2\n\n" + rows, "line 6", "a table line after the 2 that N declares");
        assertRefused("KEY\nN 3 R 0.4 0.2\n\n" + rows, "line 2", "needs 0 <= rlo < rhi");
        Path header = Files.writeString(dir.resolve("r.table"), "KEY\nN 3 R 0.2 0.5\n\n" + rows);
        Table fromHeader = TableFiles.readLammps(header, "KEY", null, TableFiles.NATIVE);
        assertEquals(0.2, fromHeader.start(), 1e-15);
        assertEquals(0.15, fromHeader.step(), 1e-15);
        Path printedWithG = Files.writeString(dir.resolve("g.table"), "KEY\nN 3 R 2.5 2.509375\n\n"
            + "1 2.5 1.0 0.5\n2 2.50469 0.5 0.1\n3 2.50937 0 0\n");
        assertEquals(0.0046875, TableFiles.readLammps(printedWithG, "KEY", null, TableFiles.NATIVE).step(), 1e-15);
        assertRefused("KEY\nN 3\n\n1 0.2 1.0 0.5\n2 0.3 NaN 0.1\n3 0.4 0 0\n", "line 5, column 3",
            "not a finite number");
        assertRefused("KEY\nN 3\n\n1 0.2 1.0 0.5\n2 0.3 0.5 Infinity\n3 0.4 0 0\n", "line 5, column 4",
            "not a finite number");
        assertRefused("KEY\nN 3 R 0.2\n\n" + rows, "line 2", "R needs two values");
        Path ok = Files.writeString(dir.resolve("ok.table"), "KEY\nN 3 R 0.2 0.4\n\n" + rows + "\nOTHER\nN 2\n\n"
            + "1 0.2 1 0\n2 0.3 0 0\n");
        assertEquals(0.2, TableFiles.readLammps(ok, "KEY", null, TableFiles.NATIVE).start(), 1e-12);
        assertEquals(0.1, TableFiles.readLammps(ok, "OTHER", null, TableFiles.NATIVE).step(), 1e-12);
    }

    private void assertRefused(String text, String... expected) throws IOException {
        Path file = Files.writeString(dir.resolve("header.table"), text);
        InputException e = assertThrows(InputException.class, () -> TableFiles.readLammps(file, "KEY", null,
            TableFiles.NATIVE));
        for (String x : expected) {
            assertTrue(e.getMessage().contains(x), "'" + x + "' in: " + e.getMessage());
        }
    }

    /**
     * GROMACS pair tables: the potential is the one non-zero pair of columns (f, g or h), two non-zero pairs are
     * refused, non-finite numbers are refused with line and column, and '&' ends the data set.
     */
    @Test
    void gromacsPairTablesTakeTheirOneNonZeroColumnPair() throws IOException {
        StringBuilder inG = new StringBuilder("# potential in the dispersion columns\n@ s0 legend \"g\"\n");
        StringBuilder inFAndH = new StringBuilder();
        for (int k = 0; k <= 10; k++) {
            double r = 0.3 + 0.01 * k;
            double v = 1 / (r * r);
            inG.append(r).append(" 0 0 ").append(v).append(' ').append(2 / (r * r * r)).append(" 0 0\n");
            inFAndH.append(r).append(' ').append(v).append(" 0 0 0 ").append(v).append(" 0\n");
        }
        Path g = Files.writeString(dir.resolve("table_g.xvg"), inG + "&\n");
        Table table = TableFiles.readGromacs(g, "W-W");
        assertEquals(1 / (0.3 * 0.3), table.energies()[0], 1e-12);
        assertEquals(11, table.size());
        Path both = Files.writeString(dir.resolve("table_fh.xvg"), inFAndH.toString());
        InputException e = assertThrows(InputException.class, () -> TableFiles.readGromacs(both, "W-W"));
        assertTrue(e.getMessage().contains("columns f and h are non-zero together"), e.getMessage());
        Path second = Files.writeString(dir.resolve("table_2.xvg"), inG + "&\n0.5 0 0 1 1 0 0\n");
        e = assertThrows(InputException.class, () -> TableFiles.readGromacs(second, "W-W"));
        assertTrue(e.getMessage().contains("a second data set"), e.getMessage());
        Path nan = Files.writeString(dir.resolve("table_nan.xvg"), "0.3 0 0 0 0 1 1\n0.4 0 0 0 0 nan 1\n"
            + "0.5 0 0 0 0 0 0\n");
        e = assertThrows(InputException.class, () -> TableFiles.readGromacs(nan, "W-W"));
        assertTrue(e.getMessage().contains("line 2, column 6"), e.getMessage());
    }

    /** LAMMPS reads a dihedral table written here (it checks forces against energies) and agrees on the energy. */
    @Test
    void lammpsReadsDihedralTables() throws Exception {
        Path lmp = Path.of("/usr/bin/lmp");
        assumeTrue(Files.isExecutable(lmp), "lmp is not installed");
        double[] de = new double[72];
        for (int k = 0; k < de.length; k++) {
            double phi = Math.toRadians(-180 + 5 * k);
            de[k] = 2 * (1 + Math.cos(phi)) + 0.5 * Math.sin(2 * phi);
        }
        Table t = new Table("dihedral D1", -180, 5, de, Table.Boundary.PERIODIC, 0, 0);
        StringWriter w = new StringWriter();
        TableFiles.writeLammps(w, "D1", t, BondedKind.DIHEDRAL, TableFiles.REAL);
        Files.writeString(dir.resolve("d.table"), w.toString());
        double[] x = {0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.23, 0.2, 0.1, 0.3, 0.22, 0.17};
        StringBuilder data = new StringBuilder("dihedral\n\n4 atoms\n1 atom types\n1 dihedrals\n1 dihedral types\n\n"
            + "0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nMasses\n\n1 10.0\n\nAtoms\n\n");
        for (int i = 0; i < 4; i++) {
            data.append(String.format(java.util.Locale.ROOT, "%d 1 1 0 %.10f %.10f %.10f%n", i + 1, 10 * x[3 * i],
                10 * x[3 * i + 1], 10 * x[3 * i + 2]));
        }
        data.append("\nDihedrals\n\n1 1 1 2 3 4\n");
        Files.writeString(dir.resolve("data.lmp"), data.toString());
        Files.writeString(dir.resolve("in.dihedral"), "units real\natom_style full\nread_data data.lmp\n"
            + "pair_style zero 5.0\npair_coeff * *\ndihedral_style table spline 720\ndihedral_coeff 1 d.table D1\n"
            + "run 0\nvariable e equal edihed\nprint \"ENERGY ${e}\"\n");
        Process p = new ProcessBuilder(lmp.toString(), "-in", "in.dihedral", "-log", "none").directory(dir.toFile())
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, output);
        double lammpsEnergy = Double.NaN;
        for (String line : output.split("\n")) {
            if (line.startsWith("ENERGY ")) {
                lammpsEnergy = Double.parseDouble(line.substring(7).trim()) * 4.184;
            }
        }
        CgTopology top = new CgTopology(List.of("C"), new int[4], new int[4], new String[4], new double[4], List.of(),
            List.of(), List.of(new CgTopology.Bonded("D1", new int[] {0, 1, 2, 3})), Set.of());
        Potential pot = new TabulatedBonded("d", BondedKind.DIHEDRAL, List.of(new TabulatedBonded.Entry("D1", t)))
            .evaluator(top);
        Evaluation out = new Evaluation(4, pot.parameterCount());
        pot.evaluate(x, Box.orthorhombic(1, 1, 1), null, Request.ENERGY, out);
        assertEquals(out.energy(), lammpsEnergy, 1e-4 * Math.max(1, Math.abs(out.energy())), "energy, kJ/mol");
    }

    /** LAMMPS (units real) evaluates a table written here; energies and forces must agree. */
    @Test
    void lammpsAgreesOnEnergyAndForces() throws Exception {
        Path lmp = Path.of("/usr/bin/lmp");
        assumeTrue(Files.isExecutable(lmp), "lmp is not installed");
        Table t = smoothPair(Table.Boundary.CLAMPED);
        StringWriter w = new StringWriter();
        TableFiles.writeLammps(w, "WW", t, null, TableFiles.REAL);
        Files.writeString(dir.resolve("ww.table"), w.toString());
        double[] x = {1.0, 1.0, 1.0, 1.3712, 1.05, 0.98, 1.2, 1.47, 1.1, 0.71, 1.3, 1.25, 1.5, 1.6, 1.4};
        int n = x.length / 3;
        StringBuilder in = new StringBuilder();
        in.append("units real\natom_style atomic\nboundary p p p\nregion box block 0 40 0 40 0 40\n")
            .append("create_box 1 box\n");
        for (int i = 0; i < n; i++) {
            in.append(String.format(java.util.Locale.ROOT, "create_atoms 1 single %.10f %.10f %.10f units box%n",
                10 * x[3 * i], 10 * x[3 * i + 1], 10 * x[3 * i + 2]));
        }
        in.append("mass 1 39.948\npair_style table spline ").append(t.size()).append('\n')
            .append("pair_coeff 1 1 ww.table WW 10.0\nneighbor 1.0 bin\nthermo_style custom step pe\n")
            .append("run 0\nvariable e equal pe\nprint \"ENERGY ${e}\"\n")
            .append("write_dump all custom forces.dump id fx fy fz modify sort id format float %.12g\n");
        Files.writeString(dir.resolve("in.table"), in.toString());
        Process p = new ProcessBuilder(lmp.toString(), "-in", "in.table", "-log", "none").directory(dir.toFile())
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, output);
        double lammpsEnergy = Double.NaN;
        for (String line : output.split("\n")) {
            if (line.startsWith("ENERGY ")) {
                lammpsEnergy = Double.parseDouble(line.substring(7).trim()) * 4.184;
            }
        }
        List<String> dump = Files.readAllLines(dir.resolve("forces.dump"));
        double[] lf = new double[3 * n];
        int row = dump.indexOf(dump.stream().filter(l -> l.startsWith("ITEM: ATOMS")).findFirst().orElseThrow()) + 1;
        for (int i = 0; i < n; i++) {
            String[] c = dump.get(row + i).trim().split("\\s+");
            int id = Integer.parseInt(c[0]) - 1;
            for (int d = 0; d < 3; d++) {
                lf[3 * id + d] = Double.parseDouble(c[1 + d]) * 41.84;
            }
        }
        CgTopology top = new CgTopology(List.of("W"), new int[n], new int[] {0, 1, 2, 3, 4}, new String[n],
            new double[n], List.of(), List.of(), List.of(), Set.of());
        Potential pot = new TabulatedPair("ww", List.of(new TabulatedPair.Entry(TypePair.of("W", "W"), t)), 1.0)
            .evaluator(top);
        Evaluation out = new Evaluation(n, pot.parameterCount());
        pot.evaluate(x, Box.orthorhombic(4, 4, 4),
            new NeighbourList(n, 1.0, 0.1, NeighbourList.Kind.HALF, Exclusions.none(n)), Request.FORCES, out);
        assertEquals(out.energy(), lammpsEnergy, 1e-5 * Math.max(1, Math.abs(out.energy())), "energy, kJ/mol");
        double scale = 1;
        for (double f : out.forces()) {
            scale = Math.max(scale, Math.abs(f));
        }
        for (int c = 0; c < 3 * n; c++) {
            assertEquals(out.forces()[c], lf[c], 2e-3 * scale, "force component " + c);
        }
    }
}
