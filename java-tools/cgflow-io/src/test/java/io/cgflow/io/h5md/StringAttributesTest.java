package io.cgflow.io.h5md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Topology;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.VariableLength;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every string attribute of cgflow's H5MD is a variable-length UTF-8 string (what h5py returns as str and
 * MDAnalysis needs for {@code unit}), with the same bytes for the same input.
 */
class StringAttributesTest {
    @TempDir
    Path dir;

    private Path write(String name) {
        List<Atom> atoms = List.of(new Atom("OW", "SOL", 1, "O", "", 15.999), new Atom("HW1", "SOL", 1, "H", "", 1.008));
        List<Frame> frames = List.of(
            new Frame(0, 0.0, Box.orthorhombic(2, 2, 2), new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}),
            new Frame(10, 0.02, Box.orthorhombic(2, 2, 2), new float[] {0.2f, 0.2f, 0.3f, 0.4f, 0.5f, 0.7f}));
        Path file = dir.resolve(name);
        H5mdWriter.write(file, new Topology(atoms), null, frames,
            new Provenance("cgflow-test", "1.2", "cgflow-test -o ünïcode.h5", List.of()),
            new H5mdWriter.ShardInfo(0, 0), new H5mdWriter.Options(4, "cgflow-test", "1.2", 1));
        return file;
    }

    private static void collect(Node node, Map<String, Attribute> out) {
        node.getAttributes().forEach((k, v) -> out.put(node.getPath() + "@" + k, v));
        if (node instanceof Group g) {
            g.getChildren().values().forEach(c -> collect(c, out));
        }
    }

    @Test
    void stringAttributesAreVariableLength() {
        Path file = write("a.h5");
        Map<String, Attribute> attributes = new TreeMap<>();
        try (HdfFile h5 = new HdfFile(file)) {
            collect(h5, attributes);
            int strings = 0;
            for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
                if (e.getValue().getJavaType() != String.class || e.getKey().endsWith("@_jHDF")) {
                    continue;
                }
                strings++;
                assertInstanceOf(VariableLength.class, e.getValue().getDataType(), e.getKey());
                assertTrue(((VariableLength) e.getValue().getDataType()).isVariableLengthString(), e.getKey());
            }
            assertTrue(strings >= 11, "string attributes: " + attributes.keySet());
            assertEquals("nm", h5.getDatasetByPath("/particles/all/position/value").getAttribute("unit").getData());
            assertEquals("ps", h5.getDatasetByPath("/particles/all/box/edges/time").getAttribute("unit").getData());
            assertArrayEquals(new String[] {"periodic", "periodic", "periodic"},
                (String[]) ((Group) h5.getByPath("/particles/all/box")).getAttribute("boundary").getData());
            assertEquals("cgflow-test -o ünïcode.h5", ProvenanceGroup.read((Group) h5.getByPath("/parameters/provenance"))
                .commandLine());
        }
        try (H5mdReader r = new H5mdReader(file)) {
            assertEquals(2, r.frameCount());
            assertEquals(0.6f, r.next().positions()[5], 1e-6);
        }
    }

    /**
     * The global heap collection follows the HDF5 layout to the byte: object 0 (the free space) records the space
     * left in the collection including its own 16-byte header. A size 8 bytes short passes HDF5 1.10 and is read
     * as a second object 0 by HDF5 2.0, which then refuses every string of the file.
     */
    @Test
    void theHeapsFreeSpaceFillsTheCollectionExactly() throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(write("heap.h5")))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] all = b.array();
        int start = -1;
        for (int i = 0; i + 4 <= all.length; i++) {
            if (all[i] == 'G' && all[i + 1] == 'C' && all[i + 2] == 'O' && all[i + 3] == 'L') {
                start = i;
            }
        }
        assertTrue(start >= 0, "a global heap collection");
        long size = b.getLong(start + 8);
        assertTrue(start + size <= all.length, "the collection lies inside the file");
        int p = start + 16;
        int objects = 0;
        while (b.getShort(p) != 0) {
            long n = b.getLong(p + 8);
            p += 16 + (int) ((n + 7) & ~7L);
            objects++;
        }
        assertTrue(objects >= 11, "one object per string: " + objects);
        assertEquals(size - (p - start), b.getLong(p + 8), "free-space object size");
    }

    @Test
    void sameInputSameBytes() throws IOException {
        assertArrayEquals(Files.readAllBytes(write("a.h5")), Files.readAllBytes(write("b.h5")));
    }
}
