package io.cgflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import org.junit.jupiter.api.Test;

/** Bond lengths, angles and dihedrals on known geometries, across periodic boundaries. */
class BondedGeometryTest {
    private final PeriodicCell cell = new PeriodicCell(Box.fromLengthsAndAngles(3, 3, 3, 80, 85, 75));

    @Test
    void dihedralFollowsIupacSign() {
        for (double phi = -170; phi <= 180; phi += 10) {
            double r = Math.toRadians(phi);
            float[] x = {1, 0, 0, 0, 0, 0, 0, 0, 1, (float) Math.cos(r), (float) Math.sin(r), 1};
            assertEquals(phi, BondedGeometry.dihedral(x, 0, 1, 2, 3, cell), 1e-4, "dihedral " + phi);
        }
    }

    @Test
    void angleAndLengthAcrossTheBoundary() {
        // bead 0 near the origin, bead 1 one box vector away: they are 0.1 nm apart through the boundary
        double ax = cell.get(0, 0);
        float[] x = {0.05f, 0, 0, (float) (ax - 0.05), 0, 0, 0.05f, 0.2f, 0};
        assertEquals(0.1, BondedGeometry.length(x, 0, 1, cell), 1e-6);
        assertEquals(90.0, BondedGeometry.angle(x, 1, 0, 2, cell), 1e-4);
    }
}
