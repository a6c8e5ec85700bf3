package io.cgflow.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes declared in headers are checked against the file and the structure before anything is
 * allocated for them: each crafted file is refused with a message naming the file, the place and the
 * field, having allocated a few megabytes at most (measured on the reading thread).
 */
class ReaderLimitsTest {
    private static final long ALLOCATION_LIMIT = 32L << 20;

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> oversizedDeclarationsAreRefusedBeforeAllocating() throws IOException {
        return OversizedInputs.write(dir).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            long before = allocated();
            InputException e = assertThrows(InputException.class, () -> readAll(c.file(), c.structure() == null));
            long used = allocated() - before;
            assertTrue(e.getMessage().contains(c.file().toString()), "message names the file: " + e.getMessage());
            for (String expected : c.expected()) {
                assertTrue(e.getMessage().contains(expected), "message should name '" + expected + "': "
                    + e.getMessage());
            }
            assertTrue(used < ALLOCATION_LIMIT, "allocated " + (used >> 20) + " MiB before refusing: " + e.getMessage());
        }));
    }

    @TestFactory
    Stream<DynamicTest> atomCountsAreCheckedAgainstTheStructure() {
        return Stream.of("formats/traj.xtc", "formats/traj.trr", "formats/traj.dcd", "formats/traj.gro",
            "formats/traj.xyz", "formats/lammps/dump-ortho.lammpstrj").map(f -> DynamicTest.dynamicTest(f, () -> {
                Path file = TestData.file(f);
                Trajectories.ReadOptions options = Trajectories.ReadOptions.DEFAULT.withAtomCount(3000);
                InputException e = assertThrows(InputException.class, () -> {
                    try (TrajectoryReader r = Trajectories.open(file, TrajectoryFormat.of(file), options)) {
                        r.next();
                    }
                });
                assertTrue(e.getMessage().contains("but the structure has 3000") && e.getMessage().contains("declares"),
                    e.getMessage());
            }));
    }

    private static void readAll(Path file, boolean structure) {
        if (structure) {
            Trajectories.readStructure(file, Trajectories.ReadOptions.DEFAULT);
            return;
        }
        try (TrajectoryReader r = Trajectories.open(file, TrajectoryFormat.of(file), Trajectories.ReadOptions.DEFAULT)) {
            while (r.next() != null) {
                // read to the end
            }
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

}
