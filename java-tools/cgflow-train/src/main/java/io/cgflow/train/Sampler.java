package io.cgflow.train;

import io.cgflow.core.geometry.Box;
import io.cgflow.md.Forces;
import io.cgflow.md.Integrator;
import io.cgflow.md.MdSettings;
import io.cgflow.md.ModelForces;
import io.cgflow.md.Simulation;
import io.cgflow.nn.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples configurations of one state with a model: one replica of the {@code cgflow-md} engine (Langevin BAOAB or
 * single-bead Monte Carlo) on the calling thread, with its own seeded random streams. A replica continues where its
 * previous round ended (positions, velocities, random-stream counters), with the forces of the new model; each round
 * runs {@code equilibration} steps (four times as many in the first) and then keeps the round's frames (the
 * trainer's choice, from {@code frames} up to {@code max-frames}), one every {@code frameInterval} steps.
 */
public final class Sampler {
    /** Purpose mixed into the seed of every replica stream. */
    private static final long REPLICA_SEED = 0x5245504cL;

    private Sampler() {
    }

    /** A configuration kept for training. */
    public record Frame(double[] x, Box box) {
    }

    /** Where one replica stands between rounds. */
    public static final class Replica {
        private final int state;
        private final int index;
        private final long seed;
        private Simulation.State last;

        public Replica(int state, int index, long runSeed) {
            this.state = state;
            this.index = index;
            this.seed = runSeed * 1_000_003L + REPLICA_SEED + 10_007L * state + index;
        }

        public int state() {
            return state;
        }

        public int index() {
            return index;
        }

        /** The state after the last round, or null before the first. */
        public Simulation.State last() {
            return last;
        }

        public void restore(Simulation.State s) {
            this.last = s;
        }
    }

    /** Runs one round of {@code replica} of {@code state} with {@code model}; returns its frames in step order. */
    public static List<Frame> sample(TrainedModel model, TrainingState state, Replica replica, TrainSettings s) {
        return sample(model, state, replica, s, s.frames());
    }

    /** {@link #sample(TrainedModel, TrainingState, Replica, TrainSettings)} keeping {@code frames} frames. */
    public static List<Frame> sample(TrainedModel model, TrainingState state, Replica replica, TrainSettings s,
                                     int frames) {
        double reach = Math.max(model.cutoff(), model.priorDefinition().map(p -> p.cutoff()).orElse(0.0));
        // the networks as such: the trainer reweights by their exact energies (linear models have their own tables);
        // one thread per replica (the replicas run side by side), the same evaluation and bits as production MD
        return sample(skin -> ModelForces.create(model, state.topology(), skin, 1, false), reach, state, replica, s,
            frames);
    }

    /**
     * One round with the forces {@code forces} makes for a Verlet skin; {@code reach} is their longest pair distance
     * (nm); {@code frames} frames are kept.
     */
    public static List<Frame> sample(java.util.function.DoubleFunction<Forces> forcesOfSkin, double reach,
                                     TrainingState state, Replica replica, TrainSettings s, int frames) {
        boolean first = replica.last == null;
        long start = first ? 0 : replica.last.step();
        long equilibration = first ? 4L * s.equilibration() : s.equilibration();
        long end = start + equilibration + (long) frames * s.frameInterval();
        Integrator integrator = "mc".equals(s.sampler()) ? Integrator.MC : Integrator.LANGEVIN;
        double half = state.halfWidth();
        double skin = Math.min(0.1, Math.max(0, half - reach));
        MdSettings md = new MdSettings(integrator, state.temperature(), s.dt(), end, replica.seed, s.friction(), 0.1,
            s.frameInterval(), 0.4, 4L * s.equilibration(), skin, MdSettings.DEFAULT_FORCE_LIMIT);
        List<Frame> kept = new ArrayList<>(frames);
        long keepAfter = start + equilibration;
        try (Forces forces = forcesOfSkin.apply(skin)) {
            Simulation sim = new Simulation(state.topology(), state.masses(), state.box(), state.positions(), md,
                forces);
            if (!first) {
                sim.restore(replica.last);
            }
            sim.run(sample -> {
                if (sample.step() > keepAfter) {
                    kept.add(new Frame(sample.positions(), sample.box()));
                }
            }, 0, null);
            replica.last = sim.state();
        }
        if (kept.size() != frames) {
            throw new IllegalStateException(String.format(Locale.ROOT, "replica %d of %s kept %d frames, not %d",
                replica.index, state.name(), kept.size(), frames));
        }
        return kept;
    }
}
