package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.ReferenceAccumulator;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.md.MdSettings;
import io.cgflow.md.Rng;
import io.cgflow.nn.NetworkEnergy;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Potential;
import io.cgflow.potentials.Request;
import io.cgflow.potentials.TabulatedBonded;
import io.cgflow.potentials.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The fluctuation Jacobian J = −β Cov(S, ∂E/∂θ), estimated from sampled frames by {@link Estimate} with ∂E/∂θ from
 * the trainer's own code paths, against finite differences of the sampled ⟨S⟩ at θ ± hδ with common random numbers
 * (the same uniforms through the inverse cumulative distribution of the one coordinate each system has). Two
 * systems whose equilibrium distribution can be sampled exactly: two beads with a nonlinear network (⟨S⟩ the g(r)
 * of the reference tool's code), and a dimer with a tabulated bond (⟨S⟩ smooth functions of the bond length).
 */
class FluctuationGradientTest {
    private static final double T = 300;
    private static final double BETA = 1 / (MdSettings.KB * T);
    private static final int SAMPLES = 20000;

    /** r_i = F⁻¹(u_i) for p(r) ∝ r² exp(−β E(r)) on [lo, hi], from a fine grid. */
    static double[] inverseCdf(DoubleUnaryOperator energy, double lo, double hi, double[] uniforms) {
        int n = 4000;
        double dr = (hi - lo) / n;
        double[] cdf = new double[n + 1];
        double[] e = new double[n + 1];
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= n; k++) {
            e[k] = energy.applyAsDouble(lo + k * dr);
            min = Math.min(min, e[k]);
        }
        for (int k = 1; k <= n; k++) {
            double ra = lo + (k - 1) * dr;
            double rb = lo + k * dr;
            cdf[k] = cdf[k - 1] + 0.5 * dr * (ra * ra * Math.exp(-BETA * (e[k - 1] - min))
                + rb * rb * Math.exp(-BETA * (e[k] - min)));
        }
        double[] r = new double[uniforms.length];
        for (int i = 0; i < r.length; i++) {
            double target = uniforms[i] * cdf[n];
            int a = 0;
            int b = n;
            while (b - a > 1) {
                int m = (a + b) >>> 1;
                if (cdf[m] <= target) {
                    a = m;
                } else {
                    b = m;
                }
            }
            double f = (target - cdf[a]) / Math.max(cdf[b] - cdf[a], 1e-300);
            r[i] = lo + (a + f) * dr;
        }
        return r;
    }

    static double[] uniforms(long seed, int n) {
        Rng rng = new Rng(seed, 1);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = rng.nextDouble();
        }
        return u;
    }

    /**
     * A fixed random direction of the given length: normals by Box–Muller from the stream's uniforms, so that the
     * test's direction does not change with the engine's normal generator.
     */
    static double[] direction(long seed, int n, double length) {
        Rng rng = new Rng(seed, 2);
        double[] d = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            d[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            norm += d[i] * d[i];
        }
        for (int i = 0; i < n; i++) {
            d[i] *= length / Math.sqrt(norm);
        }
        return d;
    }

    static double[] plus(double[] a, double[] b, double f) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += f * b[i];
        }
        return c;
    }

    /**
     * Two beads of one type in a 3 nm box, a reference g(r) of pairs spread evenly over 0.3–1.2 nm (with the state's
     * pressure, bar, unless NaN), a 12-Gaussian descriptor and a 12–8–1 tanh network without a prior.
     */
    private record TwoBeads(CgTopology top, Box box, TrainingState state, ModelLayout layout, Observables obs) {
        static TwoBeads make(double pressure) {
            CgTopology top = new CgTopology(List.of("A"), new int[] {0, 0}, new int[] {0, 1},
                new String[] {"A", "A"}, new double[] {20, 20}, List.of(), List.of(), List.of(), Set.of());
            Box box = Box.orthorhombic(3, 3, 3);
            ReferenceAccumulator acc = new ReferenceAccumulator(top,
                new DistributionSettings(1.2, 0.01, 1.0, 0.001, 1, 2), 1, 1000);
            double[] flat = uniforms(5, 2000);
            for (int f = 0; f < 2000; f++) {
                acc.accept(f, frame(0.3 + 0.9 * flat[f]), box);
            }
            ReferenceDistributions ref = acc.result(T, pressure, new Provenance("test", "0", "test", List.of()));
            TrainingState state = TrainingState.of(Path.of("two-beads.h5"), ref, top, new double[] {20, 20}, box,
                toDouble(frame(0.5)));
            RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(List.of("A"), 0.9, 0.3, 12, 0.05);
            MlpArchitecture arch = MlpArchitecture.of(12, Activation.TANH, 8);
            ModelLayout layout = new ModelLayout(List.of("A"), descriptor, arch,
                ModelLayout.scalings(List.of("A"), descriptor, List.of(state)),
                new ModelLayout.Prior(List.of("A"), new double[] {0.3}, MdSettings.KB * T, 0), List.of());
            return new TwoBeads(top, box, state, layout, Observables.of(state, settings(List.of(8), 0.9, 0.3, 1.2)));
        }
    }

    @Test
    void networkJacobianMatchesCommonRandomNumberDifferences() {
        TwoBeads sys = TwoBeads.make(Double.NaN);
        CgTopology top = sys.top();
        Box box = sys.box();
        TrainingState state = sys.state();
        ModelLayout layout = sys.layout();
        Observables obs = sys.obs();
        double[] theta = layout.initial(3, new double[0]);
        for (int k = 0; k < theta.length; k++) {
            theta[k] *= 3;
        }
        double[] delta = direction(11, theta.length, 1.0);
        double h = 0.02;
        double[] u = uniforms(17, SAMPLES);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            FrameCache at = FrameCache.build(state, layout, obs, frames(layout, theta, top, u), theta,
                FrameCache.Backend.PLAIN, pool);
            FrameCache.Result res = at.evaluate(theta, true, FrameCache.Backend.PLAIN, pool);
            double[] w = Estimate.weights(BETA, res.energies(), at.sampledEnergies());
            double[][] s = sVectors(at);
            Estimate e = Estimate.of(s, res.gradients(), w, obs.target(), obs.weights(), BETA, true);
            double[][] plusS = sVectors(FrameCache.build(state, layout, obs,
                frames(layout, plus(theta, delta, h), top, u), theta, FrameCache.Backend.PLAIN, pool));
            double[][] minusS = sVectors(FrameCache.build(state, layout, obs,
                frames(layout, plus(theta, delta, -h), top, u), theta, FrameCache.Backend.PLAIN, pool));
            Observables.Segment seg = obs.segments().get(0);
            List<DoubleUnaryOperator> tests = List.of(r -> r, r -> Math.cos(2 * Math.PI * r / 0.9),
                r -> r < 0.5 ? 1 : 0);
            double[][] d = res.gradients();
            int batches = 10;
            int per = SAMPLES / batches;
            Estimate[] parts = new Estimate[batches];
            for (int b = 0; b < batches; b++) {
                double[] wb = new double[per];
                java.util.Arrays.fill(wb, 1.0 / per);
                parts[b] = Estimate.of(java.util.Arrays.copyOfRange(s, b * per, (b + 1) * per),
                    java.util.Arrays.copyOfRange(d, b * per, (b + 1) * per), wb, obs.target(), obs.weights(), BETA,
                    true);
            }
            for (DoubleUnaryOperator f : tests) {
                double[] c = new double[seg.bins()];
                for (int k = 0; k < seg.bins(); k++) {
                    double r = seg.x(k);
                    c[k] = f.applyAsDouble(r) * 4 * Math.PI * r * r * seg.grid().width() / box.volume();
                }
                // the difference quotient, and its own error from the same batches: the histogram is not smooth
                // in θ, so common random numbers leave noise of order 1/h (bins crossed by shifted samples)
                double fd = 0;
                double fdSum2 = 0;
                for (int b = 0; b < batches; b++) {
                    double v = 0;
                    for (int i = b * per; i < (b + 1) * per; i++) {
                        for (int k = 0; k < seg.bins(); k++) {
                            v += c[k] * (plusS[i][seg.offset() + k] - minusS[i][seg.offset() + k]) / (2 * h * per);
                        }
                    }
                    fd += v / batches;
                    fdSum2 += v * v;
                }
                double seFd = Math.sqrt(Math.max(0, fdSum2 / batches - fd * fd) / (batches - 1));
                double fluct = project(e, seg, c, delta);
                double sum = 0;
                double sum2 = 0;
                for (Estimate part : parts) {
                    double v = project(part, seg, c, delta);
                    sum += v;
                    sum2 += v * v;
                }
                double se = Math.sqrt(Math.max(0, sum2 / batches - sum * sum / (batches * batches)) / (batches - 1));
                assertTrue(Math.abs(fd) > 1e-3, "the test direction must move ⟨f⟩: " + fd);
                double both = Math.sqrt(se * se + seFd * seFd);
                assertTrue(both < 0.15 * Math.abs(fd), "the two must be precise enough to test: SE " + se + " and "
                    + seFd);
                assertEquals(fd, fluct, 4 * both + 0.01 * Math.abs(fd), "d⟨f⟩/dθ·δ: finite differences " + fd
                    + " ± " + seFd + ", fluctuation formula " + fluct + " ± " + se);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tableJacobianMatchesCommonRandomNumberDifferences() {
        CgTopology top = new CgTopology(List.of("A"), new int[] {0, 0}, new int[] {0, 0}, new String[] {"A", "A"},
            new double[] {20, 20}, List.of(new CgTopology.Bonded("B", new int[] {0, 1})), List.of(), List.of(),
            CgTopology.bondedExclusions(List.of(new CgTopology.Bonded("B", new int[] {0, 1})), List.of()));
        double kT = MdSettings.KB * T;
        int points = 21;
        double[] v = new double[points];
        for (int k = 0; k < points; k++) {
            double b = 0.1 + 0.01 * k;
            v[k] = kT * (b - 0.2) * (b - 0.2) / (2 * 0.02 * 0.02);
        }
        double[] delta = direction(23, points, 2 * kT);
        double h = 0.05;
        double[] u = uniforms(29, SAMPLES);
        List<DoubleUnaryOperator> fs = List.of(b -> b, b -> b * b * 10, b -> Math.sin(40 * b));
        Box box = Box.orthorhombic(3, 3, 3);
        // at θ: S_i = f(b_i), ∂E/∂θ from the tabulated potential's own gradient
        Potential pot = bond(v).evaluator(top);
        double[] bs = inverseCdf(b -> energy(pot, b, box), 0.12, 0.28, u);
        double[][] s = new double[SAMPLES][fs.size()];
        double[][] d = new double[SAMPLES][];
        Evaluation out = new Evaluation(2, points);
        for (int i = 0; i < SAMPLES; i++) {
            for (int f = 0; f < fs.size(); f++) {
                s[i][f] = fs.get(f).applyAsDouble(bs[i]);
            }
            out.clear();
            pot.evaluate(new double[] {0, 0, 0, bs[i], 0, 0}, box, null, Request.GRADIENT, out);
            d[i] = out.parameterGradient().clone();
        }
        double[] w = new double[SAMPLES];
        java.util.Arrays.fill(w, 1.0 / SAMPLES);
        Estimate e = Estimate.of(s, d, w, new double[fs.size()], new double[] {1, 1, 1}, BETA, true);
        Potential up = bond(plus(v, delta, h)).evaluator(top);
        Potential down = bond(plus(v, delta, -h)).evaluator(top);
        double[] bUp = inverseCdf(b -> energy(up, b, box), 0.12, 0.28, u);
        double[] bDown = inverseCdf(b -> energy(down, b, box), 0.12, 0.28, u);
        for (int f = 0; f < fs.size(); f++) {
            double fd = 0;
            for (int i = 0; i < SAMPLES; i++) {
                fd += (fs.get(f).applyAsDouble(bUp[i]) - fs.get(f).applyAsDouble(bDown[i])) / (2 * h * SAMPLES);
            }
            double fluct = 0;
            for (int q = 0; q < points; q++) {
                fluct += e.jacobian()[f][q] * delta[q];
            }
            assertTrue(Math.abs(fd) > 1e-4, "the test direction must move ⟨f⟩: " + fd);
            assertEquals(fd, fluct, 0.05 * Math.abs(fd), "observable " + f + ": finite differences " + fd
                + ", fluctuation formula " + fluct);
        }
    }

    /**
     * The pressure: ⟨P⟩ depends on θ through the samples and through the virial itself, so its Jacobian row is
     * ⟨∂P/∂θ⟩ − β Cov(P, ∂E/∂θ); against common-random-number differences of ⟨P(x; θ ± hδ)⟩ over frames sampled at
     * θ ± hδ. The covariance term alone (without the explicit one) misses by far more than the tolerance. (A
     * pathwise difference like this one is only a reliable reference for a smooth potential: on a rugged one, dr/dθ
     * is large where the density is small and P(r) steep, and the differences scatter.)
     */
    @Test
    void pressureJacobianMatchesCommonRandomNumberDifferences() {
        TwoBeads sys = TwoBeads.make(1.0);
        CgTopology top = sys.top();
        TrainingState state = sys.state();
        ModelLayout layout = sys.layout();
        Observables obs = sys.obs();
        int pi = obs.pressureIndex();
        assertEquals(obs.size() - 1, pi, "the pressure is the last element of S");
        double[] theta = layout.initial(3, new double[0]);
        double[] delta = direction(13, theta.length, 1.0);
        double h = 0.01;
        double[] u = uniforms(19, SAMPLES);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            FrameCache at = FrameCache.build(state, layout, obs, frames(layout, theta, top, u), theta,
                FrameCache.Backend.PLAIN, pool);
            FrameCache.Result res = at.evaluate(theta, true, FrameCache.Backend.PLAIN, pool);
            double[] w = Estimate.weights(BETA, res.energies(), at.sampledEnergies());
            Estimate e = Estimate.of(at.observables(res), res.gradients(), pi, res.pressureGradients(), w,
                obs.target(), obs.weights(), BETA, true);
            Estimate covarianceOnly = Estimate.of(at.observables(res), res.gradients(), w, obs.target(),
                obs.weights(), BETA, true);
            double[] mean = new double[2];
            for (int sign = 0; sign < 2; sign++) {
                double[] t = plus(theta, delta, sign == 0 ? h : -h);
                FrameCache c = FrameCache.build(state, layout, obs, frames(layout, t, top, u), t,
                    FrameCache.Backend.PLAIN, pool);
                for (double p : c.evaluate(t, false, FrameCache.Backend.PLAIN, pool).pressures()) {
                    mean[sign] += p / SAMPLES;
                }
            }
            double fd = (mean[0] - mean[1]) / (2 * h);
            double fluct = 0;
            double cov = 0;
            for (int q = 0; q < delta.length; q++) {
                fluct += e.jacobian()[pi][q] * delta[q];
                cov += covarianceOnly.jacobian()[pi][q] * delta[q];
            }
            double[][] sv = at.observables(res);
            int batches = 10;
            int per = SAMPLES / batches;
            double sum = 0;
            double sum2 = 0;
            for (int b = 0; b < batches; b++) {
                double[] wb = new double[per];
                java.util.Arrays.fill(wb, 1.0 / per);
                Estimate part = Estimate.of(java.util.Arrays.copyOfRange(sv, b * per, (b + 1) * per),
                    java.util.Arrays.copyOfRange(res.gradients(), b * per, (b + 1) * per), pi,
                    java.util.Arrays.copyOfRange(res.pressureGradients(), b * per, (b + 1) * per), wb, obs.target(),
                    obs.weights(), BETA, true);
                double v = 0;
                for (int q = 0; q < delta.length; q++) {
                    v += part.jacobian()[pi][q] * delta[q];
                }
                sum += v;
                sum2 += v * v;
            }
            double se = Math.sqrt(Math.max(0, sum2 / batches - sum * sum / (batches * batches)) / (batches - 1));
            assertTrue(Math.abs(fd) > 0.05, "the test direction must move ⟨P⟩: " + fd + " bar");
            assertTrue(se < 0.1 * Math.abs(fd), "the estimate must be precise enough to test: SE " + se);
            assertEquals(fd, fluct, 4 * se + 0.02 * Math.abs(fd), "d⟨P⟩/dθ·δ: finite differences " + fd
                + ", fluctuation formula " + fluct + " ± " + se);
            assertTrue(Math.abs(cov - fd) > 8 * se, "the explicit term matters in this test: covariance alone " + cov
                + " against " + fd);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The pressure the trainer computes for a frame (virial by scaling the configuration, the prior's analytic virial,
     * the ideal-gas term N k_BT) is the MD engine's: (3 N k_BT + tr W)/(3V) with W from the model's forces.
     */
    @Test
    void pressureOfAFrameIsTheVirialPressureOfTheModelsForces() {
        int n = 60;
        int[] typeOf = new int[n];
        int[] mol = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        for (int i = 0; i < n; i++) {
            typeOf[i] = i % 2;
            mol[i] = i;
            names[i] = i % 2 == 0 ? "A" : "B";
            masses[i] = 20;
        }
        CgTopology top = new CgTopology(List.of("A", "B"), typeOf, mol, names, masses, List.of(), List.of(),
            List.of(), Set.of());
        Box box = Box.orthorhombic(2.6, 2.7, 2.8);
        Rng rng = new Rng(41, 3);
        ReferenceAccumulator acc = new ReferenceAccumulator(top, new DistributionSettings(1.2, 0.01, 1.0, 0.001, 1, 2),
            1, 1000);
        double[] x = new double[3 * n];
        for (int f = 0; f < 20; f++) {
            // random positions at least 0.2 nm apart (inside the prior's tables, some within its contact distances)
            for (int i = 0; i < n; i++) {
                boolean clash = true;
                while (clash) {
                    for (int a = 0; a < 3; a++) {
                        x[3 * i + a] = rng.nextDouble() * box.lengths()[a];
                    }
                    clash = false;
                    for (int j = 0; j < i && !clash; j++) {
                        double r2 = 0;
                        for (int a = 0; a < 3; a++) {
                            double d = x[3 * i + a] - x[3 * j + a];
                            d -= box.lengths()[a] * Math.rint(d / box.lengths()[a]);
                            r2 += d * d;
                        }
                        clash = r2 < 0.04;
                    }
                }
            }
            float[] fx = new float[3 * n];
            for (int k = 0; k < 3 * n; k++) {
                fx[k] = (float) x[k];
            }
            acc.accept(f, fx, box);
        }
        ReferenceDistributions ref = acc.result(T, 250.0, new Provenance("test", "0", "test", List.of()));
        TrainingState state = TrainingState.of(Path.of("random.h5"), ref, top, masses, box, x);
        List<String> types = List.of("A", "B");
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(types, 1.0, 0.2, 10, 0.08);
        MlpArchitecture arch = MlpArchitecture.of(descriptor.length(), Activation.TANH, 6);
        double kT = MdSettings.KB * T;
        ModelLayout layout = new ModelLayout(types, descriptor, arch, ModelLayout.scalings(types, descriptor,
            List.of(state)), new ModelLayout.Prior(types, new double[] {0.3, 0.28, 0.28, 0.26}, kT, 1.0), List.of());
        Observables obs = Observables.of(state, settings(List.of(6), 1.0, 0.2, 1.2));
        double[] theta = layout.initial(7, new double[0]);
        for (int k = 0; k < theta.length; k++) {
            theta[k] *= 4;
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            FrameCache c = FrameCache.build(state, layout, obs, List.of(new Sampler.Frame(x, box)), theta,
                FrameCache.Backend.PLAIN, pool);
            double trainer = c.evaluate(theta, false, FrameCache.Backend.PLAIN, pool).pressures()[0];
            io.cgflow.nn.NetworkPotential net = io.cgflow.nn.NetworkPotential.of(layout.model(theta, null), top);
            io.cgflow.core.neighbour.NeighbourList list = new io.cgflow.core.neighbour.NeighbourList(n, net.cutoff(),
                0, io.cgflow.core.neighbour.NeighbourList.Kind.HALF, io.cgflow.core.neighbour.Exclusions.of(top));
            list.build(x, box);
            Evaluation out = new Evaluation(n, net.parameterCount());
            net.evaluate(x, box, list, Request.FORCES, out);
            io.cgflow.potentials.Potential prior = io.cgflow.nn.PairTablePrior.definition(
                layout.model(theta, null).prior()).orElseThrow().evaluator(top);
            prior.evaluate(x, box, list, Request.FORCES, out);
            double[] v = out.virial();
            double engine = (3 * n * kT + v[0] + v[4] + v[8]) / (3 * box.volume()) * MdSettings.BAR;
            double ideal = n * kT / box.volume() * MdSettings.BAR;
            assertTrue(Math.abs(engine - ideal) > 50, "the configuration must have a virial to test: " + engine
                + " bar against the ideal " + ideal);
            assertEquals(engine, trainer, 1e-4 * Math.abs(engine - ideal) + 1e-6, "pressure of the frame, bar");
        } finally {
            pool.shutdownNow();
        }
    }

    /** c · (J δ) over the segment's bins. */
    private static double project(Estimate e, Observables.Segment seg, double[] c, double[] delta) {
        double sum = 0;
        for (int k = 0; k < c.length; k++) {
            double jd = 0;
            for (int q = 0; q < delta.length; q++) {
                jd += e.jacobian()[seg.offset() + k][q] * delta[q];
            }
            sum += c[k] * jd;
        }
        return sum;
    }

    private static TabulatedBonded bond(double[] v) {
        return new TabulatedBonded("bond", BondedKind.BOND, List.of(new TabulatedBonded.Entry("B",
            Table.natural("bond B", 0.1, 0.01, v))));
    }

    /** The energy of the dimer at bond length b (its measure b² db is in the inverse CDF). */
    private static double energy(Potential p, double b, Box box) {
        Evaluation out = new Evaluation(2, p.parameterCount());
        p.evaluate(new double[] {0, 0, 0, b, 0, 0}, box, null, Request.ENERGY, out);
        return out.energy();
    }

    static TrainSettings settings(List<Integer> hidden, double cutoff, double rMin, double fitMax) {
        return new TrainSettings(hidden, Activation.TANH, cutoff, rMin, 0.05, 0.05, fitMax, 0.0, 0, "gauss-newton",
            0.01, 0.3, false, 10, 0, 1, 10, 10, 10, 10, 0.002, 2, "langevin", 0.9, Map.of(), 2, false, false, 0, "plain");
    }

    private static float[] frame(double r) {
        return new float[] {0.1f, 0.1f, 0.1f, (float) (0.1 + r), 0.1f, 0.1f};
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Frames of the two-bead system at distances F⁻¹(u) for the network of θ. */
    private static List<Sampler.Frame> frames(ModelLayout layout, double[] theta, CgTopology top, double[] u) {
        NetworkEnergy energy = layout.model(theta, null).plainEnergy();
        int[] types = {0, 0};
        double[] r = inverseCdf(x -> energy.energy(new PairList(2, 1, new int[] {0}, new int[] {1}, new double[] {x},
            new double[] {0}, new double[] {0}), types), 0.3, 1.2, u);
        Box box = Box.orthorhombic(3, 3, 3);
        List<Sampler.Frame> frames = new ArrayList<>();
        for (double x : r) {
            frames.add(new Sampler.Frame(new double[] {0.1, 0.1, 0.1, 0.1 + x, 0.1, 0.1}, box));
        }
        return frames;
    }

    private static double[][] sVectors(FrameCache c) {
        double[][] s = new double[c.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = c.entries().get(i).s();
        }
        return s;
    }

    private static double[] mean(double[][] s) {
        double[] m = new double[s[0].length];
        for (double[] row : s) {
            for (int k = 0; k < m.length; k++) {
                m[k] += row[k] / s.length;
            }
        }
        return m;
    }
}
