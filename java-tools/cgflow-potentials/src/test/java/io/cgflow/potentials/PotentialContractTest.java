package io.cgflow.potentials;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The potentials of this module under {@link PotentialContract}. */
class PotentialContractTest extends PotentialContract {
    static List<PotentialDefinition> definitions() {
        return List.of(
            Systems.lj(LennardJones.Truncation.CUT, false),
            Systems.lj(LennardJones.Truncation.SHIFT, true),
            Systems.harmonicBond(),
            Systems.harmonicAngle(),
            Systems.tabulatedPair(Table.Boundary.NATURAL, 1),
            Systems.tabulatedPair(Table.Boundary.CLAMPED, 2),
            Systems.tabulatedBond(3),
            Systems.tabulatedAngle(4),
            Systems.tabulatedDihedral(5),
            new CompositePotential("composite", List.of(Systems.lj(LennardJones.Truncation.SHIFT, false),
                Systems.tabulatedBond(6), Systems.harmonicAngle(), Systems.tabulatedDihedral(7))));
    }

    @Override
    protected List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>();
        for (PotentialDefinition d : definitions()) {
            String label = d.name() + (d instanceof TabulatedPair t ? "-" + t.tables().get(0).table().boundary() : "");
            boolean continuous = d instanceof LennardJones lj && lj.truncation() == LennardJones.Truncation.SHIFT;
            subjects.add(new Subject(label, d::evaluator, continuous));
        }
        return subjects;
    }

    /** The continuity check sees the step of a Lennard-Jones potential cut without a shift. */
    @Test
    void continuityCheckCatchesAStepAtTheCutoff() {
        LennardJones cut = Systems.lj(LennardJones.Truncation.CUT, false);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
            () -> check(new Subject("lj-cut", cut::evaluator, true), "ortho"));
        assertTrue(e.getMessage().contains("jumps"), e.getMessage());
    }
}
