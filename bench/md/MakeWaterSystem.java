import io.cgflow.potentials.Table;
import io.cgflow.potentials.TableFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one-bead CG water of bench/md-benchmark.sh: a simple-cubic start lattice of cells³ beads at 33.4 beads/nm³
 * (GRO for cgflow-md, a LAMMPS data file in units real), a smooth water-like pair table (shifted-force
 * Lennard-Jones σ = 0.28 nm, ε = 2 kJ/mol, with a shallow second-shell well at 0.45 nm; 0.18 to 1.2 nm by
 * 0.001 nm) written once by TableFiles' LAMMPS writer in units real and read by both programs, and the POT.yaml.
 * With "argon" as third argument, the Lennard-Jones argon liquid of the same script instead: the lattice at
 * 20.27 atoms/nm³ (ρ* = 0.8 for σ = 0.3405 nm) with atoms AR of 39.948 amu, and a POT.yaml of the analytic
 * Lennard-Jones pair (ε = 0.99774 kJ/mol, cut and shifted at 1.0 nm), which LAMMPS runs as lj/cut.
 *   java -cp cgflow-md.jar MakeWaterSystem.java OUT_DIR CELLS [argon]
 */
public class MakeWaterSystem {
    static final double SIGMA = 0.28;
    static final double EPSILON = 2.0;
    static final double CUTOFF = 1.2;

    static double lj(double r) {
        double s6 = Math.pow(SIGMA / r, 6);
        return 4 * EPSILON * (s6 * s6 - s6);
    }

    static double ljDerivative(double r) {
        double s6 = Math.pow(SIGMA / r, 6);
        return 4 * EPSILON * (-12 * s6 * s6 + 6 * s6) / r;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int cells = Integer.parseInt(args[1]);
        Files.createDirectories(out);
        if (args.length > 2 && args[2].equals("argon")) {
            Files.writeString(out.resolve("pot.yaml"), """
                # Lennard-Jones argon (bench/md-benchmark.sh ... argon): LAMMPS lj/cut 10.0 with pair_modify shift yes
                types:
                  AR: {mass: 39.948}
                pairs:
                  - {types: [AR, AR], style: lennard-jones, sigma: 0.3405, epsilon: 0.99774, cutoff: 1.0, shift: true}
                """);
            lattice(out, cells, 20.27, "AR", "AR", 39.948, "Lennard-Jones argon");
            return;
        }
        double start = 0.18;
        double step = 0.001;
        int points = (int) Math.round((CUTOFF - start) / step) + 1;
        double[] e = new double[points];
        for (int k = 0; k < points; k++) {
            double r = start + k * step;
            double well = -0.4 * Math.exp(-Math.pow((r - 0.45) / 0.04, 2));
            e[k] = lj(r) - lj(CUTOFF) - (r - CUTOFF) * ljDerivative(CUTOFF) + well;
        }
        Table table = Table.natural("W-W", start, step, e);
        try (Writer w = Files.newBufferedWriter(out.resolve("water.table"))) {
            w.write("# one-bead CG water, units real (Angstrom, kcal/mol), made by bench/md/MakeWaterSystem.java\n\n");
            TableFiles.writeLammps(w, "WW", table, null, TableFiles.REAL);
        }
        Files.writeString(out.resolve("pot.yaml"), """
            # one-bead CG water (bench/md-benchmark.sh): the LAMMPS table in units real
            types:
              W: {mass: 18.0154}
            pairs:
              - {types: [W, W], style: table, file: water.table, keyword: WW, units: real, cutoff: 1.2}
            """);
        lattice(out, cells, 33.4, "SOL", "W", 18.0154, "CG water");
    }

    /** A simple-cubic lattice of cells³ particles at {@code density} per nm³: start.gro and start.data. */
    static void lattice(Path out, int cells, double density, String residue, String name, double mass, String title)
            throws IOException {
        int n = cells * cells * cells;
        double length = Math.cbrt(n / density);
        double a = length / cells;
        StringBuilder gro = new StringBuilder(title + ", " + n + " beads\n" + n + "\n");
        StringBuilder data = new StringBuilder("LAMMPS data: " + title + ", " + n + " beads\n\n" + n
            + " atoms\n1 atom types\n\n");
        for (String axis : new String[] {"x", "y", "z"}) {
            data.append(String.format(Locale.ROOT, "0.0 %.6f %slo %shi%n", 10 * length, axis, axis));
        }
        data.append(String.format(Locale.ROOT, "%nMasses%n%n1 %s%n%nAtoms # atomic%n%n", mass));
        int i = 0;
        for (int p = 0; p < cells; p++) {
            for (int q = 0; q < cells; q++) {
                for (int r = 0; r < cells; r++) {
                    // the GRO precision (0.001 nm) for both, so that both programs start from the same positions
                    double x = Math.round((p + 0.5) * a * 1000) / 1000.0;
                    double y = Math.round((q + 0.5) * a * 1000) / 1000.0;
                    double z = Math.round((r + 0.5) * a * 1000) / 1000.0;
                    i++;
                    gro.append(String.format(Locale.ROOT, "%5d%-5s%5s%5d%8.3f%8.3f%8.3f%n", i % 100000, residue, name,
                        i % 100000, x, y, z));
                    data.append(String.format(Locale.ROOT, "%d 1 %.4f %.4f %.4f%n", i, 10 * x, 10 * y, 10 * z));
                }
            }
        }
        gro.append(String.format(Locale.ROOT, "%10.5f%10.5f%10.5f%n", length, length, length));
        Files.writeString(out.resolve("start.gro"), gro.toString());
        Files.writeString(out.resolve("start.data"), data.toString());
    }
}
