package io.cgflow.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a YAML input can be wrong ends in one {@link InputException} that names the file and the place. */
class YamlFilesTest {
    @TempDir
    Path dir;

    @Test
    void plainDataIsRead() throws IOException {
        Path f = Files.writeString(dir.resolve("ok.yaml"), "types:\n  AR: {mass: 39.948}\nlist: [1, 2.5, x]\n");
        Object root = YamlFiles.read(f, "potential file");
        assertEquals(Map.of("types", Map.of("AR", Map.of("mass", 39.948)), "list", List.of(1, 2.5, "x")), root);
        assertEquals(null, YamlFiles.read(Files.writeString(dir.resolve("empty.yaml"), ""), "potential file"));
    }

    /** YAML 1.1's octal, hexadecimal, grouped and sexagesimal numbers, yes/no/on/off and dates would change values silently. */
    @Test
    void scalarsAreTypedByYaml12sCoreSchemaInDecimal() throws IOException {
        Path f = Files.writeString(dir.resolve("s.yaml"), """
            octal: 010
            hex: 0x32
            grouped: 39_948
            sexagesimal: 1:30
            date: 2026-12-01
            int: -42
            big: 12345678901
            float: 1.5e3
            lead: .5
            inf: -.inf
            bool: true
            on: ON
            nothing: ~
            empty:
            ON: 1
            """);
        Map<?, ?> m = (Map<?, ?>) YamlFiles.read(f, "settings file");
        assertEquals(10, m.get("octal"));
        assertEquals("0x32", m.get("hex"));
        assertEquals("39_948", m.get("grouped"));
        assertEquals("1:30", m.get("sexagesimal"));
        assertEquals("2026-12-01", m.get("date"));
        assertEquals(-42, m.get("int"));
        assertEquals(12345678901L, m.get("big"));
        assertEquals(1500.0, m.get("float"));
        assertEquals(0.5, m.get("lead"));
        assertEquals(Double.NEGATIVE_INFINITY, m.get("inf"));
        assertEquals(Boolean.TRUE, m.get("bool"));
        assertEquals("ON", m.get("on"));
        assertTrue(m.containsKey("nothing") && m.get("nothing") == null);
        assertTrue(m.containsKey("empty") && m.get("empty") == null);
        assertEquals(1, m.get("ON"), "a key ON is the name ON, not a boolean");
        Path merged = Files.writeString(dir.resolve("merge.yaml"), "base: &b {mass: 12}\nCH3: {<<: *b, charge: 0}\n");
        assertEquals(Map.of("mass", 12, "charge", 0), ((Map<?, ?>) YamlFiles.read(merged, "settings file")).get("CH3"));
        Path tagged = Files.writeString(dir.resolve("tagged.yaml"), "mass: !!int 0x28\n");
        InputException e = assertThrows(InputException.class, () -> YamlFiles.read(tagged, "settings file"));
        assertTrue(e.getMessage().contains("tagged.yaml") && e.getMessage().contains("'0x28' is not a decimal integer"),
            e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsAnErrorAtItsLine() throws IOException {
        refused("types:\n  AR: {mass: 39.948}\n  AR: {mass: 1.0}\n", "line 3, column 3", "duplicate key AR");
        refused("rdf: {rms: 1}\nrdf: {rms: 2}\n", "line 2", "duplicate key rdf");
        refused("a: {x: 1, x: 2}\n", "line 1", "duplicate key x");
    }

    @Test
    void syntaxErrorsNameTheLineAndColumn() throws IOException {
        refused("types:\n  AR: {mass: 39.948\nkey: 1\n", "line 3", "not valid YAML");
        refused("a: [1, 2\n", "line 2", "not valid YAML");
    }

    @Test
    void binaryFilesFoldersMissingFilesAndObjectTagsAreRefused() throws IOException {
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        InputException e = assertThrows(InputException.class, () -> YamlFiles.read(binary, "potential file"));
        assertTrue(e.getMessage().contains("binary.yaml") && e.getMessage().contains("not UTF-8 text"), e.getMessage());
        Path nul = Files.write(dir.resolve("nul.yaml"), new byte[] {'a', ':', ' ', 0, '\n'});
        e = assertThrows(InputException.class, () -> YamlFiles.read(nul, "potential file"));
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        Path folder = Files.createDirectory(dir.resolve("folder.yaml"));
        e = assertThrows(InputException.class, () -> YamlFiles.read(folder, "mapping file"));
        assertTrue(e.getMessage().contains("is a folder, not a mapping file"), e.getMessage());
        e = assertThrows(InputException.class, () -> YamlFiles.read(dir.resolve("missing.yaml"), "mapping file"));
        assertTrue(e.getMessage().contains("missing.yaml: mapping file not found"), e.getMessage());
        refused("a: !!java.io.File [x]\n", "not valid YAML");
    }

    @Test
    void aliasBombsAreRefused() throws IOException {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int k = 1; k < 12; k++) {
            bomb.append("a").append(k).append(": &a").append(k).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j > 0 ? ", " : "").append("*a").append(k - 1);
            }
            bomb.append("]\n");
        }
        refused(bomb.toString(), "not valid YAML");
    }

    private void refused(String text, String... expected) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.yaml"), text);
        InputException e = assertThrows(InputException.class, () -> YamlFiles.read(f, "potential file"));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        for (String x : expected) {
            assertTrue(e.getMessage().contains(x), "'" + x + "' in: " + e.getMessage());
        }
    }
}
