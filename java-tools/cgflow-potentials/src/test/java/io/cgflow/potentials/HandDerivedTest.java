package io.cgflow.potentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Energies and forces of two to four beads, worked out by hand. */
class HandDerivedTest {
    private static final Box BOX = Box.orthorhombic(3, 3, 3);

    static CgTopology beads(int n, List<CgTopology.Bonded> bonds, List<CgTopology.Bonded> angles,
                            List<CgTopology.Bonded> dihedrals) {
        int[] molecule = new int[n];
        return new CgTopology(List.of("A"), new int[n], molecule, new String[n], new double[n], bonds, angles, dihedrals,
            Set.of());
    }

    static Evaluation run(PotentialDefinition d, CgTopology top, double[] x) {
        Potential p = d.evaluator(top);
        NeighbourList list = new NeighbourList(top.size(), 1.0, 0.1, NeighbourList.Kind.HALF, Exclusions.none(top.size()));
        Evaluation out = new Evaluation(top.size(), p.parameterCount());
        p.evaluate(x, BOX, list, Request.ALL, out);
        return out;
    }

    static void assertForce(Evaluation out, int i, double fx, double fy, double fz) {
        assertEquals(fx, out.forces()[3 * i], 1e-9, "F_x of " + i);
        assertEquals(fy, out.forces()[3 * i + 1], 1e-9, "F_y of " + i);
        assertEquals(fz, out.forces()[3 * i + 2], 1e-9, "F_z of " + i);
    }

    @Test
    void lennardJonesPairAcrossTheBoundary() {
        // beads 0.4 nm apart through the periodic boundary along x
        double[] x = {0.1, 1, 1, 2.7, 1, 1};
        double s = 0.34;
        double r = 0.4;
        double e = 4 * 1.5 * (Math.pow(s / r, 12) - Math.pow(s / r, 6));
        double dudr = 4 * 1.5 * (-12 * Math.pow(s / r, 12) + 6 * Math.pow(s / r, 6)) / r;
        for (LennardJones.Truncation t : LennardJones.Truncation.values()) {
            LennardJones lj = new LennardJones("lj", List.of(new LennardJones.Parameters(TypePair.of("A", "A"), s, 1.5)),
                1.0, t, false);
            Evaluation out = run(lj, beads(2, List.of(), List.of(), List.of()), x);
            double shift = t == LennardJones.Truncation.SHIFT ? 4 * 1.5 * (Math.pow(s, 12) - Math.pow(s, 6)) : 0;
            assertEquals(e - shift, out.energy(Term.PAIR), 1e-12);
            // j = 1 sits at −0.4 nm from 0 (minimum image): the force on j is −du/dr along −x
            assertForce(out, 1, dudr, 0, 0);
            assertForce(out, 0, -dudr, 0, 0);
            assertEquals(-dudr * r, out.virial()[0], 1e-9, "W_xx = d·F_j");
        }
    }

    @Test
    void shiftedEnergyIsContinuousAtTheCutoff() {
        LennardJones lj = new LennardJones("lj", List.of(new LennardJones.Parameters(TypePair.of("A", "A"), 0.34, 1.5)),
            1.0, LennardJones.Truncation.SHIFT, false);
        double inside = run(lj, beads(2, List.of(), List.of(), List.of()), new double[] {1, 1, 1, 1.999999999, 1, 1})
            .energy();
        double outside = run(lj, beads(2, List.of(), List.of(), List.of()), new double[] {1, 1, 1, 2.000000001, 1, 1})
            .energy();
        assertEquals(0, inside, 1e-9);
        assertEquals(0, outside, 0);
    }

    @Test
    void tailCorrectionOfOneType() {
        LennardJones lj = new LennardJones("lj", List.of(new LennardJones.Parameters(TypePair.of("A", "A"), 0.34, 1.5)),
            1.0, LennardJones.Truncation.CUT, true);
        Evaluation out = run(lj, beads(2, List.of(), List.of(), List.of()), new double[] {0, 0, 0, 1.5, 0, 0});
        double v = 27;
        double rho = 2 / v;
        double s3 = Math.pow(0.34 / 1.0, 3);
        double s9 = s3 * s3 * s3;
        // per particle: 8/3 π ρ ε σ³ [⅓(σ/rc)⁹ − (σ/rc)³]
        assertEquals(2 * 8.0 / 3 * Math.PI * rho * 1.5 * Math.pow(0.34, 3) * (s9 / 3 - s3), out.tailEnergy(), 1e-12);
        assertEquals(16.0 / 3 * Math.PI * rho * rho * 1.5 * Math.pow(0.34, 3) * (2.0 / 3 * s9 - s3), out.tailPressure(),
            1e-12);
        assertEquals(0, out.energy(), 0, "beyond the cut-off, and the tail is apart");
    }

    @Test
    void harmonicBond() {
        CgTopology top = beads(2, List.of(new CgTopology.Bonded("b", new int[] {0, 1})), List.of(), List.of());
        Evaluation out = run(new HarmonicBond("hb", List.of(new HarmonicBond.Parameters("b", 1000, 0.4))), top,
            new double[] {1, 1, 1, 1.5, 1, 1});
        assertEquals(5, out.energy(Term.BOND), 1e-12);
        assertForce(out, 1, -100, 0, 0);
        assertForce(out, 0, 100, 0, 0);
        assertEquals(-50, out.virial()[0], 1e-12);
        assertEquals(0.5 * 0.01, out.parameterGradient()[0], 1e-12, "∂E/∂k = ½(b − b0)²");
        assertEquals(-1000 * 0.1, out.parameterGradient()[1], 1e-12, "∂E/∂b0 = −k(b − b0)");
    }

    @Test
    void harmonicAngle() {
        // θ = 90° at bead 1; θ0 = 100°: E = ½ k (10°)², the force opens the angle
        CgTopology top = beads(3, List.of(), List.of(new CgTopology.Bonded("a", new int[] {0, 1, 2})), List.of());
        Evaluation out = run(new HarmonicAngle("ha", List.of(new HarmonicAngle.Parameters("a", 100, 100))), top,
            new double[] {1.4, 1, 1, 1, 1, 1, 1, 1.4, 1});
        double dev = Math.toRadians(-10);
        assertEquals(0.5 * 100 * dev * dev, out.energy(Term.ANGLE), 1e-12);
        double f = 100 * dev / 0.4; // |dE/dθ| / r, pointing away from the other arm
        assertForce(out, 0, 0, f, 0);
        assertForce(out, 2, f, 0, 0);
        assertForce(out, 1, -f, -f, 0);
    }

    @Test
    void tabulatedPairOfALinearFunctionIsExact() {
        // a natural spline reproduces a straight line: u = 2 − 3r
        double[] e = new double[81];
        for (int k = 0; k < e.length; k++) {
            e[k] = 2 - 3 * (0.2 + 0.01 * k);
        }
        TabulatedPair tp = new TabulatedPair("tp", List.of(new TabulatedPair.Entry(TypePair.of("A", "A"),
            Table.natural("A-A", 0.2, 0.01, e))), 1.0);
        Evaluation out = run(tp, beads(2, List.of(), List.of(), List.of()), new double[] {1, 1, 1, 1, 1.5, 1});
        assertEquals(0.5, out.energy(), 1e-12);
        assertForce(out, 1, 0, 3, 0);
        assertForce(out, 0, 0, -3, 0);
        // ∂E/∂y: the line's value at 0.5 depends on the two points around it only (M = 0 stays 0 for a line)
        double sum = 0;
        for (double g : out.parameterGradient()) {
            sum += g;
        }
        assertEquals(1, sum, 1e-12, "a spline reproduces constants: Σ ∂S/∂y_k = 1");
    }

    @Test
    void clampedBondTableOfAParabolaIsExact() {
        double[] e = new double[61];
        for (int k = 0; k < e.length; k++) {
            double b = 0.2 + 0.01 * k;
            e[k] = 50 * (b - 0.3) * (b - 0.3);
        }
        Table table = new Table("b", 0.2, 0.01, e, Table.Boundary.CLAMPED, 100 * (0.2 - 0.3), 100 * (0.8 - 0.3));
        CgTopology top = beads(2, List.of(new CgTopology.Bonded("b", new int[] {0, 1})), List.of(), List.of());
        Evaluation out = run(new TabulatedBonded("tb", BondedKind.BOND, List.of(new TabulatedBonded.Entry("b", table))),
            top, new double[] {1, 1, 1, 1, 1, 1.47});
        assertEquals(50 * 0.17 * 0.17, out.energy(Term.BOND), 1e-12);
        assertForce(out, 1, 0, 0, -17);
    }

    @Test
    void dihedralFollowsTheIupacSign() {
        // b2 along x; i at +y from j; l at angle φ from +y about x: cis 0°, trans 180°, φ > 0 clockwise
        double[] e = new double[180];
        for (int k = 0; k < e.length; k++) {
            e[k] = 2 + Math.sin(Math.toRadians(-180 + 2 * k));
        }
        Table table = new Table("d", -180, 2, e, Table.Boundary.PERIODIC, 0, 0);
        CgTopology top = beads(4, List.of(), List.of(), List.of(new CgTopology.Bonded("d", new int[] {0, 1, 2, 3})));
        TabulatedBonded td = new TabulatedBonded("td", BondedKind.DIHEDRAL, List.of(new TabulatedBonded.Entry("d", table)));
        for (double phi : new double[] {60, -60}) {
            double p = Math.toRadians(phi);
            double[] x = {1, 1.4, 1, 1, 1, 1, 1.4, 1, 1, 1.4, 1 + 0.4 * Math.cos(p), 1 + 0.4 * Math.sin(p)};
            Evaluation out = run(td, top, x);
            assertEquals(2 + Math.sin(p), out.energy(Term.DIHEDRAL), 1e-6);
            // F_l = −dE/dφ ∂φ/∂x_l, ∂φ/∂x_l = (0, −sin φ, cos φ)/0.4
            double g = Math.cos(p) / 0.4;
            assertEquals(g * Math.sin(p), out.forces()[10], 1e-5);
            assertEquals(-g * Math.cos(p), out.forces()[11], 1e-5);
        }
    }

    @Test
    void distanceBelowATableIsAnErrorNamingTableAndDistance() {
        TabulatedPair tp = new TabulatedPair("tp", List.of(new TabulatedPair.Entry(TypePair.of("A", "A"),
            Table.natural("A-A", 0.3, 0.01, new double[71]))), 1.0);
        TableRangeException e = assertThrows(TableRangeException.class,
            () -> run(tp, beads(2, List.of(), List.of(), List.of()), new double[] {1, 1, 1, 1.25, 1, 1}));
        assertTrue(e.getMessage().contains("A-A") && e.getMessage().contains("0.25"), e.getMessage());
    }

    @Test
    void tablesAreContinuousWithTheirDerivativesAtGridPoints() {
        java.util.Random rnd = new java.util.Random(3);
        for (Table.Boundary b : Table.Boundary.values()) {
            double[] e = new double[36];
            for (int k = 0; k < e.length; k++) {
                e[k] = rnd.nextGaussian();
            }
            CubicSpline s = new CubicSpline(new Table("t", -180, 10, e, b, 0.3, -0.2));
            double[] d1 = new double[1];
            double[] d2 = new double[1];
            for (int k = 1; k < e.length - 1; k++) {
                double xk = -180 + 10 * k;
                assertEquals(e[k], s.evaluate(xk, d1), 1e-12, b + ": passes through the table");
                double left = s.evaluate(xk - 1e-9, d1);
                double right = s.evaluate(xk + 1e-9, d2);
                assertEquals(left, right, 1e-8, b + ": value at point " + k);
                assertEquals(d1[0], d2[0], 1e-8, b + ": slope at point " + k);
            }
            if (b == Table.Boundary.CLAMPED) {
                s.evaluate(-180, d1);
                assertEquals(0.3, d1[0], 1e-12);
            }
            if (b == Table.Boundary.PERIODIC) {
                double left = s.evaluate(180 - 1e-9, d1);
                double right = s.evaluate(-180 + 1e-9, d2);
                assertEquals(left, right, 1e-8, "periodic value");
                assertEquals(d1[0], d2[0], 1e-8, "periodic slope");
            }
        }
    }

    @Test
    void definitionsRefuseBadParametersWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LennardJones("solvent",
            List.of(new LennardJones.Parameters(TypePair.of("A", "A"), -1, 1)), 1.0, LennardJones.Truncation.CUT, false));
        assertTrue(e.getMessage().startsWith("solvent: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TabulatedPair("ww", List.of(new TabulatedPair.Entry(
            TypePair.of("A", "A"), Table.natural("A-A", 0.2, 0.01, new double[50]))), 1.0));
        assertTrue(e.getMessage().startsWith("ww: ") && e.getMessage().contains("before the cut-off"), e.getMessage());
    }
}
