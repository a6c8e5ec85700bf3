package io.cgflow.potentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PotentialFileTest {
    @TempDir
    Path dir;

    private Table soft(double end) {
        double step = 0.01;
        int n = (int) Math.round((end - 0.2) / step) + 1;
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            double r = 0.2 + k * step;
            e[k] = Math.exp(-r / 0.1) - 0.5 * Math.exp(-Math.pow((r - 0.5) / 0.1, 2));
        }
        return Table.natural("W-W", 0.2, step, e);
    }

    private Path yaml(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsEveryStyle() throws IOException {
        Files.createDirectories(dir.resolve("tables"));
        try (Writer w = Files.newBufferedWriter(dir.resolve("tables/table_W_W.xvg"))) {
            TableFiles.writeGromacs(w, soft(1.0));
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("tables/pairs.table"))) {
            TableFiles.writeLammps(w, "WX", soft(1.2), null, TableFiles.REAL);
        }
        Path p = yaml("pot.yaml", """
            types:
              W: {mass: 18.0}
              X: {mass: 20.0}
              Y: {mass: 10.0}
            cutoff: 0.9
            pairs:
              - {types: [W, W], style: table, file: tables/table_W_W.xvg}
              - {types: [X, W], style: table, file: tables/pairs.table, keyword: WX, cutoff: 1.1}
              - {types: [X, X], style: lennard-jones, sigma: 0.3, epsilon: 1.0, tail: true}
              - {types: [Y, Y], style: lennard-jones, sigma: 0.3, epsilon: 1.0, cutoff: 0.9, shift: false}
              - {types: [W, Y], style: none}
            bonds:
              - {type: B, style: harmonic, k: 1000, b0: 0.3}
            dihedrals:
              - {type: D, style: harmonic, k: 10, phi0: 180}
            """);
        PotentialFile.Contents c = PotentialFile.read(p);
        assertEquals(18.0, c.masses().get("W"));
        assertEquals(1.1, c.potential().cutoff(), 1e-12);
        List<PotentialDefinition> parts = ((CompositePotential) c.potential()).parts();
        // two Lennard-Jones groups (shift+tail, cut), two table groups (0.9, 1.1), bonds, dihedrals
        assertEquals(6, parts.size(), parts.toString());
        TabulatedPair tw = (TabulatedPair) parts.stream().filter(q -> q instanceof TabulatedPair t && t.cutoff() == 0.9)
            .findFirst().orElseThrow();
        double[] e = tw.tables().get(0).table().energies();
        assertEquals(soft(1.0).energies()[10], e[10], 1e-9);
        TabulatedPair tx = (TabulatedPair) parts.stream().filter(q -> q instanceof TabulatedPair t && t.cutoff() == 1.1)
            .findFirst().orElseThrow();
        assertEquals(soft(1.2).energies()[7], tx.tables().get(0).table().energies()[7], 1e-9);
        assertTrue(c.pairEntries().contains(TypePair.of("Y", "W")));
        TabulatedBonded d = (TabulatedBonded) parts.get(5);
        Table dt = d.tables().get(0).table();
        assertEquals(Table.Boundary.PERIODIC, dt.boundary());
        assertEquals(0, dt.energies()[0], 1e-12);   // φ = −180 ≡ 180 = φ0
        assertEquals(0.5 * 10 * Math.PI * Math.PI, dt.energies()[180], 1e-9);   // φ = 0
    }

    @Test
    void refusesWithTheFileAndTheEntry() throws IOException {
        try (Writer w = Files.newBufferedWriter(dir.resolve("short.xvg"))) {
            TableFiles.writeGromacs(w, soft(0.8));
        }
        // a dihedral table whose value at 180 degrees is not its value at -180 (its last point was dropped unread)
        StringBuilder dihedral = new StringBuilder();
        for (int k = 0; k <= 360; k += 10) {
            dihedral.append(String.format(java.util.Locale.ROOT, "%d %.6f 0%n", k - 180, k == 360 ? 50.0
                : -5 * Math.cos(Math.toRadians(k - 180))));
        }
        Files.writeString(dir.resolve("table_d0.xvg"), dihedral);
        Path dih = yaml("dih.yaml", "types:\n  W: {mass: 18.0}\ndihedrals:\n  - {type: D, style: table, file: "
            + "table_d0.xvg}\n");
        InputException de = assertThrows(InputException.class, () -> PotentialFile.read(dih));
        assertTrue(de.getMessage().contains("dih.yaml: dihedrals[0] (D)") && de.getMessage().contains("table_d0.xvg gives"
            + " 5.00000000 kJ/mol at -180 degrees and 50.0000000 at 180"), de.getMessage());
        String head = "types:\n  W: {mass: 18.0}\npairs:\n";
        record Case(String entry, String... expected) {
        }
        for (Case k : List.of(
            new Case("  - {types: [W, W], style: table, file: short.xvg, cutoff: 0.9}", "pairs[0] (W-W)",
                "ends at 0.8", "before the cut-off 0.9"),
            new Case("  - {types: [W, W], style: table, file: gone.xvg, cutoff: 0.9}", "pairs[0] (W-W).file",
                "gone.xvg not found"),
            new Case("  - {types: [W, V], style: none}", "pairs[0].types", "unknown bead type V"),
            new Case("  - {types: [W, W], style: lennard-jones, sigma: -0.3, epsilon: 1, cutoff: 0.9}",
                "pairs[0] (W-W).sigma", "must be positive"),
            new Case("  - {types: [W, W], style: lennard-jones, sigma: 0.3, epsilon: .inf, cutoff: 0.9}",
                "pairs[0] (W-W).epsilon", "must be a finite number, not Infinity"),
            new Case("  - {types: [W, W], style: lennard-jones, sigma: 0.3, epsilon: 1}", "pairs[0] (W-W)",
                "misses 'cutoff'"),
            new Case("  - {types: [W, W], style: lennard-jones, sigma: 3.4, epsilon: 1, cutoff: 1.0}",
                "pairs[0] (W-W).cutoff", "is below sigma 3.4 nm"),
            new Case("  - {types: [W, W], style: morse}", "pairs[0] (W-W).style", "morse"),
            new Case("  - {types: [W, W], style: none}\n  - {types: [W, W], style: none}", "pairs[1] (W-W)",
                "has an entry already"))) {
            Path p = yaml("bad.yaml", head + k.entry() + "\n");
            InputException e = assertThrows(InputException.class, () -> PotentialFile.read(p), k.entry());
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            for (String x : k.expected()) {
                assertTrue(e.getMessage().contains(x), "'" + x + "' in: " + e.getMessage());
            }
        }
    }
}
