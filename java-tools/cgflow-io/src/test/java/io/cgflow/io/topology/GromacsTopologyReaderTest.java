package io.cgflow.io.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.TestData;
import io.cgflow.io.trajectory.GroReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GROMACS topologies: the committed systems (with the installed force fields) and hand-made edge cases. */
class GromacsTopologyReaderTest {
    @TempDir
    Path dir;

    private static void assumeForceFields() {
        assumeTrue(Files.isDirectory(GromacsTopologyReader.SYSTEM_TOP.resolve("oplsaa.ff")),
            "GROMACS force fields not installed in " + GromacsTopologyReader.SYSTEM_TOP);
    }

    @Test
    void propaneWithOplsaa() {
        assumeForceFields();
        Topology t = GromacsTopologyReader.read(TestData.file("propane/topol.top"));
        Topology gro = GroReader.readStructure(TestData.file("propane/conf.gro")).topology();
        assertEquals(1650, t.size());
        assertEquals(1500, t.bondCount());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(gro.atom(i).name(), t.atom(i).name(), "atom " + (i + 1));
            assertEquals(gro.atom(i).residueId(), t.atom(i).residueId(), "residue of atom " + (i + 1));
        }
        assertEquals("PRP", t.atom(0).residueName());
        assertEquals("opls_135", t.atom(0).type());
        assertEquals(12.011, t.atom(0).mass(), 1e-9);
        assertEquals(1.008, t.atom(1).mass(), 1e-9);
        assertArrayEquals(new int[] {0, 1, 0, 2}, java.util.Arrays.copyOf(t.bonds(), 4));
        int[] b = t.bonds();
        assertArrayEquals(new int[] {11, 12}, new int[] {b[20], b[21]}, "first bond of molecule 2: C1-H11");
    }

    @Test
    void methanolWaterMassesFromAtomtypesAndSettles() {
        assumeForceFields();
        Topology t = GromacsTopologyReader.read(TestData.file("methanol-water/x025/topol.top"));
        assertEquals(100 * 6 + 300 * 3, t.size());
        assertEquals(100 * 5 + 300 * 2, t.bondCount(), "MeOH bonds plus the two O-H bonds of each SETTLE water");
        assertEquals(12.011, t.atom(0).mass(), 1e-3, "C of MeOH: opls_157 [ atomtypes ] mass");
        assertEquals(15.9994, t.atom(600).mass(), 1e-3, "SPC/E OW");
        assertEquals("SOL", t.atom(600).residueName());
        int[] bonds = t.bonds();
        assertEquals(600, bonds[2 * 500]);
        assertEquals(601, bonds[2 * 500 + 1]);
        assertEquals(602, bonds[2 * 501 + 1]);
    }

    @Test
    void preprocessorIncludesDefinesConditionalsAndContinuations() throws IOException {
        Files.createDirectories(dir.resolve("ff"));
        Files.writeString(dir.resolve("ff/types.itp"), """
            [ atomtypes ]
            ; name bondtype at.num mass charge ptype sigma eps
              CT   CT       6      12.011 0.0  A  0.35 0.27
              HC   HC       1      1.008  0.0  A  0.25 0.12
            #ifdef HEAVY_H
              HH   HC       1      3.024  0.0  A  0.25 0.12
            #else
              HH   HC       1      1.008  0.0  A  0.25 0.12
            #endif
            """);
        Files.writeString(dir.resolve("mol.itp"), """
            [ moleculetype ]
            MET 3
            [ atoms ]
            1 CT 1 MET C1 1 -0.3 ; no mass: from the type
            2 HH 1 MET H1 1 \\
              0.1
            3 HC 1 MET H2 1 0.1 1.5
            [ bonds ]
            1 2 1
            #ifndef NO_SECOND
            1 3 1
            #endif
            [ constraints ]
            2 3 1 0.17
            """);
        Path top = Files.writeString(dir.resolve("topol.top"), """
            #define HEAVY_H
            #include "ff/types.itp"
            #include "mol.itp"
            [ system ]
            test
            [ molecules ]
            MET 2
            """);
        Topology t = GromacsTopologyReader.read(top, List.of());
        assertEquals(6, t.size());
        assertEquals(12.011, t.atom(0).mass(), 1e-9);
        assertEquals(3.024, t.atom(1).mass(), 1e-9, "HEAVY_H defined: the #ifdef branch");
        assertEquals(1.5, t.atom(2).mass(), 1e-9, "mass column wins over the type");
        assertEquals(6, t.bondCount());
        assertArrayEquals(new int[] {0, 1, 0, 2, 1, 2, 3, 4, 3, 5, 4, 5}, t.bonds());
        assertEquals(2, t.atom(3).residueId(), "residues numbered through the system");
    }

    @Test
    void includeThroughTheIncludePath() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib/my.ff"));
        Files.writeString(lib.resolve("ar.itp"), """
            [ moleculetype ]
            AR 1
            [ atoms ]
            1 AR 1 AR AR 1 0.0 39.948
            """);
        Path top = Files.writeString(Files.createDirectories(dir.resolve("run")).resolve("topol.top"),
            "#include \"my.ff/ar.itp\"\n[ molecules ]\nAR 3\n");
        Topology t = GromacsTopologyReader.read(top, List.of(dir.resolve("lib")));
        assertEquals(3, t.size());
        assertEquals(0, t.bondCount());
        assertEquals("Ar", t.atom(0).element());
    }

    @Test
    void textBeforeTheFirstSectionIsIgnoredAsGromppDoes() throws IOException {
        // the AMBER and CHARMM forcefield.itp files shipped with GROMACS open with a banner of '*' lines
        Files.writeString(dir.resolve("banner.itp"), """
            ********************************************************************
            * The original ffamber ports were written by ...                   *
            ********************************************************************

            #define _FF_BANNER
            [ moleculetype ]
            AR 1
            [ atoms ]
            1 AR 1 AR AR 1 0.0 39.948
            """);
        Path top = Files.writeString(dir.resolve("topol.top"), "#include \"banner.itp\"\n[ molecules ]\nAR 2\n");
        Topology t = GromacsTopologyReader.read(top, List.of());
        assertEquals(2, t.size());
        assertEquals(39.948, t.atom(1).mass(), 1e-9);
    }

    @Test
    void amberForceFieldShippedWithGromacs() throws IOException {
        assumeTrue(Files.isRegularFile(GromacsTopologyReader.SYSTEM_TOP.resolve("amber99sb-ildn.ff/forcefield.itp")),
            "amber99sb-ildn.ff not installed in " + GromacsTopologyReader.SYSTEM_TOP);
        Path top = Files.writeString(dir.resolve("topol.top"), """
            #include "amber99sb-ildn.ff/forcefield.itp"
            #include "amber99sb-ildn.ff/tip3p.itp"
            [ system ]
            water
            [ molecules ]
            SOL 2
            """);
        Topology t = GromacsTopologyReader.read(top);
        assertEquals(6, t.size());
        assertEquals(4, t.bondCount(), "two O-H bonds per SETTLE water");
        assertEquals("OW", t.atom(3).name());
        assertEquals(16.0, t.atom(3).mass(), 1e-2);
    }

    private InputException refused(String text) throws IOException {
        Path top = Files.writeString(dir.resolve("bad.top"), text);
        return assertThrows(InputException.class, () -> GromacsTopologyReader.read(top, List.of()));
    }

    @Test
    void malformedTopologiesNameFileAndLine() throws IOException {
        InputException e = refused("#include \"missing.itp\"\n[ molecules ]\nX 1\n");
        assertTrue(e.getMessage().contains("bad.top: line 1: cannot find #include \"missing.itp\""), e.getMessage());
        e = refused("[ moleculetype ]\nM 1\n[ atoms ]\n1 X 1 M A1 1 0.0 abc\n[ molecules ]\nM 1\n");
        assertTrue(e.getMessage().contains("bad.top: line 4: cannot read mass of atom A1 from 'abc'"), e.getMessage());
        e = refused("[ moleculetype ]\nM 1\n[ atoms ]\n1 X 1 M A1 1 0.0 1.0\n[ bonds ]\n1 2 1\n[ molecules ]\nM 1\n");
        assertTrue(e.getMessage().contains("line 6: atom number 2 is outside molecule 'M'"), e.getMessage());
        e = refused("[ moleculetype ]\nM 1\n[ atoms ]\n1 X 1 M A1 1 0.0 1.0\n[ molecules ]\nW 1\n");
        assertTrue(e.getMessage().contains("line 6: molecule type 'W' is not defined"), e.getMessage());
        e = refused("[ moleculetype ]\nM 1\n[ atoms ]\n1 X 1 M A1 1 0.0\n[ molecules ]\nM 1\n");
        assertTrue(e.getMessage().contains("line 4: atom A1 has no mass column and its type 'X'"), e.getMessage());
        e = refused("#ifdef A\n[ molecules ]\n");
        assertTrue(e.getMessage().contains("line 1: #ifdef/#ifndef without a matching #endif"), e.getMessage());
        e = refused("#if 1\n");
        assertTrue(e.getMessage().contains("line 1: preprocessor directive '#if' is not supported"), e.getMessage());
        e = refused("[ moleculetype ]\nM 1\n[ atoms ]\n1 X 1 M A1 1 0.0 1.0\n");
        assertTrue(e.getMessage().contains("no [ molecules ] section"), e.getMessage());
    }
}
