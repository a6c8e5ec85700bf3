package io.cgflow.train;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.core.CgflowException;
import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.UsageException;
import io.cgflow.core.concurrent.Futures;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.md.MdSettings;
import io.cgflow.md.Simulation;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.TabulatedPair;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of DESIGN §1.4, from files to files: references (and start files) in, the model and TRAIN.tsv
 * out. Each iteration measures ⟨S⟩ at the current θ — on fresh samples, or by reweighting the cached ones while their
 * effective sample size stays above the threshold and, for Gauss–Newton, while they predicted the last step to gain
 * more than the loss's sampling noise — logs the loss, and takes one optimiser step: the damped Gauss–Newton step on
 * the fluctuation Jacobian (λ raised until the reweighted loss falls, when the reweighted loss can be trusted) or
 * Adam/AMSGrad on the fluctuation gradient. The model written is the θ of the lowest fresh loss (for Adam/AMSGrad,
 * of the lowest measured loss).
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /**
     * A network input is trained when the reference g(r) averaged over its Gaussian reaches this
     * ({@link ModelLayout#supportedInputs}): a tenth of the default contact threshold, so only Gaussians that no
     * sampled pair reaches are held.
     */
    static final double INPUT_SUPPORT = 1e-3;

    /** Below this effective sample size a reweighted loss is not trusted to judge a Gauss–Newton step. */
    static final double TRUSTED_ESS = 0.3;
    /** A measured loss this many times the first one is taken as divergence. */
    static final double DIVERGED = 1e3;
    static final String CHECKPOINT_NAME = "train.ckpt";
    /**
     * A Gauss–Newton step that the cached frames judge worse, or cannot judge once linear response has failed, is
     * damped at most this many times (λ × 4 each) before the most damped one is taken.
     */
    static final int MAX_DAMPING_TRIES = 3;
    /**
     * Frames sampled on the tangent pair tables of a network with hidden layers are kept when, reweighted to the
     * networks, they are worth at least this share of their number in every state.
     */
    static final double TANGENT_ESS = 0.5;
    /** Runs of consecutive frames per replica for the standard errors of the sampled averages (batch means). */
    static final int NOISE_BLOCKS = 5;

    private final String tool;
    private final String version;
    private final String commandLine;
    private final MeterRegistry meters;
    private final PrintStream progress;

    public Trainer(String tool, String version, String commandLine, MeterRegistry meters, PrintStream progress) {
        this.tool = tool;
        this.version = version;
        this.commandLine = commandLine;
        this.meters = meters;
        this.progress = progress;
    }

    /** What a run produced: the model written is that of iteration {@code bestIteration}, of loss {@code loss}. */
    public record Result(Path model, Path log, int iterations, double loss, int bestIteration, double seconds) {
    }

    /** Everything set up before the first iteration. */
    record Setup(List<TrainingState> states, TrainSettings settings, ModelLayout layout, List<Observables> observables,
                 double[] initialBonded, String identity) {
    }

    /** Reads and checks the inputs and derives the settings, the layout and the observables. */
    public static Setup setup(TrainRequest r) {
        if (r.references().isEmpty()) {
            throw new InputException("no reference given (-i)");
        }
        if (!r.starts().isEmpty() && r.starts().size() != r.references().size()) {
            throw new InputException("give one --start per -i reference (" + r.references().size() + "), not "
                + r.starts().size());
        }
        List<ReferenceDistributions> refs = new ArrayList<>();
        for (Path p : r.references()) {
            refs.add(TrainingState.readReference(p));
        }
        TrainingState.checkCompatible(r.references(), refs);
        TrainSettingsFile sf = r.settingsFile() == null ? TrainSettingsFile.empty()
            : TrainSettingsFile.read(r.settingsFile());
        if (r.hidden() != null) {
            sf = sf.with("hidden", r.hidden());
        }
        if (r.activation() != null) {
            sf = sf.with("activation", r.activation());
        }
        if (r.maxIterations() != null) {
            sf = sf.with("max-iterations", r.maxIterations());
        }
        List<String> types = TrainingState.modelTypes(refs);
        double[] contact = TrainSettingsFile.contacts(types, refs, sf.contactThreshold());
        int beads = sf.beads(refs);
        List<TrainingState> states = new ArrayList<>();
        for (int s = 0; s < refs.size(); s++) {
            Path start = r.starts().isEmpty() ? null : r.starts().get(s);
            states.add(TrainingState.load(r.references().get(s), refs.get(s), start, beads, r.seed() + s, contact));
        }
        TrainSettings settings = sf.resolve(states, contact, beads);
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(types, settings.cutoff(), settings.descriptorMin(),
            settings.gaussians(), settings.descriptorWidth());
        settings = sf.checkSampleMemory(states.size(), settings, beads, descriptor.length(), types.size());
        MlpArchitecture arch = new MlpArchitecture(descriptor.length(), settings.hidden(),
            java.util.Collections.nCopies(settings.hidden().size(), settings.activation()));
        double kT = states.stream().mapToDouble(TrainingState::temperature).min().orElseThrow() * MdSettings.KB;
        ModelLayout.Prior prior = new ModelLayout.Prior(types, contact, kT, settings.priorStrength());
        List<ModelLayout.BondedSpec> specs = new ArrayList<>();
        List<double[]> energies = new ArrayList<>();
        bondedTables(states, specs, energies);
        ModelLayout layout = new ModelLayout(types, descriptor, arch, ModelLayout.scalings(types, descriptor, states),
            prior, specs, ModelLayout.supportedInputs(types, descriptor, states, INPUT_SUPPORT,
                ModelLayout.MIN_PAIRS_PER_FRAME));
        int total = 0;
        for (double[] e : energies) {
            total += e.length;
        }
        double[] bonded = new double[total];
        int o = 0;
        for (double[] e : energies) {
            System.arraycopy(e, 0, bonded, o, e.length);
            o += e.length;
        }
        List<Observables> observables = new ArrayList<>();
        boolean anyWeight = false;
        for (TrainingState s : states) {
            Observables obs = Observables.of(s, settings);
            observables.add(obs);
            for (double w : obs.weights()) {
                anyWeight |= w > 0;
            }
        }
        if (!anyWeight) {
            List<String> given = new ArrayList<>();
            for (String k : TrainSettings.WEIGHT_KINDS) {
                given.add(k + ": " + settings.weight(k));
            }
            throw sf.bad("weights", "every observable of the references has weight 0 (" + String.join(", ", given)
                + "): the loss would be 0 from the start and nothing would be fitted");
        }
        StringBuilder id = new StringBuilder("cgflow-train 1\n");
        for (int s = 0; s < states.size(); s++) {
            id.append("reference ").append(Provenance.sha256(r.references().get(s))).append('\n');
            if (!r.starts().isEmpty()) {
                id.append("start ").append(Provenance.sha256(r.starts().get(s))).append('\n');
            }
        }
        id.append("seed ").append(r.seed()).append('\n');
        // the stopping rules are not the run's: a run may be continued with more iterations or another patience
        id.append(settings.describe().replaceAll("(?m)^(max-iterations|patience): .*\n", ""));
        return new Setup(states, settings, layout, observables, bonded, Provenance.sha256Of(id.toString()));
    }

    /**
     * One trainable table per bonded distribution of the references (bonds, then angles, then dihedrals; first state
     * that has it), started at the Boltzmann inverse of a Gaussian of the reference's mean and spread:
     * V(q) = k_BT (q − μ)²/(2σ²) + k_BT ln J(q) with the Jacobian J = q² (bonds) or sin q (angles); dihedrals from
     * −k_BT ln p. Knots: 20 intervals over the sampled range (at least two histogram bins apart), which is extended on both sides by half its width or
     * six standard deviations, whichever is more (the harmonic wall is then 18 k_BT high at the ends). Bond and angle
     * tables are then made non-decreasing away from their minimum ({@link #rising}).
     */
    static void bondedTables(List<TrainingState> states, List<ModelLayout.BondedSpec> specs, List<double[]> energies) {
        for (Distribution.Kind kind : List.of(Distribution.Kind.BOND, Distribution.Kind.ANGLE,
                Distribution.Kind.DIHEDRAL)) {
            List<String> seen = new ArrayList<>();
            for (TrainingState state : states) {
                double kT = MdSettings.KB * state.temperature();
                for (Distribution d : state.reference().distributions()) {
                    if (d.kind() != kind || seen.contains(d.name())) {
                        continue;
                    }
                    seen.add(d.name());
                    double[] p = d.value();
                    double[] x = d.x();
                    int lo = 0;
                    while (lo < p.length && p[lo] == 0) {
                        lo++;
                    }
                    int hi = p.length;
                    while (hi > lo && p[hi - 1] == 0) {
                        hi--;
                    }
                    double mean = d.mean();
                    double var = d.spread() * d.spread();
                    BondedKind bk = BondedKind.valueOf(kind.name());
                    ModelLayout.BondedSpec spec;
                    if (kind == Distribution.Kind.DIHEDRAL) {
                        int points = 36;
                        spec = new ModelLayout.BondedSpec(bk, d.name(), -180, 360.0 / points, points,
                            dataKnots(d, -180, 360.0 / points, points));
                    } else {
                        double a = x[lo] - 0.5 * d.grid().width();
                        double b = x[hi - 1] + 0.5 * d.grid().width();
                        double margin = Math.max(0.5 * (b - a), 6 * Math.sqrt(var));
                        double step = Math.max((b - a) / 20, 2 * d.grid().width());
                        double from = Math.max(kind == Distribution.Kind.BOND ? 1e-3 : 0, a - margin);
                        double to = kind == Distribution.Kind.ANGLE ? Math.min(180, b + margin) : b + margin;
                        int points = (int) Math.ceil((to - from) / step) + 1;
                        spec = new ModelLayout.BondedSpec(bk, d.name(), from, (to - from) / (points - 1), points,
                            dataKnots(d, from, (to - from) / (points - 1), points));
                    }
                    double[] e = new double[spec.points()];
                    double min = Double.POSITIVE_INFINITY;
                    for (int k = 0; k < e.length; k++) {
                        double q = spec.x(k);
                        e[k] = switch (kind) {
                            case BOND -> kT * (q - mean) * (q - mean) / (2 * var) + kT * Math.log(q * q);
                            case ANGLE -> kT * (q - mean) * (q - mean) / (2 * var)
                                + kT * Math.log(Math.max(1e-3, Math.sin(Math.toRadians(q))));
                            default -> {
                                int bin = d.grid().index(q);
                                double pk = bin < 0 ? 0 : p[bin];
                                yield -kT * Math.log(Math.max(pk, 1e-3 / 360));
                            }
                        };
                        min = Math.min(min, e[k]);
                    }
                    if (kind != Distribution.Kind.DIHEDRAL) {
                        min = rising(e, spec, mean, Math.sqrt(var));
                    }
                    for (int k = 0; k < e.length; k++) {
                        e[k] -= min;
                    }
                    specs.add(spec);
                    energies.add(e);
                }
            }
        }
    }

    /**
     * Makes a bond or angle table non-decreasing away from its lowest knot within one standard deviation (and a
     * knot) of the mean (in place) and returns that lowest value. The Jacobian term k_BT ln J of the Boltzmann
     * inverse falls without bound where J vanishes (sin θ at 180°, b² at zero length): with a broad distribution it
     * opened a deeper well at the edge of the table than at the mean, and sampling fell into it (a peptide's backbone
     * angle driven to 180°, where the angle and dihedral forces grow as 1/sin θ and kicked bonds beyond their tables).
     * Within one standard deviation the Jacobian moves the minimum of a Gaussian's inverse by σ²|cot θ| at most
     * there; a window of two standard deviations still reached 180° for a backbone angle of 133° ± 23°.
     */
    static double rising(double[] e, ModelLayout.BondedSpec spec, double mean, double sd) {
        // the knots span the data, so the one nearest the mean is within a step of it
        int lowest = -1;
        for (int k = 0; k < e.length; k++) {
            if (Math.abs(spec.x(k) - mean) <= sd + spec.step() && (lowest < 0 || e[k] < e[lowest])) {
                lowest = k;
            }
        }
        for (int k = lowest + 1; k < e.length; k++) {
            e[k] = Math.max(e[k], e[k - 1]);
        }
        for (int k = lowest - 1; k >= 0; k--) {
            e[k] = Math.max(e[k], e[k + 1]);
        }
        return e[lowest];
    }

    /**
     * Knots where the reference has data: the reference density of the knot's bin, or of a neighbouring knot's, is at
     * least 1 % of its maximum. Knots further out keep their initial wall: the few samples there would make their
     * Gauss–Newton step a ratio of two noisy small numbers.
     */
    static boolean[] dataKnots(Distribution d, double start, double step, int points) {
        double max = 0;
        for (double v : d.value()) {
            max = Math.max(max, v);
        }
        boolean[] inside = new boolean[points];
        for (int k = 0; k < points; k++) {
            int bin = d.grid().index(start + k * step);
            inside[k] = bin >= 0 && d.value()[bin] >= 0.01 * max;
        }
        boolean[] out = inside.clone();
        for (int k = 0; k < points; k++) {
            if (inside[k]) {
                out[Math.max(0, k - 1)] = true;
                out[Math.min(points - 1, k + 1)] = true;
            }
        }
        return out;
    }

    /** The backend of the batched network passes for a setting. */
    static FrameCache.Backend backend(String setting) {
        return switch (setting) {
            case "plain" -> FrameCache.Backend.PLAIN;
            case "nd4j" -> FrameCache.Backend.ND4J;
            default -> {
                try {
                    Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, Trainer.class.getClassLoader());
                    yield FrameCache.Backend.ND4J;
                } catch (ClassNotFoundException e) {
                    yield FrameCache.Backend.PLAIN;
                }
            }
        };
    }

    public Result run(TrainRequest r) {
        long t0 = System.nanoTime();
        // the time left of --max-time, ns (sampling is cut off when it runs out)
        double budget = r.maxTimeMinutes() > 0 ? r.maxTimeMinutes() * 6e10 : Double.POSITIVE_INFINITY;
        LongSupplier remaining = () -> (long) Math.min(Long.MAX_VALUE, budget - (System.nanoTime() - t0));
        String minutes = java.math.BigDecimal.valueOf(r.maxTimeMinutes()).stripTrailingZeros().toPlainString();
        Setup setup = setup(r);
        TrainSettings s = setup.settings();
        ModelLayout layout = setup.layout();
        List<TrainingState> states = setup.states();
        int ns = states.size();
        FrameCache.Backend backend = backend(s.backend());
        LOG.info("training {} state(s), {} parameters ({} network, architecture {}), {} Gaussians per type, cut-off {}"
            + " nm, optimiser {}, backend {}", ns, layout.parameterCount(), layout.networkParameters(),
            s.architectureName(), s.gaussians(), s.cutoff(), s.optimizer(), backend);
        boolean[] trained = layout.trainable();
        int heldWeights = 0;
        int heldKnots = 0;
        for (int q = 0; q < trained.length; q++) {
            if (!trained[q]) {
                heldWeights += q < layout.networkParameters() ? 1 : 0;
                heldKnots += q < layout.networkParameters() ? 0 : 1;
            }
        }
        if (heldWeights + heldKnots > 0) {
            LOG.info("held at their start where the references have no data: {} network input weights, {} bonded"
                + " table knots", heldWeights, heldKnots);
        }
        Path checkpointFile = r.checkpointDir() == null ? null : r.checkpointDir().resolve(CHECKPOINT_NAME);
        TrainLog log = new TrainLog(states, setup.observables());
        List<Sampler.Replica> replicas = new ArrayList<>();
        for (int st = 0; st < ns; st++) {
            for (int k = 0; k < s.replicas(); k++) {
                replicas.add(new Sampler.Replica(st, k, r.seed()));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, r.threads()), Futures.daemon("cgflow-train"));
        AtomicReference<Double> lossGauge = new AtomicReference<>(Double.NaN);
        AtomicReference<Double> essGauge = new AtomicReference<>(Double.NaN);
        Gauge.builder("cgflow_train_loss", lossGauge, AtomicReference::get)
            .description("loss of the last iteration (all states and observables)").register(meters);
        Gauge.builder("cgflow_train_ess", essGauge, AtomicReference::get)
            .description("effective sample size of the last iteration's reweighting, the smallest over states")
            .register(meters);
        try {
            int iteration = 0;
            double[] theta;
            double[] best;
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestIteration = -1;
            double lowestLoss = Double.POSITIVE_INFINITY;
            String stopped = null;
            double damping = s.damping();
            boolean resample = true;
            double[] optimizerState = null;
            FrameCache[] caches = new FrameCache[ns];
            TrainingCheckpoint saved = checkpointFile != null && Files.exists(checkpointFile)
                ? TrainingCheckpoint.read(checkpointFile) : null;
            if (saved != null) {
                if (!saved.identity().equals(setup.identity())) {
                    throw InputException.in(checkpointFile, "belongs to another training run (other inputs, settings"
                        + " or seed): remove it or give another --checkpoint-dir");
                }
                if (saved.iteration() > s.maxIterations()) {
                    throw InputException.in(checkpointFile, "has " + saved.iteration() + " iterations done, more than"
                        + " max-iterations " + s.maxIterations() + ": give at least " + saved.iteration()
                        + " to continue it, or remove it to train afresh");
                }
                iteration = saved.iteration();
                theta = saved.theta();
                best = saved.bestTheta();
                bestLoss = saved.bestLoss();
                bestIteration = saved.bestIteration();
                lowestLoss = saved.lowestLoss();
                damping = saved.damping();
                resample = saved.resample();
                optimizerState = saved.optimizerState().length == 0 ? null : saved.optimizerState();
                log.restore(saved.log());
                for (int k = 0; k < replicas.size(); k++) {
                    replicas.get(k).restore(saved.replicas().get(k));
                }
                for (int st = 0; st < ns; st++) {
                    TrainingCheckpoint.StoredState ss = saved.states().get(st);
                    if (!ss.frames().isEmpty()) {
                        caches[st] = FrameCache.restore(states.get(st), layout, setup.observables().get(st),
                            ss.frames(), ss.sampledEnergies(), pool);
                    }
                }
                LOG.info("continuing from iteration {} of {}", iteration, checkpointFile);
            } else {
                theta = layout.initial(r.seed(), setup.initialBonded());
                if (s.pretrain()) {
                    theta = Pretraining.run(layout, states, s, theta);
                }
                best = theta.clone();
            }
            double kTmin = states.stream().mapToDouble(TrainingState::temperature).min().orElseThrow() * MdSettings.KB;
            boolean amsgrad = "amsgrad".equals(s.optimizer());
            AdamStep adam = s.optimizer().startsWith("a") ? new AdamStep(amsgrad, s.learningRate(),
                layout.parameterCount(), optimizerState) : null;
            Double firstLoss = log.firstLoss();
            // networks set up as their linear PMF solution first train as that pair potential (docs/training.md)
            boolean pairStaged = s.pairStage() && s.pretrain() && !s.hidden().isEmpty();
            if (pairStaged && !log.resampledLossRose(1 - TrainSettings.PAIR_STAGE_GAIN)) {
                LOG.info("pair stage: the networks train as the pair potential they start as (the first-layer weights"
                    + " of their carrier units) until a fresh loss falls by less than {} %",
                    Math.round(100 * TrainSettings.PAIR_STAGE_GAIN));
            }
            // the loss the references' own noise makes, for the user's judgement of the losses logged: not a stopping
            // rule (argon: a run stopped on reaching it wrote a potential 0.084 ε from LJ where 17 more iterations gave
            // 0.040 ε, docs/benchmarks.md)
            double floor = setup.observables().stream().mapToDouble(Observables::floor).sum();
            LOG.info(String.format(Locale.ROOT, "the references' own noise makes %.4g of the loss: a model as good as"
                + " the true potential, sampled without end, shows about that much", floor));
            while (true) {
                long ts = System.nanoTime();
                if (resample) {
                    int frames = log.framesForRound(s.frames(), s.maxFrames());
                    if (caches[0] != null && frames > caches[0].size() / s.replicas()) {
                        LOG.info("iteration {}: sampling noise made more than {} % of the last loss; {} frames per"
                            + " replica from here", iteration, Math.round(100 * TrainSettings.NOISE_SHARE), frames);
                    }
                    FrameCache[] fresh = sample(theta, layout, states, setup.observables(), replicas, s, frames,
                        backend, pool, iteration, caches, remaining);
                    if (fresh == null) {
                        if (bestIteration < 0) {
                            throw new UsageException("--max-time " + minutes + " min ran out while"
                                + " sampling iteration " + iteration + ", before any iteration finished: there is no"
                                + " model to write; give more time, or fewer frames or a shorter equilibration");
                        }
                        stopped = "max-time";
                        String why = "max-time: " + minutes + " min ran out while"
                            + " sampling; the model is that of iteration " + bestIteration;
                        if (progress != null) {
                            progress.println("cgflow-train: stopping at iteration " + iteration + " of "
                                + s.maxIterations() + ", " + why);
                        }
                        LOG.info("iteration {}: stopping, {}", iteration, why);
                        break;
                    }
                    caches = fresh;
                }
                double samplingSeconds = (System.nanoTime() - ts) / 1e9;
                long tg = System.nanoTime();
                boolean gn = "gauss-newton".equals(s.optimizer());
                // the Jacobian is shrunk while the residual is mostly structure: once the sampling noise made more
                // than NOISE_SHARE of the last loss, the plain covariance's noisier diagonal damps the steps that
                // would otherwise carry that noise along directions the structure hardly sees
                boolean shrink = gn && s.jacobianShrinkage() && !log.noisy(TrainSettings.NOISE_SHARE);
                List<Estimate> estimates = new ArrayList<>();
                List<double[]> weights = new ArrayList<>();
                double loss = 0;
                double noise = 0;
                double ess = 1;
                for (int st = 0; st < ns; st++) {
                    FrameCache c = caches[st];
                    FrameCache.Result res = c.evaluate(theta, true, backend, pool);
                    double beta = states.get(st).beta();
                    double[] w = Estimate.weights(beta, res.energies(), c.sampledEnergies());
                    Observables obs = setup.observables().get(st);
                    double[][] sampled = c.observables(res);
                    Estimate e = Estimate.of(sampled, res.gradients(), c.pressureIndex(), res.pressureGradients(), w,
                        obs.target(), obs.weights(), beta, gn, shrink ? NOISE_BLOCKS * s.replicas() : 0);
                    estimates.add(e);
                    weights.add(obs.weights());
                    loss += e.loss();
                    noise += Estimate.noise(sampled, w, e.mean(), obs.weights(), NOISE_BLOCKS * s.replicas());
                    ess = Math.min(ess, e.ess());
                }
                if (!Double.isFinite(loss) || firstLoss != null && loss > DIVERGED * firstLoss) {
                    throw diverged(String.format(Locale.ROOT, "training diverged at iteration %d: the"
                        + " loss is %.4g (first %.4g); a checkpoint (--checkpoint-dir) keeps the last good iteration — lower the"
                        + " learning-rate or raise the damping", iteration, loss, firstLoss == null ? loss : firstLoss),
                        null);
                }
                if (firstLoss == null) {
                    firstLoss = loss;
                }
                // a Gauss–Newton step minimises the loss on the frames it was computed from, so their reweighted loss
                // after it is biased low: the model is chosen among fresh losses; Adam's small steps may count
                // reweighted ones. Of those, the latest within one sampling noise of the lowest so far: losses that
                // close cannot be told apart, and the later θ has gone further along the directions structure hardly
                // sees, which the steps still carry towards the potential the reference was made with (argon, four
                // seeds: docs/benchmarks.md)
                boolean trusted = resample || !gn && ess >= s.essThreshold();
                if (trusted) {
                    lowestLoss = Math.min(lowestLoss, loss);
                    if (loss <= lowestLoss + (Double.isFinite(noise) ? noise : 0)) {
                        bestLoss = loss;
                        best = theta.clone();
                        bestIteration = iteration;
                    }
                }
                int framesNow = caches[0].size() / s.replicas();
                // a network in its pair stage is not judged stalled: the stage ends on its own when fresh losses fall
                // by less than its gain, and the stall counts from there
                int pairEnd = log.firstResampledRise(1 - TrainSettings.PAIR_STAGE_GAIN);
                int from = !pairStaged ? 0 : pairEnd >= 0 ? pairEnd : Integer.MAX_VALUE;
                TrainLog.Stop early = iteration >= s.maxIterations() ? null
                    : log.stopReason(resample, loss, noise, framesNow, s.maxFrames(), s.patience(), from);
                boolean outOfTime = remaining.getAsLong() <= 0;
                boolean last = iteration >= s.maxIterations() || outOfTime || early != null;
                if (last) {
                    // one word in the model's settings (YAML): the reason in full is on stderr
                    stopped = early != null ? early.kind() : iteration >= s.maxIterations() ? "max-iterations"
                        : "max-time";
                }
                double[] next = null;
                double used = Double.NaN;
                if (!last) {
                    Double before = log.lastLoss();
                    boolean pairStage = pairStaged && !log.resampledLossRose(1 - TrainSettings.PAIR_STAGE_GAIN);
                    // compared as logged, so that a run continued from its checkpoint finds the same end in the log
                    if (pairStage && resample && before != null
                        && TrainLog.logged(loss) > (1 - TrainSettings.PAIR_STAGE_GAIN) * before) {
                        pairStage = false;
                        damping = s.damping();
                        LOG.info("iteration {}: the pair stage ends (fresh loss {} against {} before): every parameter"
                            + " is trained from here, damping {}", iteration, String.format(Locale.ROOT, "%.4g", loss),
                            String.format(Locale.ROOT, "%.4g", before), damping);
                    }
                    // steps the cached frames cannot judge are taken at λ while a pair potential is trained (a
                    // linear model, or a network in its pair stage) and fresh samples have never shown a higher loss
                    // than the iteration before: linear response, as classic IMC trusts it, holds; otherwise they are
                    // damped up the ladder like steps the frames judge worse
                    boolean linearResponse = (pairStage || s.hidden().isEmpty()) && !log.resampledLossRose(1)
                        && !(resample && before != null && TrainLog.logged(loss) > before);
                    boolean[] free = pairStage ? layout.pairStageTrainable() : layout.trainable();
                    if (gn) {
                        GaussNewton step = new GaussNewton(estimates, weights, free);
                        double lambda = damping;
                        for (int attempt = 0; ; attempt++) {
                            double[] delta = limitBonded(step.step(lambda), layout, kTmin);
                            double[] trial = add(theta, delta);
                            double[] reweighted = reweightedLoss(trial, caches, states, setup.observables(), backend,
                                pool);
                            boolean judged = reweighted[1] >= TRUSTED_ESS;
                            LOG.debug("iteration {}: step with damping {}: reweighted loss {} (now {}), ESS {}",
                                iteration, lambda, reweighted[0], loss, reweighted[1]);
                            boolean better = judged && reweighted[0] < loss;
                            if (better || !judged && linearResponse || attempt == MAX_DAMPING_TRIES) {
                                next = trial;
                                used = lambda;
                                damping = better ? Math.max(1e-4, lambda * 0.5) : damping;
                                break;
                            }
                            lambda = Math.max(lambda, 1e-3) * 4;
                        }
                    } else {
                        double[] grad = new double[layout.parameterCount()];
                        for (Estimate e : estimates) {
                            for (int q = 0; q < grad.length; q++) {
                                grad[q] += e.gradient()[q];
                            }
                        }
                        double[] delta = adam.step(grad, iteration);
                        for (int q = 0; q < delta.length; q++) {
                            delta[q] = free[q] ? delta[q] : 0;
                        }
                        next = add(theta, delta);
                        used = s.learningRate();
                    }
                }
                double gradientSeconds = (System.nanoTime() - tg) / 1e9;
                lossGauge.set(loss);
                essGauge.set(ess);
                log.row(iteration, resample ? "resample" : "reweight", loss, estimates, noise,
                    framesNow, ess, used, samplingSeconds, gradientSeconds,
                    (System.nanoTime() - t0) / 1e9);
                if (progress != null) {
                    progress.println(String.format(Locale.ROOT, "cgflow-train: iteration %d/%d %s loss %.4g (noise"
                        + " %.2g, %d frames) %s ess %.3f (sampling %.1f s, gradient %.1f s)", iteration,
                        s.maxIterations(), resample ? "resampled" : "reweighted", loss, noise, framesNow,
                        log.rmsSummary(estimates), ess, samplingSeconds, gradientSeconds));
                }
                if (last) {
                    if (early != null && progress != null) {
                        progress.println("cgflow-train: stopping at iteration " + iteration + " of "
                            + s.maxIterations() + ", " + early);
                    } else if (early != null) {
                        LOG.info("iteration {}: stopping, {}", iteration, early);
                    }
                    break;
                }
                theta = next;
                resample = resampleAlways(s);
                if (!resample) {
                    // {loss, ESS} of the next iteration as the cached frames predict it. A Gauss–Newton step they
                    // predict to gain less than the loss's sampling noise has converged on these frames: more steps on
                    // them would fit their noise, so the next iteration samples afresh (and its loss is one the
                    // stopping rules judge)
                    double[] predicted = reweightedLoss(theta, caches, states, setup.observables(), backend, pool);
                    resample = predicted[1] < s.essThreshold() || gn && loss - predicted[0] < noise;
                }
                iteration++;
                if (checkpointFile != null) {
                    checkpoint(checkpointFile, setup.identity(), iteration, theta, best, bestLoss, bestIteration,
                        lowestLoss, damping, adam == null ? new double[0] : adam.state(), resample, log.text(), caches,
                        replicas);
                }
            }
            TrainedModel model = layout.model(best, Provenance.of(tool, version, commandLine, inputs(r)),
                s.describe() + String.format(Locale.ROOT, "gaussians: %d%nbest-iteration: %d%nbest-loss: %.6g%n"
                    + "stopped: %s%n", s.gaussians(), bestIteration, bestLoss, stopped));
            try (OutputTransaction tx = new OutputTransaction()) {
                Path modelTemp = tx.stage(r.output());
                ModelFile.writeTo(modelTemp, model);
                Files.writeString(tx.stage(r.log()), log.text(), StandardCharsets.UTF_8);
                tx.commit();
            } catch (java.io.IOException e) {
                throw new InputException("cannot write " + r.log() + ": " + e.getMessage(), e);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int done = iteration;
            Gauge.builder("cgflow_train_iterations", () -> done).description("iterations completed").register(meters);
            Gauge.builder("cgflow_train_seconds", () -> seconds).description("wall time of the training, s")
                .register(meters);
            double finalBest = bestLoss;
            Gauge.builder("cgflow_train_best_loss", () -> finalBest).description("the loss of the model written")
                .register(meters);
            return new Result(r.output(), r.log(), iteration, bestLoss, bestIteration, seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Training stopped because the loss or the sampling blew up: bad input (exit 2); the last good checkpoint stays. */
    private static InputException diverged(String message, Throwable cause) {
        return new InputException(message, cause);
    }

    /**
     * The step with every bonded table energy change clipped to ±k_BT: a trust region for tables, whose knots near the
     * edges of the data are estimated from few samples. The network part of the step is left as it is (scaling the
     * whole step instead stalled the networks whenever a table wanted a large change).
     */
    static double[] limitBonded(double[] delta, ModelLayout layout, double kT) {
        double[] out = delta.clone();
        for (int q = layout.networkParameters(); q < out.length; q++) {
            out[q] = Math.max(-kT, Math.min(kT, out[q]));
        }
        return out;
    }

    /** Sampling every round (no reweighting) when the ESS threshold is 1. */
    private static boolean resampleAlways(TrainSettings s) {
        return s.essThreshold() >= 1;
    }

    private static List<Path> inputs(TrainRequest r) {
        List<Path> in = new ArrayList<>(r.references());
        in.addAll(r.starts());
        if (r.settingsFile() != null) {
            in.add(r.settingsFile());
        }
        return in;
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = a.clone();
        for (int k = 0; k < c.length; k++) {
            c[k] += b[k];
        }
        return c;
    }

    /** {loss, smallest ESS} at θ from the cached frames by reweighting. */
    private static double[] reweightedLoss(double[] theta, FrameCache[] caches, List<TrainingState> states,
                                           List<Observables> observables, FrameCache.Backend backend,
                                           ExecutorService pool) {
        double loss = 0;
        double ess = 1;
        for (int st = 0; st < caches.length; st++) {
            FrameCache.Result res = caches[st].evaluate(theta, false, backend, pool);
            double[] w = Estimate.weights(states.get(st).beta(), res.energies(), caches[st].sampledEnergies());
            Observables obs = observables.get(st);
            Estimate e = Estimate.of(caches[st].observables(res), null, w, obs.target(), obs.weights(),
                states.get(st).beta(), false);
            loss += e.loss();
            ess = Math.min(ess, e.ess());
        }
        return new double[] {Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY, ess};
    }

    /**
     * One sampling round of every replica of every state (replicas in parallel), cached per state. Linear networks
     * sample on their exact pair tables. Networks with hidden layers first sample on their tangent pair tables
     * ({@link LinearPairTables#tangent}: the networks linearised at the mean input, several times cheaper to run than
     * the networks) and keep those frames, reweighted to the networks, when every state's effective sample size is at
     * least {@link #TANGENT_ESS}; otherwise the replicas go on from there on the networks' own forces. When the last
     * round's frames ({@code previous}, null in the first) already show the tangent below that size, the round runs on
     * the networks directly. Null when the time {@code remaining} (ns) runs out first: the replicas are stopped.
     */
    private static FrameCache[] sample(double[] theta, ModelLayout layout, List<TrainingState> states,
                                       List<Observables> observables, List<Sampler.Replica> replicas,
                                       TrainSettings s, int frames, FrameCache.Backend backend, ExecutorService pool,
                                       int iteration, FrameCache[] previous, LongSupplier remaining) {
        boolean linear = LinearPairTables.applies(layout);
        boolean previousFrames = previous != null && Arrays.stream(previous).allMatch(Objects::nonNull);
        double[][] weights = linear ? null : LinearPairTables.tangent(layout, theta,
            previousFrames ? meanRows(previous, layout) : null);
        TabulatedPair sampling = linear ? LinearPairTables.tables(layout, theta, true)
            : LinearPairTables.tables(layout, weights, true);
        TabulatedPair reweighting = linear ? LinearPairTables.tables(layout, theta, false)
            : LinearPairTables.tables(layout, weights, false);
        if (!linear && previousFrames) {
            // the last round's frames tell beforehand whether the tangent is close enough to be worth a round
            double ess = 1;
            for (int st = 0; st < previous.length; st++) {
                double[] w = Estimate.weights(states.get(st).beta(),
                    previous[st].evaluate(theta, false, backend, pool).energies(),
                    previous[st].tableEnergies(theta, reweighting, pool));
                ess = Math.min(ess, Estimate.ess(w));
            }
            if (ess < TANGENT_ESS) {
                LOG.info("iteration {}: on the last round's frames the tangent pair tables have an effective sample"
                    + " size of {} (below {}); sampling on the networks", iteration,
                    String.format(Locale.ROOT, "%.3f", ess), TANGENT_ESS);
                return sampleOn(null, null, theta, layout, states, observables, replicas, s, frames, backend, pool,
                    iteration, remaining);
            }
        }
        FrameCache[] caches = sampleOn(sampling, reweighting, theta, layout, states, observables, replicas, s, frames,
            backend, pool, iteration, remaining);
        if (linear || caches == null) {
            return caches;
        }
        double ess = reweightedLoss(theta, caches, states, observables, backend, pool)[1];
        if (ess >= TANGENT_ESS) {
            LOG.info("iteration {}: sampled on the tangent pair tables, effective sample size {} of the networks",
                iteration, String.format(Locale.ROOT, "%.3f", ess));
            return caches;
        }
        LOG.info("iteration {}: tangent pair tables gave an effective sample size of {} (below {}); sampling on the"
            + " networks", iteration, String.format(Locale.ROOT, "%.3f", ess), TANGENT_ESS);
        return sampleOn(null, null, theta, layout, states, observables, replicas, s, frames, backend, pool,
            iteration, remaining);
    }

    /** Per bead type, the mean scaled input over the frames, averaged over the states (a linearisation point only). */
    private static double[][] meanRows(FrameCache[] caches, ModelLayout layout) {
        int types = layout.types().size();
        int length = layout.descriptor().length();
        double[][] mean = new double[types][length];
        for (FrameCache c : caches) {
            double[][] m = c.meanRows();
            for (int t = 0; t < types; t++) {
                for (int k = 0; k < length; k++) {
                    mean[t][k] += m[t][k] / caches.length;
                }
            }
        }
        return mean;
    }

    /** One round on {@code sampling} (pair tables with the prior; null: the model itself), energies by reweighting. */
    private static FrameCache[] sampleOn(TabulatedPair sampling, TabulatedPair reweighting, double[] theta,
                                         ModelLayout layout, List<TrainingState> states,
                                         List<Observables> observables, List<Sampler.Replica> replicas,
                                         TrainSettings s, int frames, FrameCache.Backend backend, ExecutorService pool,
                                         int iteration, LongSupplier remaining) {
        TrainedModel model = layout.model(theta, null);
        List<Future<List<Sampler.Frame>>> runs = new ArrayList<>();
        for (Sampler.Replica rep : replicas) {
            TrainingState state = states.get(rep.state());
            runs.add(pool.submit(() -> sampling != null
                ? Sampler.sample(skin -> tableForces(sampling, layout, theta, state, skin), sampling.cutoff(), state,
                    rep, s, frames)
                : Sampler.sample(model, state, rep, s, frames)));
        }
        List<List<Sampler.Frame>> perState = new ArrayList<>();
        for (int st = 0; st < states.size(); st++) {
            perState.add(new ArrayList<>());
        }
        for (int k = 0; k < runs.size(); k++) {
            try {
                perState.get(replicas.get(k).state()).addAll(Futures.await(runs.get(k), remaining.getAsLong()));
            } catch (TimeoutException e) {
                runs.forEach(f -> f.cancel(true));
                return null;
            } catch (CgflowException | IllegalArgumentException | IllegalStateException e) {
                throw diverged("training diverged at iteration " + iteration + ": sampling "
                    + states.get(replicas.get(k).state()).name() + " with the current model failed (" + e.getMessage()
                    + "); a checkpoint (--checkpoint-dir) keeps the last good iteration — lower the learning-rate, raise the damping"
                    + " or the prior-strength", e);
            }
        }
        FrameCache[] caches = new FrameCache[states.size()];
        for (int st = 0; st < states.size(); st++) {
            caches[st] = FrameCache.build(states.get(st), layout, observables.get(st), perState.get(st), theta,
                reweighting, backend, pool);
        }
        return caches;
    }

    /** The engine's fast tabulated forces for a linear network's tables (with the prior) and the bonded tables. */
    private static io.cgflow.md.Forces tableForces(TabulatedPair tables, ModelLayout layout,
                                                   double[] theta, TrainingState state, double skin) {
        List<io.cgflow.potentials.PotentialDefinition> parts = new ArrayList<>();
        parts.add(tables);
        parts.addAll(layout.bondedDefinitions(theta));
        io.cgflow.potentials.CompositePotential all = new io.cgflow.potentials.CompositePotential("sampling", parts);
        return io.cgflow.md.KernelForces.supports(all)
            ? new io.cgflow.md.KernelForces(all, state.topology(), skin, 1)
            : new io.cgflow.md.PotentialForces(all, state.topology(), skin);
    }

    private static void checkpoint(Path file, String identity, int iteration, double[] theta, double[] best,
                                   double bestLoss, int bestIteration, double lowestLoss, double damping,
                                   double[] optimizer, boolean resample, String log, FrameCache[] caches,
                                   List<Sampler.Replica> replicas) {
        List<TrainingCheckpoint.StoredState> stored = new ArrayList<>();
        for (FrameCache c : caches) {
            List<Sampler.Frame> frames = new ArrayList<>();
            for (FrameCache.Entry e : c.entries()) {
                frames.add(new Sampler.Frame(e.x(), e.box()));
            }
            stored.add(new TrainingCheckpoint.StoredState(frames, c.sampledEnergies()));
        }
        List<Simulation.State> reps = new ArrayList<>();
        for (Sampler.Replica rep : replicas) {
            reps.add(rep.last());
        }
        new TrainingCheckpoint(identity, iteration, theta, best, bestLoss, bestIteration, lowestLoss, damping,
            optimizer, resample, log, stored, reps).write(file);
    }
}
