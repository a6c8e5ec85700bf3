package io.cgflow.potentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One contract, every potential: forces are −∇E, Newton's third law, translation invariance, the virial
 * is the strain derivative of E, ∂E/∂θ matches finite differences, and (where the potential promises it) the
 * energy is continuous when a pair crosses the cut-off — on random chains in orthorhombic and triclinic boxes.
 * A test class of any module extends this one and lists its {@link Subject}s; each runs in both boxes. Shipped in
 * the test jar of cgflow-potentials so that potentials of modules that depend on this one (the network) pass the
 * same body.
 */
public abstract class PotentialContract {
    /** The boxes every subject runs in. */
    public static final List<String> BOXES = List.of("ortho", "triclinic");

    /**
     * A potential under test.
     *
     * @param label              its name in test reports
     * @param factory            the evaluator for a topology
     * @param continuousAtCutoff whether E must be continuous when a pair crosses {@link Potential#cutoff()}
     */
    public record Subject(String label, Function<CgTopology, Potential> factory, boolean continuousAtCutoff) {
    }

    /** The potentials to check. */
    protected abstract List<Subject> subjects();

    @TestFactory
    Stream<DynamicTest> satisfiesTheContract() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Subject s : subjects()) {
            for (String box : BOXES) {
                tests.add(DynamicTest.dynamicTest(s.label() + " " + box, () -> check(s, box)));
            }
        }
        return tests.stream();
    }

    private static Evaluation evaluate(Potential p, double[] x, Box box, NeighbourList list, Request request) {
        Evaluation out = new Evaluation(x.length / 3, p.parameterCount());
        p.evaluate(x, box, list, request, out);
        return out;
    }

    private static double energy(Potential p, double[] x, Box box, NeighbourList list) {
        return evaluate(p, x, box, list, Request.ENERGY).energy();
    }

    /**
     * Runs every check of the contract on {@code subject} in a box of {@code boxKind} ({@code ortho} or
     * {@code triclinic}) with six four-bead chains ({@link Systems#chains}).
     */
    public static void check(Subject subject, String boxKind) {
        String label = subject.label();
        Random rnd = new Random(label.hashCode() * 31L + boxKind.hashCode());
        CgTopology top = Systems.chains(6);
        Box box = Systems.box(boxKind);
        double[] x = Systems.configuration(top, box, rnd);
        Potential p = subject.factory().apply(top);
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

        if (subject.continuousAtCutoff()) {
            continuousAtCutoff(label, p, top, x, box, list, rnd);
        }
    }

    /**
     * A bead of another molecule is put at r_c ± δ from bead 0: the energy changes by O(δ) (a step would show as a
     * difference that does not shrink with δ).
     */
    private static void continuousAtCutoff(String label, Potential p, CgTopology top, double[] x0, Box box,
                                           NeighbourList list, Random rnd) {
        int j = 0;
        while (top.moleculeOf(j) == top.moleculeOf(0)) {
            j++;
        }
        double rc = p.cutoff();
        double[] x = x0.clone();
        double[] u = new double[3];
        PeriodicCell cell = new PeriodicCell(box);
        double[] d = new double[3];
        for (int attempt = 0; attempt < 200; attempt++) {
            double norm = 0;
            for (int c = 0; c < 3; c++) {
                u[c] = rnd.nextGaussian();
                norm += u[c] * u[c];
            }
            norm = Math.sqrt(norm);
            double closest = Double.MAX_VALUE;
            for (int k = 0; k < top.size(); k++) {
                if (k == j || k == 0) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    d[c] = x0[3 * k + c] - x0[c] - rc * u[c] / norm;
                }
                cell.minimumImage(d);
                closest = Math.min(closest, Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]));
            }
            for (int c = 0; c < 3; c++) {
                u[c] /= norm;
            }
            if (closest > 0.3) {
                break;
            }
        }
        double[] jump = new double[2];
        double[] deltas = {1e-5, 1e-8};
        double scale = 1;
        for (int s = 0; s < 2; s++) {
            double[] e = new double[2];
            for (int side = 0; side < 2; side++) {
                double r = rc + (side == 0 ? -deltas[s] : deltas[s]);
                for (int c = 0; c < 3; c++) {
                    x[3 * j + c] = x0[c] + r * u[c];
                }
                e[side] = energy(p, x, box, list);
                scale = Math.max(scale, Math.abs(e[side]));
            }
            jump[s] = Math.abs(e[1] - e[0]);
        }
        assertTrue(jump[1] <= 1e-2 * jump[0] + 1e-10 * scale, label + ": energy jumps by " + jump[1]
            + " kJ/mol when a pair crosses the cut-off (" + jump[0] + " over ±1e-5 nm)");
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
