package io.cgflow.io.h5md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.TestData;
import io.cgflow.io.trajectory.Structure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * H5MD in the layouts of other writers (test-data/scripts/make-h5md-variants.py): coordinates follow
 * x = 0.1 (i + 1) + 0.01 k + 0.001 d nm for particle i, frame k, dimension d.
 */
class H5mdForeignLayoutTest {
    private static Path variant(String name) {
        return TestData.file("formats/h5md/" + name + ".h5md");
    }

    private static List<Frame> frames(H5mdReader r) {
        List<Frame> out = new ArrayList<>();
        for (Frame f = r.next(); f != null; f = r.next()) {
            out.add(f);
        }
        return out;
    }

    private static void assertCoordinates(List<Frame> frames, int atoms) {
        for (int k = 0; k < frames.size(); k++) {
            float[] x = frames.get(k).positions();
            assertEquals(3 * atoms, x.length);
            for (int i = 0; i < atoms; i++) {
                for (int d = 0; d < 3; d++) {
                    assertEquals(0.1 * (i + 1) + 0.01 * k + 0.001 * d, x[3 * i + d], 2e-6, "frame " + k + " atom " + i);
                }
            }
        }
    }

    private static void assertDiagonal(Box box, double a, double b, double c) {
        double[] expected = {a, 0, 0, 0, b, 0, 0, 0, c};
        for (int i = 0; i < 9; i++) {
            assertEquals(expected[i], box.get(i / 3, i % 3), 1e-6, "box element " + i);
        }
    }

    @Test
    void fixedIntervalStepAndTimeWithOffsets() {
        try (H5mdReader r = new H5mdReader(variant("fixed-interval"))) {
            List<Frame> f = frames(r);
            assertEquals(4, f.size());
            for (int k = 0; k < 4; k++) {
                assertEquals(1000 + 100L * k, f.get(k).step());
                assertEquals((2.0 + 0.5 * k) * 1e-3, f.get(k).time(), 1e-12);
                assertDiagonal(f.get(k).box(), 3, 3, 3);
            }
            assertCoordinates(f, 4);
        }
    }

    @Test
    void speciesAsIntegersWithoutMassOrTopology() {
        try (H5mdReader r = new H5mdReader(variant("fixed-interval"))) {
            Structure s = r.structure();
            Topology t = s.topology();
            assertEquals(4, t.size());
            assertEquals(2, t.speciesNames().size());
            assertEquals(t.species()[0], t.species()[1]);
            assertTrue(t.species()[1] != t.species()[2]);
            assertEquals(0.0, t.atom(0).mass());
            assertDiagonal(s.box(), 3, 3, 3);
            assertEquals(2, r.cgTopology().types().size());
        }
    }

    @Test
    void boxSampledAtItsOwnStepsGivesTheLatestAtOrBeforeEachFrame() {
        try (H5mdReader r = new H5mdReader(variant("box-own-steps"))) {
            List<Frame> f = frames(r);
            double[] expected = {3.0, 3.0, 3.1, 3.2, 3.2}; // box steps 0, 15, 30 for frame steps 0..40
            for (int k = 0; k < 5; k++) {
                assertEquals(10L * k, f.get(k).step());
                assertEquals(0.02 * k, f.get(k).time(), 1e-12);
                assertDiagonal(f.get(k).box(), expected[k], expected[k], expected[k]);
                assertDiagonal(r.boxes().get(k), expected[k], expected[k], expected[k]);
            }
            assertCoordinates(f, 4); // written in pm
            assertEquals(39.948, r.structure().topology().atom(2).mass(), 1e-5);
        }
    }

    @Test
    void boundaryNoneHasNoBox() {
        try (H5mdReader r = new H5mdReader(variant("boundary-none"))) {
            assertFalse(r.periodic());
            List<Frame> f = frames(r);
            assertEquals(3, f.size());
            f.forEach(frame -> assertNull(frame.box()));
            assertNull(r.structure().box());
            assertEquals(1, r.structure().topology().speciesNames().size());
            assertCoordinates(f, 4);
        }
    }

    @Test
    void lammpsLayoutWithVectorEdgesAndTimeDependentSpecies() {
        try (H5mdReader r = new H5mdReader(variant("lammps-like"))) {
            assertTrue(r.periodic());
            List<Frame> f = frames(r);
            assertEquals(List.of(0L, 500L, 1000L), f.stream().map(Frame::step).toList());
            f.forEach(frame -> assertDiagonal(frame.box(), 2.5, 2.6, 2.7));
            assertCoordinates(f, 4);
            Topology t = r.structure().topology();
            assertEquals(2, t.speciesNames().size());
            assertEquals(t.species()[0], t.species()[2]);
            assertTrue(t.species()[0] != t.species()[1]);
        }
    }

    @Test
    void gromacsLayoutWithFixedLengthUnitsAndAnotherGroupName() {
        try (H5mdReader r = new H5mdReader(variant("gromacs-like"))) {
            List<Frame> f = frames(r);
            assertEquals(List.of(0L, 5000L), f.stream().map(Frame::step).toList());
            assertEquals(10.0, f.get(1).time(), 1e-12);
            f.forEach(frame -> assertDiagonal(frame.box(), 2, 2, 2));
            assertCoordinates(f, 4);
            assertEquals(14.027, r.structure().topology().atom(3).mass(), 1e-5);
        }
    }

    @Test
    void mdanalysisFileGivesAStructureOfItsOwn() {
        try (H5mdReader r = new H5mdReader(TestData.file("formats/traj-mda.h5md"))) {
            Structure s = r.structure();
            assertEquals(246, s.topology().size());
            assertDiagonal(Box.ofMatrix(new double[] {s.box().get(0, 0), 0, 0, 0, s.box().get(1, 1), 0, 0, 0,
                s.box().get(2, 2)}), 1.5, 1.49429, 1.3928);
            assertEquals(10, frames(r).size());
        }
    }
}
