package io.cgflow.io.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Elements;
import io.cgflow.core.topology.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atoms of a GRO structure, field by field: residue numbers (signed, padded, up to five digits), residue and
 * atom names trimmed, elements and masses guessed once per distinct residue/atom name pair.
 */
class GroStructureTest {
    @TempDir
    Path dir;

    @Test
    void fieldsOfEveryAtom() throws IOException {
        List<String> lines = List.of("two waters, a chloride and a methanol",
            "8",
            "    1SOL     OW    1   0.126   1.624   1.679",
            "    1SOL    HW1    2   0.190   1.661   1.747",
            "    1SOL    HW2    3   0.177   1.568   1.613",
            "99999SOL     OW    4   1.226   0.624   0.679",
            "99999SOL    HW1    5   1.290   0.661   0.747",
            "99999SOL    HW2    6   1.277   0.568   0.613",
            "   -3CL      CL    7   2.000   2.000   2.000",
            "   +7MeOH     C    8   0.408   1.139   0.440",
            "   3.00000   3.00000   3.00000");
        Path gro = Files.write(dir.resolve("mix.gro"), lines, StandardCharsets.ISO_8859_1);
        Topology t = GroReader.readStructure(gro).topology();
        assertEquals(8, t.size());
        int[] residues = {1, 1, 1, 99999, 99999, 99999, -3, 7};
        String[] names = {"OW", "HW1", "HW2", "OW", "HW1", "HW2", "CL", "C"};
        String[] residueNames = {"SOL", "SOL", "SOL", "SOL", "SOL", "SOL", "CL", "MeOH"};
        for (int i = 0; i < 8; i++) {
            Atom a = t.atom(i);
            assertEquals(residues[i], a.residueId(), "residue number of atom " + (i + 1));
            assertEquals(names[i], a.name(), "name of atom " + (i + 1));
            assertEquals(residueNames[i], a.residueName(), "residue name of atom " + (i + 1));
            String element = Elements.guess(names[i], residueNames[i]);
            assertEquals(element, a.element(), "element of atom " + (i + 1));
            assertEquals(element.isEmpty() ? 0.0 : Elements.mass(element).orElse(0.0), a.mass(), "mass of atom " + (i + 1));
        }
        assertEquals("O", t.atom(0).element());
        assertEquals("Cl", t.atom(6).element());
        // a pair seen before shares its strings with the first atom that had it
        assertSame(t.atom(0).name(), t.atom(3).name());
        assertSame(t.atom(1).residueName(), t.atom(4).residueName());
    }
}
