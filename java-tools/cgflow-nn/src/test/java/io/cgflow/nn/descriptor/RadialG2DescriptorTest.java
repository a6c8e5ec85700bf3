package io.cgflow.nn.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.geometry.Box;
import io.cgflow.nn.NetworkEnergy;
import io.cgflow.nn.TestSystems;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RadialG2DescriptorTest {
    private static final double CUTOFF = 0.85;
    /** Pairs are listed out to here so that pairs moving across the cut-off stay in the list. */
    private static final double LIST_CUTOFF = 0.88;

    static Stream<Arguments> boxes() {
        return Stream.of(Arguments.of("orthorhombic", TestSystems.orthorhombic()),
            Arguments.of("triclinic", TestSystems.triclinic()));
    }

    private static RadialG2Settings settings(double width) {
        return RadialG2Settings.evenlySpaced(List.of("A", "B"), CUTOFF, 0.2, 13, width);
    }

    @Test
    void evenGridMatchesTheOneBeadWaterGrid() {
        RadialG2Settings s = RadialG2Settings.evenlySpaced(List.of("W"), 0.9, 0.2, 35, 0.02);
        assertEquals(35, s.gaussians());
        assertEquals(35, s.length());
        assertEquals(0.20, s.centres()[0], 1e-15);
        assertEquals(0.22, s.centres()[1], 1e-15);
        assertEquals(0.88, s.centres()[34], 1e-12);
        assertEquals(1 / (2 * 0.02 * 0.02), s.eta()[7], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> RadialG2Settings.evenlySpaced(List.of("W"), 0.2, 0.3, 5, 0.02));
        assertThrows(IllegalArgumentException.class, () -> new RadialG2Settings(List.of("W", "W"), 1, new double[] {1},
            new double[] {0.3}));
    }

    /**
     * Seeded terms (the pair's elementary functions stored once, then read for both rows and the force) have the bits
     * of the terms computed from r, on an even grid and on an uneven one, across the whole cut-off range.
     */
    @Test
    void seededTermsHaveTheBitsOfTermsFromTheDistance() {
        RadialG2Settings uneven = new RadialG2Settings(List.of("A", "B"), CUTOFF, new double[] {10, 40, 90},
            new double[] {0.3, 0.5, 0.52});
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (RadialG2Settings s : List.of(settings(0.03), settings(0.1), uneven)) {
            RadialG2Descriptor d = s.create();
            int m = s.gaussians();
            int count = 500;
            RadialG2Descriptor.PairSeeds seeds = new RadialG2Descriptor.PairSeeds();
            seeds.ensure(count);
            double[] r = new double[count];
            for (int p = 0; p < count; p++) {
                r[p] = p == 0 ? Math.nextDown(CUTOFF) : random.nextDouble(0.05, CUTOFF);
                d.seed(r[p], seeds, p);
                assertTrue(seeds.within(p));
            }
            seeds.beyond(count - 1);
            assertTrue(!seeds.within(count - 1));
            double[] a = new double[2 * m];
            double[] b = new double[2 * m];
            for (int c = 0; c < 2 * m; c++) {
                a[c] = random.nextDouble(-1, 1);
                b[c] = random.nextDouble(-1, 1);
            }
            for (int p = 0; p < count - 1; p++) {
                double[] direct = new double[2 * m];
                double[] seeded = new double[2 * m];
                direct[3] = seeded[3] = 0.25; // rows already holding terms of other pairs
                d.addValues(r[p], direct, m, 1);
                d.addSeeded(seeds, p, seeded, m);
                assertArrayEquals(direct, seeded, 0, "r = " + r[p]);
                assertEquals(Double.doubleToLongBits(d.slopeDot(r[p], a, 0, b, m)),
                    Double.doubleToLongBits(d.slopeDotSeeded(seeds, p, a, 0, b, m)), "r = " + r[p]);
                assertEquals(r[p], seeds.r(p));
            }
        }
    }

    @Test
    void valuesOfOnePairByHand() {
        RadialG2Settings s = new RadialG2Settings(List.of("A", "B"), 1.0, new double[] {10, 40}, new double[] {0.3, 0.5});
        RadialG2Descriptor d = new RadialG2Descriptor(s);
        // beads 0 (A) and 1 (B) at 0.4 nm; bead 2 (B) 1.2 nm away from both: beyond the cut-off
        PairList pairs = new PairList(3, 2, new int[] {0, 0}, new int[] {1, 2}, new double[] {0.4, 1.2},
            new double[] {0, 0}, new double[] {0, 0});
        double[] g = new double[3 * 4];
        d.compute(pairs, new int[] {0, 1, 1}, g);
        double fc = 0.5 * (Math.cos(Math.PI * 0.4) + 1);
        double g0 = Math.exp(-10 * 0.01) * fc;
        double g1 = Math.exp(-40 * 0.01) * fc;
        // bead 0 sees a B neighbour (components 2, 3); bead 1 sees an A neighbour (components 0, 1)
        assertArrayEquals(new double[] {0, 0, g0, g1, g0, g1, 0, 0, 0, 0, 0, 0}, g, 1e-15);
    }

    /**
     * Evenly spaced Gaussians come by recurrence; in the window the descriptor writes they equal exp(−η (r − r_s)²)
     * f_c(r) and its slope term by term, and every term left out is below e^−44 (value and slope, each relative to
     * its largest possible size).
     */
    @ParameterizedTest(name = "{0} Gaussians of width {1} nm")
    @MethodSource("grids")
    void recurrenceOfEvenGridsEqualsTheFormula(int count, double width) {
        RadialG2Settings s = RadialG2Settings.evenlySpaced(List.of("W"), 0.9, 0.2, count, width);
        RadialG2Descriptor d = s.create();
        double[] eta = s.eta();
        double[] centres = s.centres();
        double[] value = new double[count];
        double[] slope = new double[count];
        for (int k = 1; k < 2000; k++) {
            double r = 0.9 * k / 2000;
            d.pairTerms(r, value, slope);
            // ½ (cos(πr/r_c) + 1) and its derivative, in the half-angle form that stays accurate near r_c
            double half = 0.5 * Math.PI * r / 0.9;
            double fc = StrictMath.cos(half) * StrictMath.cos(half);
            double dfc = -Math.PI / 0.9 * StrictMath.sin(half) * StrictMath.cos(half);
            assertTrue(d.from() >= 0 && d.from() < d.to() && d.to() <= count,
                "window " + d.from() + ".." + d.to());
            for (int m = 0; m < count; m++) {
                double u = r - centres[m];
                double e = Math.exp(-eta[m] * u * u);
                if (m < d.from() || m >= d.to()) {
                    assertTrue(e <= Math.exp(-44), "left out at r = " + r + ": m = " + m + ", " + e);
                    continue;
                }
                // the tolerance follows the conditioning of exp(−η (r − r_s)²): with the exponent, and with r
                double relative = 1e-14 * (1 + eta[m] * u * u + 2 * eta[m] * Math.abs(u) * r);
                assertEquals(e * fc, value[m], relative * e * fc + 1e-300, "g at r = " + r + ", m = " + m);
                double ds = e * (dfc - 2 * eta[m] * u * fc);
                assertEquals(ds, slope[m], relative * e * (Math.abs(dfc) + 2 * eta[m] * Math.abs(u) * fc) + 1e-300,
                    "g' at r = " + r + ", m = " + m);
            }
        }
    }

    static Stream<Arguments> grids() {
        return Stream.of(Arguments.of(2, 0.1), Arguments.of(9, 0.05), Arguments.of(35, 0.02), Arguments.of(40, 0.01),
            Arguments.of(40, 0.3));
    }

    /** Positions moved by h along one axis of one bead. */
    private static double[] moved(double[] x, int bead, int axis, double h) {
        double[] y = x.clone();
        y[3 * bead + axis] += h;
        return y;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boxes")
    void derivativesMatchFiniteDifferences(String name, Box box) {
        RadialG2Descriptor d = new RadialG2Descriptor(settings(0.03));
        int beads = 14;
        double[] x = TestSystems.positions(box, beads, 3);
        int[] types = TestSystems.types(beads, 2, 4);
        int length = d.length();
        DescriptorGradient grad = d.gradient(TestSystems.pairs(box, x, LIST_CUTOFF), types);
        assertTrue(grad.size() > 0);
        double h = 1e-6;
        double[] gp = new double[beads * length];
        double[] gm = new double[beads * length];
        double worst = 0;
        for (int k = 0; k < beads; k++) {
            for (int axis = 0; axis < 3; axis++) {
                d.compute(TestSystems.pairs(box, moved(x, k, axis, h), LIST_CUTOFF), types, gp);
                d.compute(TestSystems.pairs(box, moved(x, k, axis, -h), LIST_CUTOFF), types, gm);
                double[] analytic = new double[beads * length];
                for (int c = 0; c < grad.size(); c++) {
                    double sign = grad.b(c) == k ? 1 : grad.a(c) == k ? -1 : 0;
                    for (int m = 0; m < grad.count(c); m++) {
                        analytic[grad.owner(c) * length + grad.first(c) + m] += sign * grad.value(c, m, axis);
                    }
                }
                for (int q = 0; q < analytic.length; q++) {
                    double fd = (gp[q] - gm[q]) / (2 * h);
                    worst = Math.max(worst, Math.abs(fd - analytic[q]) / (1 + Math.abs(analytic[q])));
                }
            }
        }
        assertTrue(worst < 1e-6, name + ": worst relative difference " + worst);
    }

    private static NetworkEnergy energyModel(RadialG2Descriptor d, Box box, double[] x, int[] types) {
        MlpArchitecture arch = MlpArchitecture.of(d.length(), Activation.TANH, 8, 5);
        double[] g = new double[types.length * d.length()];
        d.compute(TestSystems.pairs(box, x, CUTOFF), types, g);
        InputScaling scaling = InputScaling.fit(g, types.length, d.length());
        return new NetworkEnergy(d, List.of(scaling, scaling),
            List.of(MlpModel.initialised(arch, 11), MlpModel.initialised(arch, 12)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boxes")
    void forcesAreMinusTheGradientOfTheEnergy(String name, Box box) {
        RadialG2Descriptor d = new RadialG2Descriptor(settings(0.05));
        int beads = 24;
        double[] x = TestSystems.positions(box, beads, 5);
        int[] types = TestSystems.types(beads, 2, 6);
        NetworkEnergy model = energyModel(d, box, x, types);
        double[] forces = new double[3 * beads];
        double[] virial = new double[9];
        double e = model.energyAndForces(TestSystems.pairs(box, x, LIST_CUTOFF), types, forces, virial);
        assertEquals(model.energy(TestSystems.pairs(box, x, LIST_CUTOFF), types), e, 1e-12 * Math.abs(e));
        double h = 1e-6;
        double[] fd = new double[3 * beads];
        for (int k = 0; k < beads; k++) {
            for (int axis = 0; axis < 3; axis++) {
                double ep = model.energy(TestSystems.pairs(box, moved(x, k, axis, h), LIST_CUTOFF), types);
                double em = model.energy(TestSystems.pairs(box, moved(x, k, axis, -h), LIST_CUTOFF), types);
                fd[3 * k + axis] = -(ep - em) / (2 * h);
            }
        }
        double error = TestSystems.relativeError(forces, fd, 1e-3);
        assertTrue(error < 1e-6, name + ": forces differ from −∇E by " + error);
        double sum = 0;
        for (int axis = 0; axis < 3; axis++) {
            double s = 0;
            for (int k = 0; k < beads; k++) {
                s += forces[3 * k + axis];
            }
            sum = Math.max(sum, Math.abs(s));
        }
        assertTrue(sum < 1e-10, "net force " + sum);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boxes")
    void fusedForcesEqualTheGenericAssembly(String name, Box box) {
        RadialG2Descriptor d = new RadialG2Descriptor(settings(0.02));
        int beads = 20;
        double[] x = TestSystems.positions(box, beads, 7);
        int[] types = TestSystems.types(beads, 2, 8);
        PairList pairs = TestSystems.pairs(box, x, LIST_CUTOFF);
        double[] dEdG = TestSystems.uniform(beads * d.length(), 1, 9);
        double[] f1 = new double[3 * beads];
        double[] w1 = new double[9];
        d.addForces(pairs, types, dEdG, f1, w1);
        double[] f2 = new double[3 * beads];
        double[] w2 = new double[9];
        d.gradient(pairs, types).forces(dEdG, f2, w2);
        assertTrue(TestSystems.relativeError(f1, f2, 1e-12) < 1e-12, name);
        assertTrue(TestSystems.relativeError(w1, w2, 1e-12) < 1e-12, name);
    }

    /** W_αβ = Σ d_α F_β = −∂E/∂ε_βα under the homogeneous strain d → (I + ε) d of every pair displacement. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("boxes")
    void virialIsTheStrainDerivative(String name, Box box) {
        RadialG2Descriptor d = new RadialG2Descriptor(settings(0.05));
        int beads = 24;
        double[] x = TestSystems.positions(box, beads, 13);
        int[] types = TestSystems.types(beads, 2, 14);
        NetworkEnergy model = energyModel(d, box, x, types);
        PairList pairs = TestSystems.pairs(box, x, LIST_CUTOFF);
        double[] virial = new double[9];
        model.energyAndForces(pairs, types, new double[3 * beads], virial);
        double h = 1e-6;
        double[] fd = new double[9];
        for (int alpha = 0; alpha < 3; alpha++) {
            for (int beta = 0; beta < 3; beta++) {
                double ep = model.energy(strained(pairs, alpha, beta, h), types);
                double em = model.energy(strained(pairs, alpha, beta, -h), types);
                fd[3 * beta + alpha] = -(ep - em) / (2 * h);
            }
        }
        assertTrue(TestSystems.relativeError(virial, fd, 1e-3) < 1e-6, name + ": " + java.util.Arrays.toString(virial)
            + " vs " + java.util.Arrays.toString(fd));
    }

    private static PairList strained(PairList p, int alpha, int beta, double eps) {
        double[][] d = {p.dx().clone(), p.dy().clone(), p.dz().clone()};
        double[][] src = {p.dx(), p.dy(), p.dz()};
        for (int k = 0; k < p.size(); k++) {
            d[alpha][k] += eps * src[beta][k];
        }
        return new PairList(p.beads(), p.size(), p.i(), p.j(), d[0], d[1], d[2]);
    }

    @Test
    void loneBeadHasAZeroRowAndNoForce() {
        RadialG2Descriptor d = new RadialG2Descriptor(settings(0.02));
        PairList none = new PairList(1, 0, new int[0], new int[0], new double[0], new double[0], new double[0]);
        double[] g = TestSystems.uniform(d.length(), 1, 1);
        d.compute(none, new int[] {1}, g);
        assertArrayEquals(new double[d.length()], g);
        double[] f = new double[3];
        d.addForces(none, new int[] {1}, new double[d.length()], f, null);
        assertArrayEquals(new double[3], f);
    }
}
