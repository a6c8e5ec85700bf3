package io.cgflow.train;

import io.cgflow.core.concurrent.Futures;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.TrainedModel;
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
 */
public final class FrameCache {
    /** Frames per task. */
    private static final int CHUNK = 4;

    /** One frame: positions, box, S(x), and per bead type its standardised descriptor rows. */
    public record Entry(double[] x, Box box, double[] s, double[][] rows, int[] counts) {
    }

    private final TrainingState state;
    private final ModelLayout layout;
    private final List<Entry> entries;
    /** E at the θ the frames were sampled with (for reweighting). */
    private final double[] sampledEnergy;

    private FrameCache(TrainingState state, ModelLayout layout, List<Entry> entries, double[] sampledEnergy) {
        this.state = state;
        this.layout = layout;
        this.entries = List.copyOf(entries);
        this.sampledEnergy = sampledEnergy;
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
        inChunks(n, pool, (from, to) -> {
            NetworkPotential net = NetworkPotential.of(shape, state.topology());
            NeighbourList list = new NeighbourList(state.topology().size(), net.cutoff(), 0.0,
                NeighbourList.Kind.HALF, Exclusions.of(state.topology()));
            Observables.Calculator calc = observables.calculator();
            for (int f = from; f < to; f++) {
                Sampler.Frame frame = frames.get(f);
                list.build(frame.x(), frame.box());
                double[] g = net.descriptors(frame.x(), frame.box(), list);
                out[f] = entry(frame, calc.of(frame.x(), frame.box()), g, net, layout);
            }
        });
        FrameCache cache = new FrameCache(state, layout, List.of(out), new double[n]);
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

    private static Entry entry(Sampler.Frame frame, double[] s, double[] g, NetworkPotential net, ModelLayout layout) {
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
        return new Entry(frame.x(), frame.box(), s, rows, counts);
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

    /** Energies and (when asked) ∂E/∂θ of every frame at one θ. */
    public record Result(double[] energies, double[][] gradients) {
    }

    /** E_θ(x_i) and, with {@code gradient}, ∂E/∂θ(x_i) of every cached frame. */
    public Result evaluate(double[] theta, boolean gradient, Backend backend, ExecutorService pool) {
        int n = entries.size();
        double[] e = new double[n];
        double[][] d = gradient ? new double[n][] : null;
        List<PotentialDefinition> bonded = layout.bondedDefinitions(theta);
        int p = layout.parameterCount();
        int types = layout.types().size();
        int perType = layout.architecture().parameterCount();
        inChunks(n, pool, (from, to) -> {
            List<BeadEnergyModel> models = new ArrayList<>();
            for (int t = 0; t < types; t++) {
                double[] w = layout.network(theta, t);
                models.add(backend == Backend.ND4J ? new Dl4jMlpModel(layout.architecture(), w)
                    : new BeadNetwork(layout.types().get(t), layout.architecture(), layout.scalings().get(t), w)
                    .plainModel());
            }
            Potential bondedPotential = bonded.isEmpty() ? null : CompositePotential.sum("bonded",
                bonded.stream().map(b -> b.evaluator(state.topology())).toList());
            Evaluation ev = bondedPotential == null ? null
                : new Evaluation(state.topology().size(), bondedPotential.parameterCount());
            double[] energies = new double[0];
            double[] typeGradient = new double[perType];
            for (int f = from; f < to; f++) {
                Entry entry = entries.get(f);
                double total = 0;
                double[] grad = gradient ? new double[p] : null;
                for (int t = 0; t < types; t++) {
                    int rows = entry.counts()[t];
                    if (rows == 0) {
                        continue;
                    }
                    if (energies.length < rows) {
                        energies = new double[rows];
                    }
                    models.get(t).energies(entry.rows()[t], rows, energies);
                    for (int k = 0; k < rows; k++) {
                        total += energies[k];
                    }
                    if (gradient) {
                        java.util.Arrays.fill(typeGradient, 0);
                        models.get(t).addParameterGradient(entry.rows()[t], rows, typeGradient);
                        System.arraycopy(typeGradient, 0, grad, layout.networkOffset(t), perType);
                    }
                }
                if (bondedPotential != null) {
                    ev.clear();
                    bondedPotential.evaluate(entry.x(), entry.box(), null,
                        gradient ? Request.GRADIENT : Request.ENERGY, ev);
                    total += ev.energy();
                    if (gradient) {
                        System.arraycopy(ev.parameterGradient(), 0, grad, layout.networkParameters(),
                            bondedPotential.parameterCount());
                    }
                }
                e[f] = total;
                if (gradient) {
                    d[f] = grad;
                }
            }
        });
        return new Result(e, d);
    }
}
