package io.cgflow.io.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.h5md.H5mdReader;
import io.cgflow.io.h5md.H5mdWriter;
import io.cgflow.io.trajectory.LammpsDataReader;
import io.cgflow.io.trajectory.LammpsUnits;
import io.cgflow.io.trajectory.Structure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bonds and masses through LAMMPS data files and H5MD. */
class TopologyFilesTest {
    @TempDir
    Path dir;

    private Path data(String masses) throws IOException {
        return Files.writeString(dir.resolve("data.test"), String.format(Locale.ROOT, """
            test

            3 atoms
            2 bonds
            2 atom types
            1 bond types

            0 1e-9 xlo xhi
            0 1e-9 ylo yhi
            0 1e-9 zlo zhi

            Masses

            1 %s
            2 %s

            Atoms # full

            3 1 2 0.0 0 0 0
            1 1 1 0.0 0 0 0
            2 1 2 0.0 0 0 0

            Bonds

            1 1 1 2
            2 1 1 3
            """, masses.split(" ")[0], masses.split(" ")[1]));
    }

    @Test
    void lammpsMassesInSiAndCgsUnitsAreConvertedToAmu() throws IOException {
        double amuKg = 1.66053906660e-27;
        Structure si = LammpsDataReader.read(data((15.999 * amuKg) + " " + (1.008 * amuKg)), LammpsUnits.SI);
        assertEquals(15.999, si.topology().atom(0).mass(), 1e-6);
        assertEquals(1.008, si.topology().atom(1).mass(), 1e-6);
        assertEquals("O", si.topology().atom(0).element());
        assertEquals(1.0, si.box().get(0, 0), 1e-12, "1e-9 m = 1 nm");
        Structure cgs = LammpsDataReader.read(data((15.999 * amuKg * 1e3) + " " + (1.008 * amuKg * 1e3)),
            LammpsUnits.CGS);
        assertEquals(15.999, cgs.topology().atom(0).mass(), 1e-6);
        Structure real = LammpsDataReader.read(data("15.999 1.008"), LammpsUnits.REAL);
        assertEquals(15.999, real.topology().atom(0).mass(), 1e-12);
        assertArrayEquals(new int[] {0, 1, 0, 2}, real.topology().bonds(), "bonds by atom id, atoms sorted by id");
    }

    @Test
    void h5mdCarriesAtomisticBonds() {
        Topology t = new Topology(List.of(new Atom("O", "W", 1, "O", "", 15.999), new Atom("H1", "W", 1, "H", "", 1.008),
            new Atom("H2", "W", 1, "H", "", 1.008)), new int[] {0, 1, 0, 2});
        Path file = dir.resolve("w.h5");
        H5mdWriter.write(file, t, null, List.of(new Frame(0, 0, Box.orthorhombic(2, 2, 2), new float[9])),
            new Provenance("test", "0", "test", List.of()), new H5mdWriter.ShardInfo(0, 0),
            new H5mdWriter.Options(0, "test", "0", 1));
        try (H5mdReader r = new H5mdReader(file)) {
            Topology back = r.structure().topology();
            assertArrayEquals(new int[] {0, 1, 0, 2}, back.bonds());
            assertEquals(3, r.cgTopology().size(), "an atomistic file still reads as particles");
        }
    }
}
