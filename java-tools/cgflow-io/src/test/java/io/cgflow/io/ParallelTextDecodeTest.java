package io.cgflow.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.frame.Frame;
import io.cgflow.io.trajectory.LammpsUnits;
import io.cgflow.io.trajectory.RawFrameSource;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Text readers split frames on the reading thread and decode them independently: decoding the raw
 * records in any order (here backwards, after skipping the first frame, which then no longer sets the
 * atom order of a shuffled dump) gives the frames a sequential read gives.
 */
class ParallelTextDecodeTest {
    private static final Trajectories.ReadOptions OPTIONS = new Trajectories.ReadOptions(LammpsUnits.REAL, 0.005);

    @TestFactory
    Stream<DynamicTest> rawRecordsDecodeInAnyOrder() {
        return Stream.of("formats/lammps/dump-shuffled.lammpstrj", "formats/lammps/dump-scaled.lammpstrj",
            "formats/traj.gro", "formats/traj-ndec5.gro", "formats/traj.xyz").map(name ->
            DynamicTest.dynamicTest(name, () -> {
                Path file = TestData.file(name);
                List<Frame> sequential = new ArrayList<>();
                try (TrajectoryReader r = Trajectories.open(file, TrajectoryFormat.of(file), OPTIONS)) {
                    for (Frame f = r.next(); f != null; f = r.next()) {
                        sequential.add(f);
                    }
                }
                List<Object> raws = new ArrayList<>();
                try (TrajectoryReader r = Trajectories.open(file, TrajectoryFormat.of(file), OPTIONS)) {
                    assertTrue(r instanceof RawFrameSource, name + " decodes on several threads");
                    RawFrameSource source = (RawFrameSource) r;
                    assertTrue(r.skip());
                    for (Object raw = source.nextRaw(); raw != null; raw = source.nextRaw()) {
                        raws.add(raw);
                    }
                    assertEquals(sequential.size() - 1, raws.size());
                    for (int k = raws.size() - 1; k >= 0; k--) {
                        Frame f = source.decode(raws.get(k));
                        Frame expected = sequential.get(k + 1);
                        assertArrayEquals(expected.positions(), f.positions(), 0f, "frame " + (k + 1));
                        assertEquals(expected.step(), f.step());
                        assertEquals(expected.time(), f.time());
                        assertArrayEquals(expected.box().matrix(), f.box().matrix(), 0.0);
                    }
                }
            }));
    }
}
