package io.cgflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad mappings and settings: exit code 2, one message naming the mapping entry (or the option) and the
 * problem, and nothing left behind.
 */
class BadReferenceInputTest {
    @TempDir
    static Path shared;
    static Path propane;

    @TempDir
    Path dir;

    @BeforeAll
    static void convert() {
        propane = Fixtures.h5md(TestData.file("propane/traj.xtc"), TestData.file("propane/conf.gro"),
            shared.resolve("propane.h5"), OptionalInt.empty()).get(0);
    }

    private void assertRejected(Path input, String mappingText, String mappingName, List<String> extra,
                                String... expected) throws IOException {
        Path mapping = Files.writeString(dir.resolve(mappingName), mappingText, StandardCharsets.UTF_8);
        List<String> before = Fixtures.listing(dir);
        List<String> args = new java.util.ArrayList<>(List.of("-i", input.toString(), "-m", mapping.toString(), "-o",
            dir.resolve("out.h5").toString(), "--tables", dir.resolve("tables").toString(), "--cg-output",
            dir.resolve("cg.h5").toString()));
        args.addAll(extra);
        io.cgflow.cli.ToolLauncher.Outcome o = Fixtures.reference(args.toArray(new String[0]));
        assertEquals(2, o.exitCode(), "exit code; stderr: " + o.err());
        String message = o.err().strip().lines().filter(l -> l.startsWith("cgflow-reference: error:")).findFirst()
            .orElse(o.err());
        for (String e : expected) {
            assertTrue(message.contains(e), "message should contain '" + e + "': " + message);
        }
        assertEquals(before, Fixtures.listing(dir), "outputs left behind");
    }

    private static String propaneMapping(String c1Atoms, String extra) {
        return """
            molecules:
              - name: propane
                residue: PRP
                beads:
                  - {name: C1, type: CH3, atoms: %s}
                  - {name: C2, type: CH2, atoms: [C2, H21, H22]}
                  - {name: C3, type: CH3, atoms: [C3, H31, H32, H33]}
                bonds: [{name: CH3-CH2, beads: [C1, C2]}, {name: CH3-CH2, beads: [C2, C3]}]
                angles: [{name: CCC, beads: [C1, C2, C3]}]
            %s""".formatted(c1Atoms, extra);
    }

    @Test
    void validMappingWorks() throws IOException {
        Path mapping = Files.writeString(dir.resolve("ok.yaml"), propaneMapping("[C1, H11, H12, H13]", ""));
        io.cgflow.cli.ToolLauncher.Outcome o = Fixtures.reference("-i", propane.toString(), "-m", mapping.toString(), "-o",
            dir.resolve("ok.h5").toString());
        assertEquals(0, o.exitCode(), o.err());
    }

    @Test
    void atomThatDoesNotExist() throws IOException {
        assertRejected(propane, propaneMapping("[C1, H11, H12, HX9]", ""), "m.yaml", List.of(), "m.yaml",
            "molecule 'propane', bead 'C1'", "atom 'HX9' does not exist");
    }

    @Test
    void residueThatDoesNotExist() throws IOException {
        assertRejected(propane, propaneMapping("[C1]", "").replace("residue: PRP", "residue: BUT"), "m.yaml",
            List.of(), "molecule 'propane'", "no residue named 'BUT'");
    }

    @Test
    void beadWithNoAtoms() throws IOException {
        assertRejected(propane, propaneMapping("[]", ""), "m.yaml", List.of(), "molecules[0].beads[0].atoms",
            "bead 'C1' of molecule 'propane' has no atoms");
    }

    @Test
    void weightsThatSumToZero() throws IOException {
        String text = propaneMapping("[C1, H11, H12, H13]", "").replace("atoms: [C1, H11, H12, H13]}",
            "atoms: [C1, H11, H12, H13], weights: [0, 0, 0, 0]}");
        assertRejected(propane, text, "m.yaml", List.of(), "molecule 'propane', bead 'C1'", "weights sum to 0.0");
    }

    @Test
    void moleculeWhoseAtomCountDoesNotMatch() throws IOException {
        // one propane loses a hydrogen: its residue has 10 atoms where the first has 11
        List<String> gro = Files.readAllLines(TestData.file("propane/conf.gro"), StandardCharsets.ISO_8859_1);
        int atoms = Integer.parseInt(gro.get(1).trim());
        int drop = 2 + 11 * 5 + 10;  // last atom of the sixth molecule
        gro.remove(drop);
        gro.set(1, String.valueOf(atoms - 1));
        Path conf = Files.write(shared.resolve("short.gro"), gro, StandardCharsets.ISO_8859_1);
        Path h5 = Fixtures.h5md(conf, conf, shared.resolve("short.h5"), OptionalInt.empty()).get(0);
        assertRejected(h5, propaneMapping("[C1, H11, H12, H13]", ""), "m.yaml", List.of(), "molecule 'propane'",
            "instance 6", "has 10 atoms; the first instance has 11");
    }

    @Test
    void atomPositionOutsideTheMolecule() throws IOException {
        assertRejected(propane, propaneMapping("[1, 12]", ""), "m.yaml", List.of(), "bead 'C1'",
            "atom position 12 is outside the molecule's 11 atoms");
    }

    @Test
    void rdfRangeBeyondHalfTheBox() throws IOException {
        assertRejected(propane, propaneMapping("[C1, H11, H12, H13]", ""), "m.yaml", List.of("--rdf-max", "2.5"),
            "--rdf-max 2.5 nm is beyond half the shortest box width");
    }

    @Test
    void unknownKeyAndBrokenYaml() throws IOException {
        assertRejected(propane, propaneMapping("[C1]", "").replace("residue: PRP", "residue: PRP\n    colour: red"),
            "m.yaml", List.of(), "molecules[0]", "unknown key 'colour'");
        assertRejected(propane, "molecules: [ {name: x", "broken.yaml", List.of(), "broken.yaml", "not valid YAML");
        // a key given twice in one bead (the last one used to win silently)
        assertRejected(propane, propaneMapping("[C1, H11, H12, H13]", "").replace("residue: PRP",
            "residue: PRP\n    residue: SOL"), "twice.yaml", List.of(), "twice.yaml", "duplicate key residue");
        // a negative weight (the sum is positive): a centre outside its atoms
        assertRejected(propane, propaneMapping("[C1, H11, H12, H13], weights: [2, -1, 0, 0]", ""), "negative.yaml",
            List.of(), "negative.yaml", "weight -1.0 of atom 'H11'");
    }

    /**
     * Bin widths that do not divide the fixed ranges of angles (180°) and dihedrals (360°): the last part of the range
     * (straight angles, trans dihedrals) used to fall outside every bin with exit 0. Also --tables naming the
     * --cg-output path (the run used to fail only at the end, leaving a folder there), and an option given twice
     * (the first value was used silently).
     */
    @Test
    void binWidthsThatDoNotDivideTheRangeAndRepeatedOrCollidingOptionsAreCommandLineErrors() throws IOException {
        Path mapping = Files.writeString(dir.resolve("m.yaml"), propaneMapping("[C1, H11, H12, H13]", ""));
        List<String> before = Fixtures.listing(dir);
        for (String[] extra : List.of(new String[] {"--angle-bin", "7"}, new String[] {"--angle-bin", "0.7"},
            new String[] {"--dihedral-bin", "7"}, new String[] {"--tables", dir.resolve("cg.h5").toString()},
            new String[] {"--rdf-bin", "0.002", "--rdf-bin", "0.01"}, new String[] {"--bond-max", "0.5", "--bond-bin",
                "1"}, new String[] {"-i", propane.toString()}, new String[] {"--temperature", "1e-320"},
            new String[] {"--temperature", "0"})) {
            List<String> args = new java.util.ArrayList<>(List.of("-i", propane.toString(), "-m", mapping.toString(),
                "-o", dir.resolve("out.h5").toString(), "--cg-output", dir.resolve("cg.h5").toString()));
            args.addAll(List.of(extra));
            io.cgflow.cli.ToolLauncher.Outcome o = Fixtures.reference(args.toArray(new String[0]));
            assertEquals(1, o.exitCode(), String.join(" ", extra) + ": " + o.err());
            String expected = switch (extra[0]) {
                case "--tables" -> "name the same file";
                case "-i" -> "given twice";
                case "--rdf-bin" -> "--rdf-bin is given 2 times";
                case "--bond-max" -> "wider than the bond grid";
                // β = 1/k_BT would be infinite, and 0 K no state at all
                case "--temperature" -> "--temperature must be between 0.001 and 1000000.0, got " + extra[1];
                default -> "does not divide";
            };
            assertTrue(o.err().contains(expected), o.err());
        }
        assertEquals(before, Fixtures.listing(dir), "outputs left behind");
        // widths that divide the range are fine
        io.cgflow.cli.ToolLauncher.Outcome ok = Fixtures.reference("-i", propane.toString(), "-m", mapping.toString(),
            "-o", dir.resolve("ok.h5").toString(), "--angle-bin", "7.5", "--dihedral-bin", "0.5");
        assertEquals(0, ok.exitCode(), ok.err());
    }

    @Test
    void votcaMappingWithUndefinedMap() throws IOException {
        String xml = """
            <cg_molecule><name>propane</name><ident>propane</ident>
              <topology><cg_beads>
                <cg_bead><name>C2</name><type>CH2</type><mapping>B</mapping><beads>1:PRP:C2 1:PRP:H21 1:PRP:H22</beads></cg_bead>
              </cg_beads></topology>
              <maps><map><name>A</name><weights>12 1 1</weights></map></maps>
            </cg_molecule>""";
        assertRejected(propane, xml, "m.xml", List.of(), "m.xml", "bead 'C2'", "mapping 'B' is not defined");
    }

    @Test
    void beadTypeWithAPathIsRefused() throws IOException {
        String text = propaneMapping("[C1, H11, H12, H13]", "").replace("type: CH2", "type: ../../evil");
        assertRejected(propane, text, "m.yaml", List.of(), "m.yaml", "molecules[0].beads[1].type",
            "bead type '../../evil' contains a path separator");
        assertRejected(propane, propaneMapping("[C1, H11, H12, H13]", "").replace("type: CH2", "type: '..'"),
            "m.yaml", List.of(), "molecules[0].beads[1].type", "'..' is not allowed");
    }

    @Test
    void bondedNameWithAPathOrControlCharacterIsRefused() throws IOException {
        assertRejected(propane, propaneMapping("[C1, H11, H12, H13]", "").replace("{name: CCC,", "{name: a/b,"),
            "m.yaml", List.of(), "molecules[0].angles[0].name", "angle name 'a/b' contains a path separator");
        assertRejected(propane, propaneMapping("[C1, H11, H12, H13]", "").replace("{name: CCC,", "{name: \"C\\tC\","),
            "m.yaml", List.of(), "molecules[0].angles[0].name", "control character");
        assertRejected(propane, propaneMapping("[C1, H11, H12, H13]", "").replace("{name: CCC,", "{name: "
            + "A".repeat(65) + ","), "m.yaml", List.of(), "is 65 characters long; at most 64");
    }

    @Test
    void votcaNamesAreCheckedToo() throws IOException {
        String xml = """
            <cg_molecule>
              <name>PRP</name><ident>PRP</ident>
              <topology>
                <cg_beads>
                  <cg_bead><name>C1</name><type>..</type><mapping>A</mapping><beads>1:PRP:C1 1:PRP:H11</beads></cg_bead>
                </cg_beads>
              </topology>
              <maps><map><name>A</name><weights>12 1</weights></map></maps>
            </cg_molecule>""";
        assertRejected(propane, xml, "m.xml", List.of(), "m.xml", "bead 'C1'", "bead type '..'");
    }

    @Test
    void votcaDeclarationsAreRefusedWithTheirLine() throws IOException {
        String xml = """
            <cg_molecule>
              <name>PRP</name><ident>PRP</ident>
              <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
              <topology><cg_beads>
                <cg_bead><name>C2</name><type>CH2</type><mapping>A</mapping><beads>1:PRP:C2</beads></cg_bead>
              </cg_beads></topology>
              <maps><map><name>A</name><weights>12</weights></map></maps>
            </cg_molecule>""";
        assertRejected(propane, xml, "m.xml", List.of(), "m.xml: line 3", "<!DOCTYPE ...> declaration is not allowed");
        assertRejected(propane, "<?xml version=\"1.0\"?>\n<!DOCTYPE cg_molecule>\n" + xml,
            "m.xml", List.of(), "m.xml: line 2", "<!DOCTYPE ...> declaration");
    }

    @Test
    void tableNamesThatCollideAreRefused() throws IOException {
        String text = propaneMapping("[C1, H11, H12, H13]", "").replace(
            "bonds: [{name: CH3-CH2, beads: [C1, C2]}, {name: CH3-CH2, beads: [C2, C3]}]",
            "bonds: [{name: \"C*C\", beads: [C1, C2]}, {name: C_C, beads: [C2, C3]}]");
        assertRejected(propane, text, "m.yaml", List.of(), "--tables", "bond 'C*C' and bond 'C_C'",
            "bond-C_C.tsv");
    }
}
