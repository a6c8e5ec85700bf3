package io.cgflow.io.h5md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StringColumnDatasetTest {
    @TempDir
    Path dir;

    private static final String[] NAMES = {"OW", "HW1", "HW2", "OW", "HW1", "HW2", "C1A", "Å", "NA+", "OW", ""};
    private static final String[] FEW = {"bond"};

    private Path write(String file, boolean ours) {
        Path path = dir.resolve(file);
        try (WritableHdfFile h5 = HdfFile.write(path)) {
            WritableGroup g = h5.putGroup("parameters").putGroup("topology");
            if (ours) {
                StringColumnDataset.put(g, "atom_names", NAMES);
                StringColumnDataset.put(g, "bond_types", FEW);
            } else {
                g.putDataset("atom_names", NAMES);
                g.putDataset("bond_types", FEW);
            }
            g.putDataset("residue_ids", new int[] {1, 1, 1, 2});
        }
        return path;
    }

    @Test
    void writesTheBytesJhdfWritesForAStringArray() throws IOException {
        byte[] jhdf = Files.readAllBytes(write("jhdf.h5", false));
        byte[] ours = Files.readAllBytes(write("ours.h5", true));
        assertArrayEquals(jhdf, ours);
        try (HdfFile in = new HdfFile(dir.resolve("ours.h5"))) {
            assertArrayEquals(NAMES, (String[]) in.getDatasetByPath("/parameters/topology/atom_names").getData());
            assertArrayEquals(FEW, (String[]) in.getDatasetByPath("/parameters/topology/bond_types").getData());
        }
    }
}
