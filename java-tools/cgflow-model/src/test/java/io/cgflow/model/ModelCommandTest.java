package io.cgflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.Provenance;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.PriorDescription;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TableFiles;
import io.cgflow.potentials.TableSpline;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgflow-model} in process: info of a model written by ModelFile, the pair energy of a linear model against
 * the analytic pair potential, exported GROMACS and LAMMPS tables read back by TableFiles, bad command lines (exit
 * 1) and bad inputs (exit 2).
 */
class ModelCommandTest {
    static final List<String> TYPES = List.of("A", "B-x");
    static final double CUTOFF = 0.8;

    @TempDir
    Path dir;

    static ToolLauncher.Outcome run(String... args) {
        return ToolLauncher.capture(new ModelCommand(), args);
    }

    /**
     * Bead types A and B-x, 5 G2 functions from 0.2 nm to the 0.8 nm cut-off, networks with the given hidden
     * widths (tanh; none: linear), random weights and a scaling that is not the identity; a pair-table prior
     * (cut-off 0.6 nm) when {@code withPrior}; a bond, an angle (30–180°) and a dihedral table (periodic from 0°).
     */
    static TrainedModel model(boolean withPrior, long seed, int... hidden) {
        RadialG2Settings settings = RadialG2Settings.evenlySpaced(TYPES, CUTOFF, 0.2, 5, 0.06);
        SplittableRandom random = new SplittableRandom(seed);
        int length = settings.length();
        List<BeadNetwork> networks = new ArrayList<>();
        for (String type : TYPES) {
            MlpArchitecture arch = MlpArchitecture.of(length, Activation.TANH, hidden);
            double[] theta = new double[arch.parameterCount()];
            for (int k = 0; k < theta.length; k++) {
                theta[k] = random.nextDouble(-1, 1);
            }
            double[] mean = new double[length];
            double[] std = new double[length];
            for (int c = 0; c < length; c++) {
                mean[c] = random.nextDouble(0, 1);
                std[c] = random.nextDouble(0.3, 2);
            }
            networks.add(new BeadNetwork(type, arch, new InputScaling(mean, std), theta));
        }
        PriorDescription prior = withPrior ? PairTablePrior.of(List.of(
            new TabulatedPair.Entry(TypePair.of("A", "A"), wall(0.15, 0.01)),
            new TabulatedPair.Entry(TypePair.of("A", "B-x"), wall(0.1, 0.005)),
            new TabulatedPair.Entry(TypePair.of("B-x", "B-x"), wall(0.0, 0.02))), 0.6) : PriorDescription.NONE;
        double[] bond = new double[41];
        for (int k = 0; k < bond.length; k++) {
            bond[k] = 2000 * Math.pow(0.1 + 0.01 * k - 0.3, 2);
        }
        double[] angle = new double[31];
        for (int k = 0; k < angle.length; k++) {
            angle[k] = 0.02 * Math.pow(30 + 5 * k - 120, 2);
        }
        double[] dihedral = new double[36];
        for (int k = 0; k < dihedral.length; k++) {
            double phi = Math.toRadians(10 * k);
            dihedral[k] = 3 * (1 + Math.cos(phi)) + Math.sin(2 * phi);
        }
        List<BondedTable> bonded = List.of(
            new BondedTable(BondedKind.BOND, "A-B-x", Table.natural("b", 0.1, 0.01, bond)),
            new BondedTable(BondedKind.ANGLE, "A-B-x-A", Table.natural("a", 30, 5, angle)),
            new BondedTable(BondedKind.DIHEDRAL, "A-B-x-B-x-A", new Table("d", 0, 10, dihedral,
                Table.Boundary.PERIODIC, 0, 0)));
        return new TrainedModel(TYPES, settings, networks, prior, bonded, new Provenance("cgflow-train", "0.1.0",
            "cgflow-train -i ref.h5 -o model.h5", List.of(new Provenance.InputFile("ref.h5", "cd".repeat(32)))));
    }

    /** A repulsive wall from {@code start} to 0.6 nm, zero from 0.4 nm on. */
    static Table wall(double start, double step) {
        int n = (int) Math.round((0.6 - start) / step) + 1;
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            double r = start + k * step;
            e[k] = 4 * Math.pow(Math.max(0, 0.4 - r) / 0.1, 3);
        }
        return Table.natural("wall", start, step, e);
    }

    Path write(TrainedModel m, String name) {
        Path p = dir.resolve(name);
        ModelFile.write(p, m);
        return p;
    }

    /** Σ_m (w^a_{b,m}/σ^a_{b,m} + w^b_{a,m}/σ^b_{a,m}) exp(−η_m (r − r_s,m)²) f_c(r) for linear networks. */
    static double analytic(TrainedModel m, String a, String b, double r) {
        RadialG2Settings g2 = (RadialG2Settings) m.descriptor();
        if (r >= g2.cutoff()) {
            return 0;
        }
        double fc = 0.5 * (Math.cos(Math.PI * r / g2.cutoff()) + 1);
        int ta = m.beadTypes().indexOf(a);
        int tb = m.beadTypes().indexOf(b);
        int gaussians = g2.gaussians();
        double e = 0;
        for (int[] own : new int[][] {{ta, tb}, {tb, ta}}) {
            BeadNetwork n = m.networks().get(own[0]);
            double[] w = n.parameters();
            double[] std = n.scaling().std();
            for (int k = 0; k < gaussians; k++) {
                int c = own[1] * gaussians + k;
                double d = r - g2.centres()[k];
                e += w[c] / std[c] * Math.exp(-g2.eta()[k] * d * d) * fc;
            }
        }
        return e;
    }

    static List<double[]> rows(String tsv) {
        List<double[]> rows = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t");
            double[] v = new double[c.length];
            for (int k = 0; k < c.length; k++) {
                v[k] = Double.parseDouble(c[k]);
            }
            rows.add(v);
        }
        return rows;
    }

    @Test
    void infoDescribesAModelWrittenByModelFile() throws Exception {
        Path file = write(model(true, 1, 6), "model.h5");
        ToolLauncher.Outcome o = run("info", file.toString());
        assertEquals(0, o.exitCode(), o.err());
        String text = o.out();
        for (String expected : List.of("bead types              A B-x", "radial-g2, cut-off 0.8 nm, 5 Gaussians",
            "10 inputs per bead", "10 inputs → 6 tanh → 1; 73 parameters", "146 parameters",
            "pair-table, cut-off 0.6 nm, 3 type pairs", "A|B-x", "0.1 … 0.6 nm, 101 points every 0.005 nm",
            "bond A-B-x", "0.1 … 0.5 nm, 41 points", "angle A-B-x-A", "30 … 180 deg, 31 points",
            "dihedral A-B-x-B-x-A", "0 … 360 deg, 36 points every 10 deg, periodic",
            "cgflow-train 0.1.0", "cgflow-train -i ref.h5 -o model.h5", "ref.h5  sha256 " + "cd".repeat(32))) {
            assertTrue(text.contains(expected), "info should say '" + expected + "':\n" + text);
        }
        ToolLauncher.Outcome json = run("info", file.toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        for (String expected : List.of("\"bead_types\": [\"A\", \"B-x\"]", "\"kind\": \"radial-g2\"",
            "\"cutoff_nm\": 0.8", "\"gaussians\": 5", "\"hidden\": [6]", "\"activations\": [\"tanh\"]",
            "\"parameters\": 73", "\"kind\": \"pair-table\"", "\"types\": [\"A\", \"B-x\"]",
            "\"kind\": \"dihedral\"", "\"sha256\": \"" + "cd".repeat(32) + "\"")) {
            assertTrue(json.out().contains(expected), "JSON should hold " + expected + ":\n" + json.out());
        }
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no python3 to parse the JSON");
        Process p = new ProcessBuilder(python.toString(), "-c", "import json,sys; d = json.load(sys.stdin); "
            + "print(d['networks'][1]['bead_type'], d['prior']['pairs'][2]['points'], len(d['bonded']))")
            .redirectErrorStream(true).start();
        p.getOutputStream().write(json.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String parsed = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("B-x 31 3", parsed);
    }

    @Test
    void infoOfALinearModelWithoutPrior() {
        Path file = write(new TrainedModel(TYPES, model(false, 2).descriptor(), model(false, 2).networks(),
            PriorDescription.NONE, new Provenance("t", "1", "c", List.of())), "bare.h5");
        ToolLauncher.Outcome o = run("info", file.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("10 inputs → 1 (linear); 11 parameters"), o.out());
        assertTrue(o.out().contains("prior                   none"), o.out());
        assertTrue(o.out().contains("bonded tables           none"), o.out());
    }

    @Test
    void pairEnergyOfALinearModelIsTheAnalyticPairPotential() throws IOException {
        TrainedModel m = model(false, 3);
        Path file = write(m, "linear.h5");
        PairEnergy pairs = new PairEnergy(m);
        assertTrue(pairs.linear());
        for (String[] t : new String[][] {{"A", "A"}, {"A", "B-x"}, {"B-x", "A"}, {"B-x", "B-x"}}) {
            for (double r = 0.01; r < 1.0; r += 0.0137) {
                double expected = analytic(m, t[0], t[1], r);
                assertEquals(expected, pairs.network(t[0], t[1], r), 1e-10 * Math.max(1, Math.abs(expected)),
                    t[0] + " " + t[1] + " at " + r);
                assertEquals(0, pairs.prior(t[0], t[1], r, false));
            }
            double h = 1e-6;
            double r = 0.41;
            assertEquals((pairs.network(t[0], t[1], r + h) - pairs.network(t[0], t[1], r - h)) / (2 * h),
                pairs.networkDerivative(t[0], t[1], r), 1e-6);
        }
        // like pairs: 2 Σ_m (w_m/σ_m) exp(−η_m (r − r_s,m)²) f_c(r)
        Path out = dir.resolve("pair.tsv");
        ToolLauncher.Outcome o = run("pair-energy", file.toString(), "--types", "B-x,A", "--r", "0.05:1.0:0.01", "-o",
            out.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(out.toString(), o.out().trim());
        String tsv = Files.readString(out);
        assertTrue(tsv.contains("# r_nm\tnetwork_kJ_mol\tprior_kJ_mol\ttotal_kJ_mol\n"), tsv);
        assertTrue(tsv.startsWith("# cgflow-model "), tsv);
        List<double[]> rows = rows(tsv);
        assertEquals(96, rows.size());
        for (double[] row : rows) {
            double expected = analytic(m, "A", "B-x", row[0]);
            assertEquals(expected, row[1], 1e-10 * Math.max(1, Math.abs(expected)), "r " + row[0]);
            assertEquals(0, row[2]);
            assertEquals(row[1], row[3], 0);
        }
        assertEquals(0, rows.get(rows.size() - 1)[1], "zero at and beyond the cut-off");
        ToolLauncher.Outcome stdout = run("pair-energy", file.toString(), "--types", "A,A", "--r", "0.1:0.3:0.1");
        assertEquals(0, stdout.exitCode(), stdout.err());
        assertEquals(3, rows(stdout.out()).size());
    }

    @Test
    void pairEnergyAddsThePrior() {
        TrainedModel m = model(true, 4, 5);
        Path file = write(m, "prior.h5");
        ToolLauncher.Outcome o = run("pair-energy", file.toString(), "--types", "A,B-x", "--r", "0.1:0.7:0.05");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("hidden layers"), o.out());
        TableSpline wall = new TableSpline(wall(0.1, 0.005));
        PairEnergy pairs = new PairEnergy(m);
        for (double[] row : rows(o.out())) {
            double prior = row[0] < 0.6 ? wall.value(row[0]) : 0;
            assertEquals(prior, row[2], 1e-9 * Math.max(1, Math.abs(prior)), "r " + row[0]);
            assertEquals(pairs.network("A", "B-x", row[0]), row[1], 1e-9 * Math.max(1, Math.abs(row[1])));
            assertEquals(row[1] + row[2], row[3], 1e-9 * Math.max(1, Math.abs(row[3])));
        }
        ToolLauncher.Outcome below = run("pair-energy", file.toString(), "--types", "A,A", "--r", "0.1:0.7:0.05");
        assertEquals(2, below.exitCode(), below.err());
        assertTrue(below.err().contains("prior.h5") && below.err().contains("starts at 0.15 nm"), below.err());
    }

    @Test
    void exportedTablesRoundTripThroughTheReadersAndReproduceThePairEnergy() throws IOException {
        TrainedModel m = model(true, 5);
        Path file = write(m, "model.h5");
        PairEnergy pairs = new PairEnergy(m);
        Path gromacs = dir.resolve("gromacs");
        ToolLauncher.Outcome o = run("export-tables", file.toString(), "--format", "gromacs", "-o", gromacs.toString(),
            "--dr", "0.002");
        assertEquals(0, o.exitCode(), o.err());
        assertFalse(o.err().contains("hidden layers"), "a linear model exports exactly: " + o.err());
        assertTrue(o.err().contains("straight line from 0 nm: A A (its table starts at 0.15 nm), A B-x (its table"
            + " starts at 0.1 nm)"), o.err());
        assertEquals(List.of("table_A_A.xvg", "table_A_B-x.xvg", "table_B-x_B-x.xvg", "table_a0.xvg",
            "table_b0.xvg", "table_d0.xvg", "tables.tsv"), listing(gromacs));
        for (String[] t : new String[][] {{"A", "A"}, {"A", "B-x"}, {"B-x", "B-x"}}) {
            Table read = TableFiles.readGromacs(gromacs.resolve("table_" + t[0] + "_" + t[1] + ".xvg"), "pair");
            assertEquals(0, read.start(), 1e-12);
            assertEquals(0.002, read.step(), 1e-12);
            assertEquals(1.8, read.end(), 1e-9, "cut-off 0.8 nm + 1 nm table extension");
            double[] e = read.energies();
            for (int k = 0; k < e.length; k++) {
                double r = k * 0.002;
                double expected = pairs.network(t[0], t[1], r) + pairs.prior(t[0], t[1], r, true);
                assertEquals(expected, e[k], 1e-10 * Math.max(1, Math.abs(expected)), t[0] + " " + t[1] + " " + r);
            }
            // forces: the derivative of the table's spline, close to the model's own derivative
            TableSpline spline = new TableSpline(read);
            for (double r = 0; r < 1.8; r += 0.0173) {
                double slope = spline.derivative(r);
                assertTrue(Double.isFinite(slope), "force at " + r);
                if (Math.abs(r - 0.6) > 0.01 && Math.abs(r - 0.8) > 0.01) {
                    double expected = pairs.networkDerivative(t[0], t[1], r) + pairs.priorDerivative(t[0], t[1], r);
                    assertEquals(expected, slope, 1e-3 * Math.max(1, Math.abs(expected)), "dE/dr at " + r);
                }
            }
        }
        // the pair-energy tool gives the same numbers where the prior is defined
        ToolLauncher.Outcome pe = run("pair-energy", file.toString(), "--types", "A,B-x", "--r", "0.1:1.2:0.002");
        assertEquals(0, pe.exitCode(), pe.err());
        Table ab = TableFiles.readGromacs(gromacs.resolve("table_A_B-x.xvg"), "pair");
        for (double[] row : rows(pe.out())) {
            int k = (int) Math.round(row[0] / 0.002);
            assertEquals(row[3], ab.energies()[k], 1e-10 * Math.max(1, Math.abs(row[3])), "r " + row[0]);
        }
        Table bond = TableFiles.readGromacs(gromacs.resolve("table_b0.xvg"), "bond");
        assertEquals(0, bond.start(), 1e-12, "GROMACS bond tables start at 0");
        TableSpline bondSpline = new TableSpline(m.bonded().get(0).table());
        for (int k = 10; k < bond.size(); k++) {
            assertEquals(bondSpline.value(k * 0.01), bond.energies()[k], 1e-9, "bond at " + k * 0.01);
        }
        Table angle = TableFiles.readGromacs(gromacs.resolve("table_a0.xvg"), "angle");
        assertEquals(0, angle.start(), 1e-12);
        assertEquals(180, angle.end(), 1e-9);
        TableSpline angleSpline = new TableSpline(m.bonded().get(1).table());
        for (int k = 6; k < angle.size(); k++) {
            assertEquals(angleSpline.value(k * 5.0), angle.energies()[k], 1e-9, "angle at " + k * 5);
        }
        Table dihedral = TableFiles.readGromacs(gromacs.resolve("table_d0.xvg"), "dihedral");
        assertEquals(-180, dihedral.start(), 1e-12);
        assertEquals(180, dihedral.end(), 1e-9);
        TableSpline dihedralSpline = new TableSpline(m.bonded().get(2).table());
        for (int k = 0; k < dihedral.size(); k++) {
            double phi = -180 + 10 * k;
            assertEquals(dihedralSpline.value(phi), dihedral.energies()[k], 1e-9, "dihedral at " + phi);
        }
        String index = Files.readString(gromacs.resolve("tables.tsv"));
        assertTrue(index.contains("table_b0.xvg\t\tbond\tA-B-x\n") && index.contains("table_A_B-x.xvg\t\tpair\tA\tB-x\n"),
            index);

        Path lammps = dir.resolve("lammps");
        ToolLauncher.Outcome l = run("export-tables", file.toString(), "--format", "lammps", "-o", lammps.toString());
        assertEquals(0, l.exitCode(), l.err());
        assertEquals(List.of("angle.table", "bond.table", "dihedral.table", "pair.table", "tables.tsv"),
            listing(lammps));
        Table lab = TableFiles.readLammps(lammps.resolve("pair.table"), "A_B-x", null, TableFiles.REAL);
        assertEquals(0.002, lab.start(), 1e-12, "LAMMPS tables start at dr");
        assertEquals(0.8, lab.end(), 1e-9, "and end at the longer cut-off");
        for (int k = 0; k < lab.size(); k++) {
            double r = 0.002 * (k + 1);
            double expected = pairs.network("A", "B-x", r) + pairs.prior("A", "B-x", r, true);
            assertEquals(expected, lab.energies()[k], 1e-9 * Math.max(1, Math.abs(expected)), "r " + r);
        }
        Table lbond = TableFiles.readLammps(lammps.resolve("bond.table"), "A-B-x", BondedKind.BOND, TableFiles.REAL);
        assertEquals(0.1, lbond.start(), 1e-12);
        assertEquals(m.bonded().get(0).table().size(), lbond.size());
        Table ldihedral = TableFiles.readLammps(lammps.resolve("dihedral.table"), "A-B-x-B-x-A", BondedKind.DIHEDRAL,
            TableFiles.REAL);
        assertEquals(-180, ldihedral.start(), 1e-12);
        assertEquals(170, ldihedral.end(), 1e-9);
        assertEquals(dihedralSpline.value(-90) / 1, ldihedral.energies()[9], 1e-9);

        // a rerun into the same folder leaves exactly its own files: a table of an earlier export goes
        Files.writeString(gromacs.resolve("table_old_pair.xvg"), "# cgflow-model 0.0.9: cgflow-model export-tables"
            + " old.h5\n0 0 0\n");
        Files.writeString(gromacs.resolve("notes.txt"), "mine\n");
        ToolLauncher.Outcome again = run("export-tables", file.toString(), "--format", "gromacs", "-o",
            gromacs.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(Files.exists(gromacs.resolve("table_old_pair.xvg")));
        assertTrue(Files.exists(gromacs.resolve("notes.txt")));
        // a table the user wrote there (not an export: no cgflow-model first line) is neither replaced nor removed
        Files.writeString(gromacs.resolve("table_W_W.xvg"), "0.5 1.0 0.0\n");
        List<String> before = Files.list(gromacs).map(p -> p.getFileName().toString()).sorted().toList();
        ToolLauncher.Outcome foreign = run("export-tables", file.toString(), "--format", "gromacs", "-o",
            gromacs.toString());
        assertEquals(2, foreign.exitCode(), foreign.err());
        assertTrue(foreign.err().contains("table_W_W.xvg: in the -o/--output folder, but not written by cgflow-model"),
            foreign.err());
        assertEquals(before, Files.list(gromacs).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals("0.5 1.0 0.0\n", Files.readString(gromacs.resolve("table_W_W.xvg")));
    }

    @Test
    void aNetworkWithHiddenLayersExportsWithAWarning() throws IOException {
        Path file = write(model(false, 6, 4), "deep.h5");
        Path out = dir.resolve("tables");
        ToolLauncher.Outcome o = run("export-tables", file.toString(), "--format", "lammps", "-o", out.toString(),
            "--units", "native", "--r-max", "0.5");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.err().contains("warning") && o.err().contains("hidden layers")
            && o.err().contains("isolated pair"), o.err());
        assertTrue(o.err().contains("below the model's cut-off"), o.err());
        Table t = TableFiles.readLammps(out.resolve("pair.table"), "A_A", null, TableFiles.NATIVE);
        assertEquals(0.5, t.end(), 1e-9);
        PairEnergy pairs = new PairEnergy(ModelFile.read(file));
        assertEquals(pairs.network("A", "A", 0.3), t.energies()[149], 1e-9 * Math.max(1, Math.abs(t.energies()[149])));
    }

    @Test
    void helpAndVersion() {
        ToolLauncher.Outcome help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("cgflow-model SUBCOMMAND MODEL [options]"), help.out());
        for (String option : List.of("--json", "--types", "--r ", "--format", "--r-max", "--dr", "--units", "info",
            "pair-energy", "export-tables")) {
            assertTrue(help.out().contains(option), option + " in:\n" + help.out());
        }
        ToolLauncher.Outcome version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("cgflow-model "), version.out());
    }

    @Test
    void badCommandLinesAndInputs() throws IOException {
        Path file = write(model(true, 7), "model.h5");
        String m = file.toString();
        Object[][] cases = {
            {1, new String[] {}, "missing the subcommand"},
            {1, new String[] {"show", m}, "unknown subcommand 'show'"},
            {1, new String[] {"info"}, "missing the model file"},
            {1, new String[] {"info", m, "extra"}, "unexpected argument 'extra'"},
            {1, new String[] {"info", m, "--types", "A,A"}, "--types is not an option of info"},
            {1, new String[] {"pair-energy", m, "--r", "0.1:1:0.1"}, "--types"},
            {1, new String[] {"pair-energy", m, "--types", "A,A"}, "--r FROM:TO:STEP"},
            {1, new String[] {"pair-energy", m, "--types", "A", "--r", "0.1:1:0.1"}, "two bead types"},
            {1, new String[] {"pair-energy", m, "--types", "A,A", "--r", "0:1:0.1"}, "FROM must be positive"},
            {1, new String[] {"pair-energy", m, "--types", "A,A", "--r", "0.5:0.2:0.1"}, "TO must be larger"},
            {1, new String[] {"pair-energy", m, "--types", "A,A", "--r", "0.2:0.5:0"}, "STEP must be positive"},
            {1, new String[] {"pair-energy", m, "--types", "A,A", "--r", "0.2:0.5"}, "FROM:TO:STEP"},
            {1, new String[] {"pair-energy", m, "--types", "A,A", "--r", "0.2:x:0.1"}, "'x' is not a number"},
            {1, new String[] {"pair-energy", m, "--types", "A,A", "--r", "1e-9:2:1e-6"}, "at most 1000000"},
            {1, new String[] {"pair-energy", m, "--types", "A,A", "--r", "0.2:0.5:0.1", "-o", m}, "overwrite the input"},
            {1, new String[] {"info", m, "--metrics", m}, "--metrics " + m + " would overwrite the input MODEL"},
            {1, new String[] {"export-tables", m, "--format", "gromacs", "-o", ""}, "-output: empty path"},
            {2, new String[] {"pair-energy", m, "--types", "A,C", "--r", "0.2:0.5:0.1"}, "bead type C"},
            {2, new String[] {"info", dir.resolve("none.h5").toString()}, "none.h5"},
            {1, new String[] {"export-tables", m, "-o", dir.resolve("t").toString()}, "--format"},
            {1, new String[] {"export-tables", m, "--format", "namd", "-o", dir.resolve("t").toString()},
                "gromacs or lammps"},
            {1, new String[] {"export-tables", m, "--format", "gromacs"}, "-o/--output"},
            {2, new String[] {"export-tables", m, "--format", "gromacs", "-o", m}, "cannot write output"},
            {1, new String[] {"export-tables", m, "--format", "gromacs", "--units", "real", "-o",
                dir.resolve("t").toString()}, "--units is for LAMMPS"},
            {1, new String[] {"export-tables", m, "--format", "lammps", "--dr", "1e-7", "-o",
                dir.resolve("t").toString()}, "at most 1000000"},
            {1, new String[] {"export-tables", m, "--format", "lammps", "--dr", "-1", "-o",
                dir.resolve("t").toString()}, "--dr"},
        };
        List<String> before = listing(dir);
        for (Object[] c : cases) {
            ToolLauncher.Outcome o = run((String[]) c[1]);
            String what = String.join(" ", (String[]) c[1]);
            assertEquals(c[0], o.exitCode(), what + ": " + o.err());
            assertTrue(o.err().contains((String) c[2]), what + " should say '" + c[2] + "': " + o.err());
            assertEquals(1, o.err().strip().lines().filter(s -> s.startsWith("cgflow-model")).count(),
                "one message: " + o.err());
        }
        ToolLauncher.Outcome unknownType = run("pair-energy", m, "--types", "A,C", "--r", "0.2:0.5:0.1");
        assertTrue(unknownType.err().contains("model.h5") && unknownType.err().contains("[A, B-x]"),
            unknownType.err());
        assertEquals(before, listing(dir), "nothing written");
        Path notModel = Files.writeString(dir.resolve("text.h5"), "not a model");
        ToolLauncher.Outcome bad = run("info", notModel.toString());
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("text.h5"), bad.err());
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
