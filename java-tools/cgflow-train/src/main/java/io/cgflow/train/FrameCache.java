package io.cgflow.train;

import io.cgflow.core.concurrent.Futures;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.dl4j.Dl4jMlpModel;
import io.cgflow.nn.model.BeadEnergyModel;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.potentials.CompositePotential;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Potential;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The sampled frames of one state with everything about them that does not depend on θ: S(x), and the standardised
 * descriptor rows of every bead grouped by bead type. E_θ(x) and ∂E/∂θ(x) of the cached frames then need only
 * batched network passes over the rows (and the bonded tables over the bead positions), which is what reweighting and
 * the fluctuation gradient evaluate for every new θ. Frames are processed in fixed chunks on a pool and their results
 * stored by index, so the numbers do not depend on the thread count.
 *
 * <p>When the state has a pressure target, every frame also keeps the descriptor rows of the frame scaled by 1 ± h
 * (positions and box): the virial of the model is W(x; θ) = −dE_θ(λx)/dλ at λ = 1, taken as the central difference
 * of the two, and so is its derivative ∂W/∂θ from the parameter gradients of the two — for the network and the bonded
 * tables alike. The fixed repulsive prior adds its analytic virial, the beads their ideal-gas term N k_BT.
 */
public final class FrameCache {
    /** Frames per task. */
    private static final int CHUNK = 4;
    /** Relative scaling of the configuration for the virial's central difference. */
    static final double SCALE_STEP = 1e-5;

    /**
     * One frame: positions, box, S(x), per bead type its standardised descriptor rows, and for the pressure (null
     * without one) the rows of the scaled frames.
     */
    public record Entry(double[] x, Box box, double[] s, double[][] rows, int[] counts, Scaled scaled) {
    }

    /**
     * The frame scaled by 1 + h ({@code up}) and 1 − h ({@code down}), and the part of the pressure that does not
     * depend on θ, (N k_BT + W_prior/3)/V in kJ/mol/nm³.
     */
    public record Scaled(Side up, Side down, double fixedPressure) {
    }

    /** One scaled frame: its positions and box (for the bonded tables) and its standardised rows. */
    public record Side(Sampler.Frame frame, double[][] rows) {
    }

    private final TrainingState state;
    private final ModelLayout layout;
    private final List<Entry> entries;
    /** E at the θ the frames were sampled with (for reweighting). */
    private final double[] sampledEnergy;
    /** Index of the pressure in S (−1: none). */
    private final int pressureIndex;

    private FrameCache(TrainingState state, ModelLayout layout, List<Entry> entries, double[] sampledEnergy,
                       int pressureIndex) {
        this.state = state;
        this.layout = layout;
        this.entries = List.copyOf(entries);
        this.sampledEnergy = sampledEnergy;
        this.pressureIndex = pressureIndex;
    }

    /** The network backend of the batched passes. */
    public enum Backend {
        PLAIN, ND4J
    }

    /** Caches {@code frames} of {@code state} sampled at θ = {@code sampledTheta} with that model's own forces. */
    public static FrameCache build(TrainingState state, ModelLayout layout, Observables observables,
                                   List<Sampler.Frame> frames, double[] sampledTheta, Backend backend,
                                   ExecutorService pool) {
        return build(state, layout, observables, frames, sampledTheta, null, backend, pool);
    }

    /**
     * Caches {@code frames} of {@code state} sampled at θ = {@code sampledTheta}; with {@code samplingTables} (not
     * null) the frames were sampled with those pair tables in place of the network (see {@link LinearPairTables}), and
     * their energy is what reweighting starts from.
     */
    public static FrameCache build(TrainingState state, ModelLayout layout, Observables observables,
                                   List<Sampler.Frame> frames, double[] sampledTheta,
                                   io.cgflow.potentials.TabulatedPair samplingTables, Backend backend,
                                   ExecutorService pool) {
        TrainedModel shape = layout.model(sampledTheta, null);
        int n = frames.size();
        Entry[] out = new Entry[n];
        boolean pressure = observables.pressureIndex() >= 0;
        double kT = io.cgflow.md.MdSettings.KB * state.temperature();
        inChunks(n, pool, (from, to) -> {
            NetworkPotential net = NetworkPotential.of(shape, state.topology());
            NeighbourList list = new NeighbourList(state.topology().size(), net.cutoff(), 0.0,
                NeighbourList.Kind.HALF, Exclusions.of(state.topology()));
            Observables.Calculator calc = observables.calculator();
            for (int f = from; f < to; f++) {
                Sampler.Frame frame = frames.get(f);
                list.build(frame.x(), frame.box());
                double[] g = net.descriptors(frame.x(), frame.box(), list);
                Scaled scaled = null;
                if (pressure) {
                    double w = priorVirial(net.pairList(frame.x(), frame.box(), list), net, layout.prior());
                    int beads = frame.x().length / 3;
                    double fixed = (beads * kT + w / 3) / Math.abs(frame.box().volume());
                    scaled = new Scaled(scaledSide(frame, 1 + SCALE_STEP, net, list, layout),
                        scaledSide(frame, 1 - SCALE_STEP, net, list, layout), fixed);
                }
                out[f] = entry(frame, calc.of(frame.x(), frame.box()), g, net, layout, scaled);
            }
        });
        FrameCache cache = new FrameCache(state, layout, List.of(out), new double[n], observables.pressureIndex());
        double[] e = samplingTables == null ? cache.evaluate(sampledTheta, false, backend, pool).energies()
            : tableEnergies(state, layout, frames, sampledTheta, samplingTables, pool);
        System.arraycopy(e, 0, cache.sampledEnergy, 0, n);
        return cache;
    }

    /** A cache restored from a checkpoint: frames and their energies at the θ they were sampled with. */
    public static FrameCache restore(TrainingState state, ModelLayout layout, Observables observables,
                                     List<Sampler.Frame> frames, double[] sampledEnergy, ExecutorService pool) {
        FrameCache c = build(state, layout, observables, frames, layout.initial(0, new double[layout.parameterCount()
            - layout.networkParameters()]), Backend.PLAIN, pool);
        System.arraycopy(sampledEnergy, 0, c.sampledEnergy, 0, sampledEnergy.length);
        return c;
    }

    /** Per bead type, the mean standardised descriptor row over the cached frames (zeros for a type absent here). */
    public double[][] meanRows() {
        int types = layout.types().size();
        int length = layout.descriptor().length();
        double[][] mean = new double[types][length];
        long[] count = new long[types];
        for (Entry e : entries) {
            for (int t = 0; t < types; t++) {
                double[] rows = e.rows()[t];
                for (int k = 0; k < e.counts()[t]; k++) {
                    for (int c = 0; c < length; c++) {
                        mean[t][c] += rows[k * length + c];
                    }
                }
                count[t] += e.counts()[t];
            }
        }
        for (int t = 0; t < types; t++) {
            for (int c = 0; c < length && count[t] > 0; c++) {
                mean[t][c] /= count[t];
            }
        }
        return mean;
    }

    /** Energies of the cached frames under {@code tables} (pair tables) and the bonded tables of θ. */
    public double[] tableEnergies(double[] theta, io.cgflow.potentials.TabulatedPair tables, ExecutorService pool) {
        List<Sampler.Frame> frames = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            frames.add(new Sampler.Frame(e.x(), e.box()));
        }
        return tableEnergies(state, layout, frames, theta, tables, pool);
    }

    /** Energies of the frames under the pair tables and the bonded tables of θ. */
    private static double[] tableEnergies(TrainingState state, ModelLayout layout, List<Sampler.Frame> frames,
                                          double[] theta, io.cgflow.potentials.TabulatedPair tables,
                                          ExecutorService pool) {
        List<PotentialDefinition> parts = new ArrayList<>();
        parts.add(tables);
        parts.addAll(layout.bondedDefinitions(theta));
        io.cgflow.potentials.CompositePotential all = new io.cgflow.potentials.CompositePotential("sampling", parts);
        int n = frames.size();
        double[] e = new double[n];
        inChunks(n, pool, (from, to) -> {
            Potential p = all.evaluator(state.topology());
            NeighbourList list = new NeighbourList(state.topology().size(), p.cutoff(), 0.0,
                NeighbourList.Kind.HALF, Exclusions.of(state.topology()));
            Evaluation ev = new Evaluation(state.topology().size(), p.parameterCount());
            for (int f = from; f < to; f++) {
                Sampler.Frame frame = frames.get(f);
                list.build(frame.x(), frame.box());
                ev.clear();
                p.evaluate(frame.x(), frame.box(), list, Request.ENERGY, ev);
                e[f] = ev.energy();
            }
        });
        return e;
    }

    /** The frame with positions and box scaled by {@code factor}, with its standardised rows. */
    private static Side scaledSide(Sampler.Frame frame, double factor, NetworkPotential net, NeighbourList list,
                                   ModelLayout layout) {
        Sampler.Frame s = scaled(frame, factor);
        list.build(s.x(), s.box());
        return new Side(s, entry(s, null, net.descriptors(s.x(), s.box(), list), net, layout, null).rows());
    }

    private static Sampler.Frame scaled(Sampler.Frame frame, double factor) {
        double[] x = frame.x().clone();
        for (int k = 0; k < x.length; k++) {
            x[k] *= factor;
        }
        return new Sampler.Frame(x, frame.box().scaled(factor));
    }

    /** Σ over pairs of −r u'(r) of the fixed prior, kJ/mol. */
    private static double priorVirial(PairList pairs, NetworkPotential net, ModelLayout.Prior prior) {
        double w = 0;
        for (int p = 0; p < pairs.size(); p++) {
            w += prior.virial(net.typeOf(pairs.i()[p]), net.typeOf(pairs.j()[p]), pairs.distance(p));
        }
        return w;
    }

    /** Work on frames [from, to) of a chunk. */
    @FunctionalInterface
    private interface Chunk {
        void run(int from, int to);
    }

    /** Runs {@code work} on fixed chunks of {@link #CHUNK} frames of [0, n) on the pool and waits for all. */
    private static void inChunks(int n, ExecutorService pool, Chunk work) {
        List<Future<?>> tasks = new ArrayList<>();
        for (int c = 0; c < n; c += CHUNK) {
            int from = c;
            int to = Math.min(n, c + CHUNK);
            tasks.add(pool.submit(() -> work.run(from, to)));
        }
        for (Future<?> t : tasks) {
            Futures.await(t);
        }
    }

    private static Entry entry(Sampler.Frame frame, double[] s, double[] g, NetworkPotential net, ModelLayout layout,
                               Scaled scaled) {
        int types = layout.types().size();
        int length = layout.descriptor().length();
        int beads = frame.x().length / 3;
        int[] counts = new int[types];
        for (int i = 0; i < beads; i++) {
            counts[net.typeOf(i)]++;
        }
        double[][] rows = new double[types][];
        int[] fill = new int[types];
        for (int t = 0; t < types; t++) {
            rows[t] = new double[counts[t] * length];
        }
        for (int i = 0; i < beads; i++) {
            int t = net.typeOf(i);
            System.arraycopy(g, i * length, rows[t], fill[t] * length, length);
            fill[t]++;
        }
        for (int t = 0; t < types; t++) {
            InputScaling sc = layout.scalings().get(t);
            sc.apply(rows[t], counts[t], rows[t]);
        }
        return new Entry(frame.x(), frame.box(), s, rows, counts, scaled);
    }

    public TrainingState state() {
        return state;
    }

    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** E at the sampling θ of every frame (a copy). */
    public double[] sampledEnergies() {
        return sampledEnergy.clone();
    }

    /**
     * Energies and (when asked) ∂E/∂θ of every frame at one θ; with a pressure target also the pressure P(x; θ) of
     * every frame (bar) and, with the gradient, ∂P/∂θ (null without a pressure target).
     */
    public record Result(double[] energies, double[][] gradients, double[] pressures, double[][] pressureGradients) {
    }

    /** S(x) of every frame with the pressure of {@code result} in its place (the cached vectors without one). */
    public double[][] observables(Result result) {
        double[][] s = new double[entries.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = entries.get(i).s();
            if (pressureIndex >= 0) {
                s[i] = s[i].clone();
                s[i][pressureIndex] = result.pressures()[i];
            }
        }
        return s;
    }

    /** Index of the pressure in S, −1 when the state has none. */
    public int pressureIndex() {
        return pressureIndex;
    }

    /** E_θ(x_i) and, with {@code gradient}, ∂E/∂θ(x_i) of every cached frame (and the pressure, see {@link Result}). */
    public Result evaluate(double[] theta, boolean gradient, Backend backend, ExecutorService pool) {
        int n = entries.size();
        double[] e = new double[n];
        double[][] d = gradient ? new double[n][] : null;
        boolean pressure = pressureIndex >= 0;
        double[] pr = pressure ? new double[n] : null;
        double[][] dp = pressure && gradient ? new double[n][] : null;
        List<PotentialDefinition> bonded = layout.bondedDefinitions(theta);
        int p = layout.parameterCount();
        inChunks(n, pool, (from, to) -> {
            EnergyOf energy = new EnergyOf(theta, bonded, backend);
            for (int f = from; f < to; f++) {
                Entry entry = entries.get(f);
                double[] grad = gradient ? new double[p] : null;
                e[f] = energy.of(entry.rows(), entry.counts(), entry.x(), entry.box(), grad);
                if (gradient) {
                    d[f] = grad;
                }
                if (pressure) {
                    Scaled sc = entry.scaled();
                    double[] gUp = gradient ? new double[p] : null;
                    double[] gDown = gradient ? new double[p] : null;
                    Sampler.Frame up = sc.up().frame();
                    Sampler.Frame down = sc.down().frame();
                    double eUp = energy.of(sc.up().rows(), entry.counts(), up.x(), up.box(), gUp);
                    double eDown = energy.of(sc.down().rows(), entry.counts(), down.x(), down.box(), gDown);
                    // P = (N kT + W/3)/V with W = −dE/dλ; per unit of dE/dλ the pressure changes by −1/(3V)
                    double perDerivative = -io.cgflow.md.MdSettings.BAR / (3 * Math.abs(entry.box().volume())
                        * 2 * SCALE_STEP);
                    pr[f] = sc.fixedPressure() * io.cgflow.md.MdSettings.BAR + perDerivative * (eUp - eDown);
                    if (gradient) {
                        double[] g = new double[p];
                        for (int q = 0; q < p; q++) {
                            g[q] = perDerivative * (gUp[q] - gDown[q]);
                        }
                        dp[f] = g;
                    }
                }
            }
        });
        return new Result(e, d, pr, dp);
    }

    /** E_θ and ∂E/∂θ of one frame from its rows and positions: the networks of θ and the bonded tables (per thread). */
    private final class EnergyOf {
        private final List<BeadEnergyModel> models = new ArrayList<>();
        private final Potential bondedPotential;
        private final Evaluation ev;
        private final double[] typeGradient;
        private double[] energies = new double[0];

        EnergyOf(double[] theta, List<PotentialDefinition> bonded, Backend backend) {
            int types = layout.types().size();
            for (int t = 0; t < types; t++) {
                double[] w = layout.network(theta, t);
                models.add(backend == Backend.ND4J ? new Dl4jMlpModel(layout.architecture(), w)
                    : new BeadNetwork(layout.types().get(t), layout.architecture(), layout.scalings().get(t), w)
                    .plainModel());
            }
            bondedPotential = bonded.isEmpty() ? null : CompositePotential.sum("bonded",
                bonded.stream().map(b -> b.evaluator(state.topology())).toList());
            ev = bondedPotential == null ? null : new Evaluation(state.topology().size(),
                bondedPotential.parameterCount());
            typeGradient = new double[layout.architecture().parameterCount()];
        }

        /** The energy; with {@code grad} (length P, zero) also ∂E/∂θ into it. */
        double of(double[][] rows, int[] counts, double[] x, Box box, double[] grad) {
            double total = 0;
            for (int t = 0; t < models.size(); t++) {
                int n = counts[t];
                if (n == 0) {
                    continue;
                }
                if (energies.length < n) {
                    energies = new double[n];
                }
                models.get(t).energies(rows[t], n, energies);
                for (int k = 0; k < n; k++) {
                    total += energies[k];
                }
                if (grad != null) {
                    java.util.Arrays.fill(typeGradient, 0);
                    models.get(t).addParameterGradient(rows[t], n, typeGradient);
                    System.arraycopy(typeGradient, 0, grad, layout.networkOffset(t), typeGradient.length);
                }
            }
            if (bondedPotential != null) {
                ev.clear();
                bondedPotential.evaluate(x, box, null, grad != null ? Request.GRADIENT : Request.ENERGY, ev);
                total += ev.energy();
                if (grad != null) {
                    System.arraycopy(ev.parameterGradient(), 0, grad, layout.networkParameters(),
                        bondedPotential.parameterCount());
                }
            }
            return total;
        }
    }
}
