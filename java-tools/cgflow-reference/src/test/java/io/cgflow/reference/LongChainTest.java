package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.cli.ToolLauncher;
import io.cgflow.convert.ConvertCommand;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.io.h5md.H5mdReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linear molecules longer than half the box, in a triclinic cell, atoms wrapped into the box: 4 chains of 16
 * atoms 0.25 nm apart (3.75 nm long; the box is 5 nm), 4 atoms per bead, so every CG bond is 1.0 nm. With a
 * topology that has bonds (GROMACS .top or LAMMPS data) the mapping makes the chains whole and every CG bond
 * comes out at 1.0 nm; with the GRO structure alone the input is refused and nothing is written.
 */
class LongChainTest {
    private static final int CHAINS = 4;
    private static final int ATOMS = 16;
    private static final double BOND = 0.25;
    private static final double[] BOX = {5.0, 0, 0, 1.0, 5.0, 0, 0.8, -1.2, 5.0};
    private static final String MAPPING = """
        molecules:
          - name: chain
            atoms: {first: 1, count: 64, per_molecule: 16}
            beads:
              - {name: B1, type: B, atoms: [1, 2, 3, 4]}
              - {name: B2, type: B, atoms: [5, 6, 7, 8]}
              - {name: B3, type: B, atoms: [9, 10, 11, 12]}
              - {name: B4, type: B, atoms: [13, 14, 15, 16]}
            bonds:
              - {name: BB, beads: [B1, B2]}
              - {name: BB, beads: [B2, B3]}
              - {name: BB, beads: [B3, B4]}
        """;

    @TempDir
    Path dir;
    Path gro;
    Path traj;
    Path top;
    Path data;
    Path mapping;

    @BeforeEach
    void write() throws IOException {
        List<float[]> frames = new ArrayList<>();
        double[][] directions = {{0.6, 0.64, 0.48}, {-0.48, 0.6, 0.64}, {0.64, -0.48, 0.6}};
        for (int f = 0; f < 3; f++) {
            float[] x = new float[3 * CHAINS * ATOMS];
            for (int c = 0; c < CHAINS; c++) {
                double[] u = directions[(f + c) % 3];
                double sign = c % 2 == 0 ? 1 : -1;
                // start near a face of the box, so that every chain crosses the boundary
                double[] s = {4.6 - 0.3 * c + 0.1 * f, 0.4 + 1.1 * c, 4.8 - 0.2 * f};
                for (int a = 0; a < ATOMS; a++) {
                    double[] r = {s[0] + sign * a * BOND * u[0], s[1] + sign * a * BOND * u[1],
                        s[2] + sign * a * BOND * u[2]};
                    wrap(r);
                    for (int d = 0; d < 3; d++) {
                        x[3 * (c * ATOMS + a) + d] = (float) r[d];
                    }
                }
            }
            frames.add(x);
        }
        traj = Files.writeString(dir.resolve("traj.gro"), gro(frames));
        gro = Files.writeString(dir.resolve("conf.gro"), gro(frames.subList(0, 1)));
        top = Files.writeString(dir.resolve("topol.top"), topology());
        data = Files.writeString(dir.resolve("chains.data"), lammpsData(frames.get(0)));
        mapping = Files.writeString(dir.resolve("chain.yaml"), MAPPING);
    }

    /** Into the triclinic cell: fractional coordinates reduced to [0, 1). */
    private static void wrap(double[] r) {
        double[] s = new double[3];
        new PeriodicCell(Box.ofMatrix(BOX)).toFractional(r[0], r[1], r[2], s);
        for (int k = 0; k < 3; k++) {
            s[k] -= Math.floor(s[k]);
        }
        for (int k = 0; k < 3; k++) {
            r[k] = s[0] * BOX[k] + s[1] * BOX[3 + k] + s[2] * BOX[6 + k];
        }
    }

    private static String gro(List<float[]> frames) {
        StringBuilder sb = new StringBuilder();
        for (int f = 0; f < frames.size(); f++) {
            float[] x = frames.get(f);
            sb.append("chains t= ").append(String.format(Locale.ROOT, "%.1f", f * 1.0)).append(" step= ").append(f)
                .append('\n').append(CHAINS * ATOMS).append('\n');
            for (int i = 0; i < CHAINS * ATOMS; i++) {
                sb.append(String.format(Locale.ROOT, "%5d%-5s%5s%5d%8.3f%8.3f%8.3f%n", i / ATOMS + 1, "CHN",
                    "C" + (i % ATOMS + 1), i + 1, x[3 * i], x[3 * i + 1], x[3 * i + 2]));
            }
            sb.append(String.format(Locale.ROOT, "%10.5f%10.5f%10.5f%10.5f%10.5f%10.5f%10.5f%10.5f%10.5f%n", BOX[0],
                BOX[4], BOX[8], BOX[1], BOX[2], BOX[3], BOX[5], BOX[6], BOX[7]));
        }
        return sb.toString();
    }

    private static String topology() {
        StringBuilder sb = new StringBuilder("""
            ; linear chains of 16 carbon-like sites
            [ atomtypes ]
            ; name at.num mass charge ptype sigma epsilon
              CX   6      12.011  0.0  A  0.35 0.3

            [ moleculetype ]
            CHN 3

            [ atoms ]
            """);
        for (int a = 1; a <= ATOMS; a++) {
            sb.append(String.format(Locale.ROOT, "%4d CX 1 CHN C%d %d 0.0%n", a, a, a));
        }
        sb.append("\n[ bonds ]\n");
        for (int a = 1; a < ATOMS; a++) {
            sb.append(a).append(' ').append(a + 1).append(" 1 0.25 200000\n");
        }
        sb.append("\n[ system ]\nchains\n\n[ molecules ]\nCHN ").append(CHAINS).append('\n');
        return sb.toString();
    }

    /** LAMMPS data, units real (Å), atom style full, with the same atoms and bonds. */
    private static String lammpsData(float[] x) {
        StringBuilder sb = new StringBuilder("chains\n\n");
        int n = CHAINS * ATOMS;
        int bonds = CHAINS * (ATOMS - 1);
        sb.append(n).append(" atoms\n").append(bonds).append(" bonds\n1 atom types\n1 bond types\n\n");
        sb.append(String.format(Locale.ROOT, "0 %.4f xlo xhi%n0 %.4f ylo yhi%n0 %.4f zlo zhi%n%.4f %.4f %.4f xy xz yz%n%n",
            10 * BOX[0], 10 * BOX[4], 10 * BOX[8], 10 * BOX[3], 10 * BOX[6], 10 * BOX[7]));
        sb.append("Masses\n\n1 12.011\n\nAtoms # full\n\n");
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "%d %d 1 0.0 %.4f %.4f %.4f%n", i + 1, i / ATOMS + 1, 10 * x[3 * i],
                10 * x[3 * i + 1], 10 * x[3 * i + 2]));
        }
        sb.append("\nBonds\n\n");
        int k = 1;
        for (int c = 0; c < CHAINS; c++) {
            for (int a = 1; a < ATOMS; a++) {
                sb.append(k++).append(" 1 ").append(c * ATOMS + a).append(' ').append(c * ATOMS + a + 1).append('\n');
            }
        }
        return sb.toString();
    }

    private ToolLauncher.Outcome convert(String... args) {
        return ToolLauncher.capture(new ConvertCommand(), args);
    }

    private void assertChainsMapCorrectly(Path h5, String tag) throws IOException {
        Path cg = dir.resolve(tag + "-cg.h5");
        Path out = dir.resolve(tag + "-dist.h5");
        ToolLauncher.Outcome o = Fixtures.reference("-i", h5.toString(), "-m", mapping.toString(), "-o", out.toString(),
            "--cg-output", cg.toString(), "--bond-max", "2.5", "--bond-bin", "0.01", "--rdf-max", "2");
        assertEquals(0, o.exitCode(), o.err());
        Distribution bond = DistributionsFile.read(out).find(Distribution.Kind.BOND, "BB").orElseThrow();
        long total = 0;
        long near = 0;
        double sum = 0;
        for (int k = 0; k < bond.counts().length; k++) {
            total += bond.counts()[k];
            sum += bond.counts()[k] * bond.x()[k];
            if (Math.abs(bond.x()[k] - 1.0) < 0.02) {
                near += bond.counts()[k];
            }
        }
        assertEquals(3L * CHAINS * 3, total, tag + ": every CG bond of every frame counted");
        assertEquals(total, near, tag + ": every CG bond at 1.0 nm");
        assertEquals(1.0, sum / total, 0.01, tag + ": mean CG bond length");
        // the CG trajectory has whole molecules: consecutive beads 1.0 nm apart as they lie
        try (H5mdReader r = new H5mdReader(cg)) {
            for (Frame f = r.next(); f != null; f = r.next()) {
                float[] x = f.positions();
                for (int c = 0; c < CHAINS; c++) {
                    for (int b = 0; b < 3; b++) {
                        int i = 4 * c + b;
                        double dx = x[3 * i + 3] - x[3 * i];
                        double dy = x[3 * i + 4] - x[3 * i + 1];
                        double dz = x[3 * i + 5] - x[3 * i + 2];
                        assertEquals(1.0, Math.sqrt(dx * dx + dy * dy + dz * dz), 0.01, tag + ": chain " + c
                            + " beads " + b + "-" + (b + 1) + " in one image");
                    }
                }
            }
        }
    }

    @Test
    void gromacsTopologyMakesLongChainsWhole() throws IOException {
        Path h5 = dir.resolve("top.h5");
        ToolLauncher.Outcome c = convert("-i", traj.toString(), "-s", gro.toString(), "-p", top.toString(), "-o",
            h5.toString());
        assertEquals(0, c.exitCode(), c.err());
        try (H5mdReader r = new H5mdReader(h5)) {
            assertEquals(CHAINS * (ATOMS - 1), r.structure().topology().bondCount());
            assertEquals(12.011, r.structure().topology().atom(5).mass(), 1e-4);
        }
        assertChainsMapCorrectly(h5, "top");
    }

    @Test
    void lammpsDataMakesLongChainsWhole() throws IOException {
        Path h5 = dir.resolve("lmp.h5");
        ToolLauncher.Outcome c = convert("-i", traj.toString(), "-s", data.toString(), "-o", h5.toString());
        assertEquals(0, c.exitCode(), c.err());
        assertChainsMapCorrectly(h5, "lmp");
        Path h5p = dir.resolve("lmp-p.h5");
        c = convert("-i", traj.toString(), "-s", gro.toString(), "-p", data.toString(), "-o", h5p.toString());
        assertEquals(0, c.exitCode(), c.err());
        assertChainsMapCorrectly(h5p, "lmp-p");
    }

    @Test
    void groAloneIsRefused() throws IOException {
        Path h5 = dir.resolve("gro.h5");
        ToolLauncher.Outcome c = convert("-i", traj.toString(), "-s", gro.toString(), "-o", h5.toString());
        assertEquals(0, c.exitCode(), c.err());
        Path out = Files.createDirectories(dir.resolve("out"));
        ToolLauncher.Outcome o = Fixtures.reference("-i", h5.toString(), "-m", mapping.toString(), "-o",
            out.resolve("dist.h5").toString(), "--cg-output", out.resolve("cg.h5").toString(), "--tables",
            out.resolve("tables").toString(), "--bond-max", "2.5", "--rdf-max", "2");
        assertEquals(2, o.exitCode(), o.err());
        for (String part : List.of("gro.h5", "frame 0", "molecule 1", "not whole", "-p topol.top", "trjconv -pbc mol")) {
            assertTrue(o.err().contains(part), "message should contain '" + part + "': " + o.err());
        }
        assertEquals(List.of(""), Fixtures.listing(out), "nothing written");
    }

    @Test
    void topologyThatDoesNotMatchTheStructureIsRefused() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.top"), topology().replace("CHN C5 5", "CHN CQ5 5"));
        ToolLauncher.Outcome c = convert("-i", traj.toString(), "-s", gro.toString(), "-p", bad.toString(), "-o",
            dir.resolve("bad.h5").toString());
        assertEquals(2, c.exitCode(), c.err());
        assertTrue(c.err().contains("bad.top: atom 5: is CQ5"), c.err());
        Path few = Files.writeString(dir.resolve("few.top"), topology().replace("CHN " + CHAINS, "CHN 3"));
        c = convert("-i", traj.toString(), "-s", gro.toString(), "-p", few.toString(), "-o",
            dir.resolve("few.h5").toString());
        assertEquals(2, c.exitCode(), c.err());
        assertTrue(c.err().contains("has 48 atoms but the structure conf.gro has 64"), c.err());
    }
}
