package io.cgflow.potentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, every potential: forces are −∇E, Newton's third law, translation invariance, the virial
 * is the strain derivative of E, and ∂E/∂θ matches finite differences — on random chains in orthorhombic
 * and triclinic boxes.
 */
class PotentialContractTest {
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

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (PotentialDefinition d : definitions()) {
            for (String box : List.of("ortho", "triclinic")) {
                cases.add(Arguments.of(d.name() + (d instanceof TabulatedPair t
                    ? "-" + t.tables().get(0).table().boundary() : ""), d, box));
            }
        }
        return cases.stream();
    }

    private static Evaluation evaluate(Potential p, double[] x, Box box, NeighbourList list, Request request) {
        Evaluation out = new Evaluation(x.length / 3, p.parameterCount());
        p.evaluate(x, box, list, request, out);
        return out;
    }

    private static double energy(Potential p, double[] x, Box box, NeighbourList list) {
        return evaluate(p, x, box, list, Request.ENERGY).energy();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void satisfiesTheContract(String label, PotentialDefinition definition, String boxKind) {
        Random rnd = new Random(label.hashCode() * 31L + boxKind.hashCode());
        CgTopology top = Systems.chains(6);
        Box box = Systems.box(boxKind);
        double[] x = Systems.configuration(top, box, rnd);
        Potential p = definition.evaluator(top);
        NeighbourList list = Systems.list(top);
        Evaluation all = evaluate(p, x, box, list, Request.ALL);
        double e0 = all.energy();
        assertTrue(Double.isFinite(e0) && e0 != 0, label + ": a non-trivial energy, got " + e0);
        assertEquals(e0, energy(p, x, box, list), 1e-12 * Math.abs(e0), "energy does not depend on the request");

        // forces are −∇E by central differences
        double[] f = all.forces();
        double h = 1e-6;
        double scale = 0;
        for (double v : f) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int c = 0; c < x.length; c++) {
            double keep = x[c];
            x[c] = keep + h;
            double plus = energy(p, x, box, list);
            x[c] = keep - h;
            double minus = energy(p, x, box, list);
            x[c] = keep;
            double fd = -(plus - minus) / (2 * h);
            assertEquals(fd, f[c], 1e-5 * Math.max(1, scale), label + ": force component " + c);
        }

        // Newton's third law
        double[] sum = new double[3];
        for (int i = 0; i < x.length; i++) {
            sum[i % 3] += f[i];
        }
        for (double s : sum) {
            assertEquals(0, s, 1e-9 * Math.max(1, scale), label + ": total force");
        }

        // translation invariance
        double[] moved = x.clone();
        double[] t = {rnd.nextDouble() * 5 - 2.5, rnd.nextDouble() * 5 - 2.5, rnd.nextDouble() * 5 - 2.5};
        for (int i = 0; i < x.length; i++) {
            moved[i] += t[i % 3];
        }
        assertEquals(e0, energy(p, moved, box, list), 1e-9 * Math.max(1, Math.abs(e0)), label + ": translation");

        // virial: dE/dε_ab = −W_ba under the homogeneous strain x → (1 + ε) x of positions and box
        double[] w = all.virial();
        double wScale = 1;
        for (double v : w) {
            wScale = Math.max(wScale, Math.abs(v));
        }
        double eps = 1e-6;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double plus = energy(p, strained(x, a, b, eps), strained(box, a, b, eps), list);
                double minus = energy(p, strained(x, a, b, -eps), strained(box, a, b, -eps), list);
                double fd = (plus - minus) / (2 * eps);
                assertEquals(-w[3 * b + a], fd, 1e-5 * wScale, label + ": virial " + a + b);
            }
        }
        // isotropic: P_virial = tr W / 3V = −dE/dV
        double v0 = box.volume();
        double lam = 1e-6;
        double ePlus = energy(p, scaled(x, 1 + lam), box.scaled(1 + lam), list);
        double eMinus = energy(p, scaled(x, 1 - lam), box.scaled(1 - lam), list);
        double dEdV = (ePlus - eMinus) / (v0 * (Math.pow(1 + lam, 3) - Math.pow(1 - lam, 3)));
        assertEquals(-dEdV, (w[0] + w[4] + w[8]) / (3 * v0), 1e-5 * wScale / v0, label + ": pressure");

        // ∂E/∂θ by central differences in θ (a sample of the parameters)
        double[] theta = p.parameters();
        double[] grad = all.parameterGradient();
        assertEquals(p.parameterCount(), theta.length);
        double gScale = 1;
        for (double g : grad) {
            gScale = Math.max(gScale, Math.abs(g));
        }
        int checks = Math.min(theta.length, 40);
        for (int s = 0; s < checks; s++) {
            int k = theta.length <= 40 ? s : rnd.nextInt(theta.length);
            double dt = 1e-5 * Math.max(1, Math.abs(theta[k]));
            double[] tp = theta.clone();
            tp[k] += dt;
            p.setParameters(tp);
            double plus = energy(p, x, box, list);
            tp[k] -= 2 * dt;
            p.setParameters(tp);
            double minus = energy(p, x, box, list);
            p.setParameters(theta);
            assertEquals((plus - minus) / (2 * dt), grad[k], 1e-5 * gScale, label + ": ∂E/∂θ_" + k);
        }
        assertEquals(e0, energy(p, x, box, list), 1e-12 * Math.abs(e0), "parameters restored");
    }

    private static double[] strained(double[] x, int a, int b, double eps) {
        double[] y = x.clone();
        for (int i = 0; i < x.length; i += 3) {
            y[i + a] += eps * x[i + b];
        }
        return y;
    }

    private static Box strained(Box box, int a, int b, double eps) {
        double[] m = box.matrix();
        for (int r = 0; r < 3; r++) {
            m[3 * r + a] += eps * box.get(r, b);
        }
        return Box.ofMatrix(m);
    }

    private static double[] scaled(double[] x, double s) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= s;
        }
        return y;
    }
}
