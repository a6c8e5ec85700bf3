package io.cgflow.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.io.trajectory.LammpsUnits;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reader against the engines' own reading of the same files (test-data/formats): GROMACS for
 * XTC/TRR/GRO/PDB, MDAnalysis for all formats, ASE for extended XYZ. Positions and boxes must agree to
 * the precision the oracle was printed with; steps and times where the oracle has them.
 */
class ReaderOracleTest {
    /** LAMMPS test runs use units real and a 5 fs time step. */
    private static final Trajectories.ReadOptions LAMMPS = new Trajectories.ReadOptions(LammpsUnits.REAL, 0.005);

    static List<Path> oracles() throws IOException {
        try (Stream<Path> s = Files.walk(TestData.root().resolve("formats"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".oracle.txt")).sorted()
                .collect(Collectors.toList());
        }
    }

    static Path trajectoryOf(Path oracle) {
        String name = oracle.getFileName().toString().replaceFirst("\\.oracle\\.txt$", "")
            .replaceFirst("\\.(mda|ase|g96)$", "");
        return oracle.resolveSibling(name);
    }

    @Test
    void everyFormatHasAnOracle() throws IOException {
        List<String> formats = oracles().stream().map(ReaderOracleTest::trajectoryOf)
            .map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("data"))
            .map(n -> TrajectoryFormat.of(Path.of(n)).name()).distinct().sorted().collect(Collectors.toList());
        assertEquals(List.of("DCD", "GRO", "H5MD", "LAMMPSDUMP", "PDB", "TRR", "XTC", "XYZ"), formats);
    }

    @TestFactory
    Stream<DynamicTest> readersAgreeWithEngines() throws IOException {
        return oracles().stream().map(o -> DynamicTest.dynamicTest(TestData.root().relativize(o).toString(),
            () -> compare(o)));
    }

    private static void compare(Path oracleFile) throws IOException {
        Oracle oracle = Oracle.read(oracleFile);
        Path file = trajectoryOf(oracleFile);
        if (file.getFileName().toString().startsWith("data")) {
            Structure s = Trajectories.readStructure(file, LAMMPS);
            assertEquals(oracle.atoms(), s.topology().size(), "atoms");
            assertBox(oracle.frames().get(0).box(), s.box(), 1e-6, file + " box");
            return;
        }
        TrajectoryFormat format = TrajectoryFormat.of(file);
        if (format == TrajectoryFormat.LAMMPSDUMP && oracle.program().startsWith("MDAnalysis")) {
            // MDAnalysis shifts dump positions by the box's lower bound; cgflow keeps LAMMPS's own
            // coordinates, checked against LAMMPS's full-precision reading below.
            return;
        }
        // dumps print %g (6 significant digits); gmx dump prints %12.5e
        double tolerance = oracle.lowPrecision() || format == TrajectoryFormat.LAMMPSDUMP ? 1e-5 : 2e-6;
        boolean dcd = format == TrajectoryFormat.DCD;
        try (TrajectoryReader reader = Trajectories.open(file, format, LAMMPS)) {
            for (int k = 0; k < oracle.frames().size(); k++) {
                Oracle.OracleFrame expected = oracle.frames().get(k);
                Frame actual = reader.next();
                assertNotNull(actual, file + ": frame " + k + " missing");
                assertEquals(oracle.atoms(), actual.atomCount(), file + ": atoms in frame " + k);
                double worst = 0;
                int worstIndex = -1;
                for (int i = 0; i < expected.positions().length; i++) {
                    double e = expected.positions()[i];
                    double d = Math.abs(actual.positions()[i] - e);
                    double allowed = tolerance * (1 + Math.abs(e));
                    if (d / allowed > worst) {
                        worst = d / allowed;
                        worstIndex = i;
                    }
                }
                if (worst > 1) {
                    fail(file + " frame " + k + ": coordinate " + worstIndex + " is " + actual.positions()[worstIndex]
                        + ", oracle " + expected.positions()[worstIndex] + " (" + oracle.program() + ")");
                }
                if (expected.box() != null && actual.box() != null) {
                    assertBox(expected.box(), actual.box(), tolerance, file + " frame " + k + " box");
                }
                if (!dcd && expected.step() != null && actual.hasStep()) {
                    assertEquals(expected.step().longValue(), actual.step(), file + " frame " + k + " step");
                }
                if (!dcd && expected.time() != null && actual.hasTime()) {
                    assertEquals(expected.time(), actual.time(), 1e-4 * (1 + Math.abs(expected.time())),
                        file + " frame " + k + " time");
                }
            }
            assertNull(reader.next(), file + ": more frames than the oracle has");
        }
    }

    private static void assertBox(double[] expected, Box actual, double tolerance, String what) {
        assertNotNull(actual, what + " missing");
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double e = expected[3 * r + c];
                assertTrue(Math.abs(actual.get(r, c) - e) <= tolerance * (1 + Math.abs(e)),
                    what + " element (" + r + "," + c + ") is " + actual.get(r, c) + ", oracle " + e);
            }
        }
    }
}
