package io.cgflow.potentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A dihedral whose bending angle nears 180°: the energy switches smoothly to the φ-average of the table, forces stay
 * −∇E and finite, ∂E/∂θ stays exact, and nothing changes while the angles are further than 10° from straight.
 */
class CollinearDihedralTest {
    private static final Box BOX = Box.orthorhombic(4, 4, 4);
    private static final double L = 0.38;

    private static final CgTopology TOP = new CgTopology(List.of("A"), new int[4], new int[4], new String[4],
        new double[4], List.of(), List.of(), List.of(new CgTopology.Bonded("D1", new int[] {0, 1, 2, 3})), Set.of());

    /** 5 (1 + cos(φ − 30°)) + noise on 36 points, as in the contract tests. */
    private static final TabulatedBonded TABLE = Systems.tabulatedDihedral(5);

    /** Beads i, j, k, l with bonds L, bending angles θ1 at j and θ2 at k (degrees), rotation ψ of l about j–k. */
    static double[] chain(double theta1, double theta2, double psi) {
        double t1 = Math.toRadians(theta1);
        double t2 = Math.toRadians(theta2);
        double p = Math.toRadians(psi);
        double o = 2;
        return new double[] {o + L * Math.cos(t1), o + L * Math.sin(t1), o, o, o, o, o + L, o, o,
            o + L - L * Math.cos(t2), o + L * Math.sin(t2) * Math.cos(p), o + L * Math.sin(t2) * Math.sin(p)};
    }

    private static Evaluation evaluate(Potential p, double[] x, Request request) {
        NeighbourList list = new NeighbourList(4, 1.0, 0.1, NeighbourList.Kind.HALF, Exclusions.none(4));
        Evaluation out = new Evaluation(4, p.parameterCount());
        p.evaluate(x, BOX, list, request, out);
        return out;
    }

    @ParameterizedTest
    @CsvSource({"175, 120, 70", "178.5, 172, -100", "171, 176, 150", "7, 120, 40"})
    void forcesVirialAndParameterGradientNearAStraightAngle(double theta1, double theta2, double psi) {
        Potential p = TABLE.evaluator(TOP);
        double[] x = chain(theta1, theta2, psi);
        Evaluation all = evaluate(p, x, Request.ALL);
        double[] f = all.forces();
        double scale = 1;
        for (double v : f) {
            scale = Math.max(scale, Math.abs(v));
        }
        double h = 1e-7;
        for (int c = 0; c < x.length; c++) {
            double keep = x[c];
            x[c] = keep + h;
            double plus = evaluate(p, x, Request.ENERGY).energy();
            x[c] = keep - h;
            double minus = evaluate(p, x, Request.ENERGY).energy();
            x[c] = keep;
            assertEquals(-(plus - minus) / (2 * h), f[c], 1e-5 * scale, "force component " + c);
        }
        double[] sum = new double[3];
        for (int c = 0; c < x.length; c++) {
            sum[c % 3] += f[c];
        }
        for (double s : sum) {
            assertEquals(0, s, 1e-9 * scale, "total force");
        }
        double[] w = all.virial();
        double lam = 1e-7;
        double[] up = x.clone();
        double[] down = x.clone();
        for (int c = 0; c < x.length; c++) {
            up[c] *= 1 + lam;
            down[c] *= 1 - lam;
        }
        double v0 = BOX.volume();
        double dEdV = (evaluate(p, up, Request.ENERGY).energy() - evaluate(p, down, Request.ENERGY).energy())
            / (v0 * (Math.pow(1 + lam, 3) - Math.pow(1 - lam, 3)));
        assertEquals(-dEdV, (w[0] + w[4] + w[8]) / (3 * v0), 1e-5 * scale / v0, "pressure");
        double[] theta = p.parameters();
        double[] grad = all.parameterGradient();
        for (int k = 0; k < theta.length; k++) {
            double[] tp = theta.clone();
            tp[k] += 1e-5;
            p.setParameters(tp);
            double plus = evaluate(p, x, Request.ENERGY).energy();
            tp[k] -= 2e-5;
            p.setParameters(tp);
            double minus = evaluate(p, x, Request.ENERGY).energy();
            p.setParameters(theta);
            assertEquals((plus - minus) / 2e-5, grad[k], 1e-6, "∂E/∂θ_" + k);
        }
    }

    @Test
    void forcesStayBoundedAsTheAngleStraightensAndTheEnergyTendsToTheAverage() {
        Potential p = TABLE.evaluator(TOP);
        double mean = 0;
        for (double v : p.parameters()) {
            mean += v / p.parameterCount();
        }
        double largest = 0;
        for (double theta1 : new double[] {170, 175, 178, 179.5, 179.9, 179.99, 179.999}) {
            Evaluation out = evaluate(p, chain(theta1, 115, 70), Request.ALL);
            for (double v : out.forces()) {
                assertTrue(Double.isFinite(v), "finite force at " + theta1 + "°");
                largest = Math.max(largest, Math.abs(v));
            }
        }
        // 5 kJ/mol over a radian and 0.38 nm bonds: tens of kJ/mol/nm, not the 1/sin θ growth of an unswitched term
        assertTrue(largest < 500, "largest force component " + largest);
        double straight = evaluate(p, chain(179.999, 115, 70), Request.ENERGY).energy();
        assertEquals(mean, straight, 1e-6, "a straight angle leaves the φ-average");
    }

    @Test
    void awayFromStraightAnglesTheTableIsUnchanged() {
        Potential p = TABLE.evaluator(TOP);
        Table table = TABLE.tables().get(0).table();
        TableSpline spline = new TableSpline(table);
        for (double theta1 : new double[] {40, 100, 169.9}) {
            double[] x = chain(theta1, 110, 70);
            double e = evaluate(p, x, Request.ENERGY).energy();
            double phi = BondedGeometryOracle.dihedral(x);
            assertEquals(spline.value(phi), e, 1e-9, "θ1 = " + theta1);
        }
        // continuous where the switch starts (170°)
        double below = evaluate(p, chain(170 - 1e-6, 110, 70), Request.ENERGY).energy();
        double above = evaluate(p, chain(170 + 1e-6, 110, 70), Request.ENERGY).energy();
        assertEquals(below, above, 1e-6);
    }

    /** The IUPAC dihedral of four beads in degrees, computed independently of the evaluator. */
    private static final class BondedGeometryOracle {
        static double dihedral(double[] x) {
            double[] b1 = sub(x, 1, 0);
            double[] b2 = sub(x, 2, 1);
            double[] b3 = sub(x, 3, 2);
            double[] n1 = cross(b1, b2);
            double[] n2 = cross(b2, b3);
            double[] m1 = cross(n1, unit(b2));
            return Math.toDegrees(Math.atan2(dot(m1, n2), dot(n1, n2))) * -1;
        }

        private static double[] sub(double[] x, int i, int j) {
            return new double[] {x[3 * i] - x[3 * j], x[3 * i + 1] - x[3 * j + 1], x[3 * i + 2] - x[3 * j + 2]};
        }

        private static double[] cross(double[] u, double[] v) {
            return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
        }

        private static double dot(double[] u, double[] v) {
            return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
        }

        private static double[] unit(double[] u) {
            double r = Math.sqrt(dot(u, u));
            return new double[] {u[0] / r, u[1] / r, u[2] / r};
        }
    }
}
