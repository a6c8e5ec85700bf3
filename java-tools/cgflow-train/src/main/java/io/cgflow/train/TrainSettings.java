package io.cgflow.train;

import io.cgflow.nn.model.Activation;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of a training run, resolved: what the settings file gave, and for the rest the defaults that
 * {@link TrainSettingsFile#resolve} derives from the references (documented in docs/training.md). Lengths nm,
 * times ps, energies kJ/mol.
 *
 * @param hidden            hidden-layer widths of every bead type's network (empty: linear, a pair potential)
 * @param activation        activation of the hidden layers
 * @param cutoff            descriptor cut-off r_c
 * @param descriptorMin     centre of the first Gaussian
 * @param descriptorSpacing distance between Gaussian centres
 * @param descriptorWidth   standard deviation of each Gaussian
 * @param fitMax            RDF bins below this distance enter the loss
 * @param contactThreshold  g(r) above which a pair distance counts as sampled (fit range, prior, PMF)
 * @param priorStrength     repulsive prior u(r) = s·k_BT·[(r0/r)^12 − 1 − 12(1 − r/r0)] for r &lt; r0 (s in k_BT)
 * @param optimizer         {@code gauss-newton}, {@code adam} or {@code amsgrad}
 * @param learningRate      Adam/AMSGrad step size
 * @param damping           initial Levenberg–Marquardt λ of the Gauss–Newton step
 * @param jacobianShrinkage shrink each element of the fluctuation Jacobian of the Gauss–Newton step by its
 *                          significance ({@link Estimate#shrink})
 * @param maxIterations     optimisation steps (each a resampling or a reweighting)
 * @param patience          stop before max-iterations, at max-frames, when a fresh loss is within
 *                          {@link #CONVERGED_NOISE_FACTOR} times its sampling noise (converged), or when this many
 *                          fresh losses in a row brought none below (1 − {@link #STALL_GAIN}) times the best fresh loss
 *                          before them (stalled); 0: every iteration to max-iterations
 * @param replicas          independent samplers per state
 * @param frames            frames per replica in the first sampling round
 * @param maxFrames         frames per replica a round may grow to: the frames double from one round to the next while
 *                          the sampling noise of ⟨S⟩ makes more than {@link #NOISE_SHARE} of the loss
 * @param frameInterval     steps (MD) or sweeps (MC) between frames
 * @param equilibration     steps before the frames of a round (four times as many in the first round)
 * @param dt                MD time step
 * @param friction          Langevin friction γ, 1/ps
 * @param sampler           {@code langevin} or {@code mc}
 * @param essThreshold      resample when the effective sample size per frame falls below it
 * @param weights           loss weight of each kind of observable: rdf, bond, angle, dihedral, and pressure (used
 *                          when a reference records the state's pressure)
 * @param beads             beads of a sampling box built from the composition (no start file)
 * @param pretrain          regress the model on the potential of mean force before the first sampling
 * @param pairStage         networks with hidden layers first train as the pair potential they start as (the
 *                          pretrained carrier unit's first-layer weights) until a fresh loss falls by less than
 *                          {@link #PAIR_STAGE_GAIN} of the previous iteration's
 * @param pretrainEpochs    Adam epochs of that regression for networks with hidden layers
 * @param backend           network passes over cached frames: {@code plain}, {@code nd4j} or {@code auto}
 */
public record TrainSettings(List<Integer> hidden, Activation activation, double cutoff, double descriptorMin,
                            double descriptorSpacing, double descriptorWidth, double fitMax, double contactThreshold,
                            double priorStrength, String optimizer, double learningRate, double damping,
                            boolean jacobianShrinkage,
                            int maxIterations, int patience, int replicas, int frames, int maxFrames, int frameInterval, int equilibration,
                            double dt, double friction, String sampler, double essThreshold,
                            Map<String, Double> weights, int beads, boolean pretrain, boolean pairStage, int pretrainEpochs,
                            String backend) {
    /** The kinds of observables that carry a loss weight, in the order settings list them. */
    public static final List<String> WEIGHT_KINDS = List.of("rdf", "bond", "angle", "dihedral", "pressure");
    /**
     * Default pressure weight: a deviation of 10 % of ρk_BT counts like an RDF RMS deviation of 0.01. With weight 1
     * the pressure dominated the Gauss–Newton steps from a PMF start and the RDF of argon stalled near 0.1.
     */
    public static final double DEFAULT_PRESSURE_WEIGHT = 0.01;
    /**
     * The pair stage ends at the first fresh loss above (1 − this) times the previous iteration's: a pair potential
     * has then done about what it can, and every parameter is trained from there.
     */
    public static final double PAIR_STAGE_GAIN = 0.1;
    /**
     * The next round samples twice the frames (up to max-frames) when the sampling noise of the last iteration's
     * averages makes more than this share of its loss: the steps would then fit noise more than structure.
     */
    public static final double NOISE_SHARE = 0.25;
    /**
     * Converged: a fresh loss at max-frames of at most this many times its sampling noise. A residual of pure noise
     * has a loss equal to its noise on average, so what is left of the deviation is then no larger than the noise
     * itself, and further steps would fit noise.
     */
    public static final double CONVERGED_NOISE_FACTOR = 2;
    /** Stalled: patience fresh losses at max-frames, none below (1 − this) times the best fresh loss before them. */
    public static final double STALL_GAIN = 0.05;
    /** Default max-frames of a network: this many times frames, when the samples fit in memory. */
    public static final int MAX_FRAMES_FACTOR = 4;
    /**
     * Default max-frames of a linear model (a pair potential): this many times frames, when the samples fit in
     * memory. Its rounds run on exact pair tables, and the later rounds' precision is what carries the potential
     * along the directions its structure hardly sees: argon from `-i` and `-o` alone, 0.085 / 0.158 ε from LJ
     * (seeds 1 / 2) with 4 × frames, 0.020 / 0.066 ε with 16 × (docs/benchmarks.md).
     */
    public static final int MAX_FRAMES_FACTOR_PAIR = 16;

    public TrainSettings {
        hidden = List.copyOf(hidden);
        weights = Map.copyOf(weights);
    }

    /** The same settings with another max-frames. */
    public TrainSettings withMaxFrames(int value) {
        return new TrainSettings(hidden, activation, cutoff, descriptorMin, descriptorSpacing, descriptorWidth, fitMax,
            contactThreshold, priorStrength, optimizer, learningRate, damping, jacobianShrinkage, maxIterations, patience, replicas, frames, value,
            frameInterval, equilibration, dt, friction, sampler, essThreshold, weights, beads, pretrain, pairStage,
            pretrainEpochs, backend);
    }

    /** Number of Gaussians per neighbour type. */
    public int gaussians() {
        return Math.max(1, (int) Math.floor((cutoff - descriptorMin) / descriptorSpacing + 1e-9));
    }

    /** Loss weight of observables of a kind ({@code rdf}, {@code bond}, …). */
    public double weight(String kind) {
        return weights.getOrDefault(kind, kind.equals("pressure") ? DEFAULT_PRESSURE_WEIGHT : 1.0);
    }

    /** A short name of the architecture: {@code linear} or {@code 2x16}-like, or widths joined by {@code -}. */
    public String architectureName() {
        if (hidden.isEmpty()) {
            return "linear";
        }
        boolean same = hidden.stream().allMatch(w -> w.equals(hidden.get(0)));
        return same ? hidden.size() + "x" + hidden.get(0)
            : String.join("-", hidden.stream().map(String::valueOf).toList());
    }

    /** One line per setting, {@code key: value}, in the order of docs/training.md (stored with the model). */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("hidden: ").append(hidden).append('\n');
        b.append("activation: ").append(activation.id()).append('\n');
        line(b, "cutoff", cutoff);
        line(b, "descriptor-min", descriptorMin);
        line(b, "descriptor-spacing", descriptorSpacing);
        line(b, "descriptor-width", descriptorWidth);
        line(b, "fit-max", fitMax);
        line(b, "contact-threshold", contactThreshold);
        line(b, "prior-strength", priorStrength);
        b.append("optimizer: ").append(optimizer).append('\n');
        line(b, "learning-rate", learningRate);
        line(b, "damping", damping);
        b.append("jacobian-shrinkage: ").append(jacobianShrinkage).append('\n');
        b.append("max-iterations: ").append(maxIterations).append('\n');
        b.append("patience: ").append(patience).append('\n');
        b.append("replicas: ").append(replicas).append('\n');
        b.append("frames: ").append(frames).append('\n');
        b.append("max-frames: ").append(maxFrames).append('\n');
        b.append("frame-interval: ").append(frameInterval).append('\n');
        b.append("equilibration: ").append(equilibration).append('\n');
        line(b, "dt", dt);
        line(b, "friction", friction);
        b.append("sampler: ").append(sampler).append('\n');
        line(b, "ess-threshold", essThreshold);
        b.append("weights: {");
        String sep = "";
        for (String k : WEIGHT_KINDS) {
            b.append(sep).append(k).append(": ").append(fmt(weight(k)));
            sep = ", ";
        }
        b.append("}\n");
        b.append("beads: ").append(beads).append('\n');
        b.append("pretrain: ").append(pretrain).append('\n');
        b.append("pair-stage: ").append(pairStage).append('\n');
        b.append("pretrain-epochs: ").append(pretrainEpochs).append('\n');
        b.append("backend: ").append(backend).append('\n');
        return b.toString();
    }

    private static void line(StringBuilder b, String key, double v) {
        b.append(key).append(": ").append(fmt(v)).append('\n');
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
