package io.cgflow.train;

import io.cgflow.analysis.Distribution;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.descriptor.Descriptor;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.MlpArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of training: the networks regressed on the potential of mean force beyond the prior,
 * t_ab(r) = f_c(r)·[−k_BT ln g_ab(r) − c_ab] (g averaged over five bins and floored at the contact threshold, linear
 * between bin centres; constant below the contact distance, where the prior takes over; c_ab = −k_BT ln ḡ_ab with ḡ
 * the mean g over the last {@link #TAIL} nm before the cut-off, so that t vanishes at the cut-off), so that every
 * bead's energy is half the sum of t over its neighbours.
 *
 * <p><b>Linear networks</b> (no hidden layer) are a pair potential: with z = (G − μ)/σ and E_i = w_a·z_i + b_a, a pair
 * of beads of types a and b at distance r adds u_ab(r) = Σ_m [w_a,(b,m)/σ_a,(b,m) + w_b,(a,m)/σ_b,(a,m)] G_m(r), where
 * G(r) is the descriptor row of a bead with one neighbour at r (computed by the descriptor's own code on a two-bead
 * configuration, as {@code cgflow-model pair-energy} and the MD engine's tables of linear models do). The weights are
 * fitted in pair-distance space: u_ab(r) = t_ab(r) by least squares on an r grid of {@link #GRID_STEP} from the first
 * Gaussian to the cut-off, all states at once, with the pair energy split evenly between the two beads
 * (w_a,(b,m)/σ_a,(b,m) = w_b,(a,m)/σ_b,(a,m)) and a ridge of {@link #RIDGE} (relative) on the squared weights. The
 * problem is overdetermined whatever the number of beads (hundreds of grid points per Gaussian block), so a system with
 * a few beads of a type (one peptide, a lipid patch) starts from the same pair potential as a large one; a fit to the
 * beads of one configuration had fewer rows than weights there. The biases make an isolated bead's energy zero
 * (b_a = w_a·μ_a/σ_a), so the network's energy is exactly the sum of its pair energies, as the trainer's pair tables
 * of a linear network assume, and the mean bead energy over the reference is b_a.
 *
 * <p><b>Networks with hidden layers</b> start as exactly that linear solution: the first unit of every hidden layer
 * carries x₀ + ε·(w_a·z) through the linear range of its activation around x₀ (0; 1 for ReLU), with ε such that
 * ε·|w_a·z| ≤ {@link #HEADROOM} on the beads of the start configurations; the output layer scales it back and adds
 * the bias, and every other unit keeps its random initial weights with a zero output weight, ready for the training
 * to use. No regression over configurations is needed, which for the few beads of a type in a start configuration
 * (or in the frames of a short run) would have far fewer rows than the network has parameters: in a trial on the
 * two-type argon of PretrainingTest, a network fitted by Adam on 126 environments of the rare type (its 10 beads in
 * the start configuration and in 12 frames of a run on the linear PMF pair potential) reproduced them to 0.002 kJ/mol
 * but missed the PMF energies of that type in mapped frames by 1.9 kJ/mol (their spread: 0.44 kJ/mol). The result
 * depends only on θ's random initial weights, so it is the same for a seed whatever the thread count.
 */
public final class Pretraining {
    private static final Logger LOG = LoggerFactory.getLogger(Pretraining.class);
    /** Spacing of the r grid of the pair-space fit, nm. */
    static final double GRID_STEP = 0.001;
    /** Ridge of the pair-space fit, relative to the mean diagonal of the normal equations in the weights' metric. */
    static final double RIDGE = 1e-6;
    /** Width of the range before the cut-off whose mean g sets the PMF's zero, nm. */
    static final double TAIL = 0.1;
    /**
     * Largest pre-activation offset ε·|w·z| of the carrier units on the start configurations: tanh is linear to
     * 0.1 % there, and sampling can go twenty times further before the carrier saturates.
     */
    static final double HEADROOM = 0.05;

    private Pretraining() {
    }

    /** θ with the network parameters regressed on the PMF (the bonded part of θ is kept). */
    public static double[] run(ModelLayout layout, List<TrainingState> states, TrainSettings s, double[] theta) {
        int types = layout.types().size();
        List<Pmf[]> pmf = new ArrayList<>();
        for (TrainingState state : states) {
            pmf.add(pmfTables(layout, state, s));
        }
        double[][] linear = linearFit(layout, states, pmf, s);
        double[] out = theta.clone();
        if (layout.architecture().hidden().isEmpty()) {
            for (int t = 0; t < types; t++) {
                System.arraycopy(linear[t], 0, out, layout.networkOffset(t), linear[t].length);
            }
            return out;
        }
        // the range of w·z over the beads of the start configurations, per bead type
        int length = layout.descriptor().length();
        double[] range = new double[types];
        for (TrainingState state : states) {
            double[] rows = startRows(layout, theta, state);
            int n = state.topology().size();
            for (int i = 0; i < n; i++) {
                int t = layout.types().indexOf(state.topology().types().get(state.topology().typeOf(i)));
                double v = 0;
                for (int c = 0; c < length; c++) {
                    v += linear[t][c] * rows[i * length + c];
                }
                range[t] = Math.max(range[t], Math.abs(v));
            }
        }
        double kT = states.stream().mapToDouble(st -> 1 / st.beta()).min().orElse(1);
        for (int t = 0; t < types; t++) {
            double[] net = embed(layout.architecture(), layout.network(theta, t), linear[t], Math.max(range[t], kT));
            System.arraycopy(net, 0, out, layout.networkOffset(t), net.length);
        }
        LOG.info("pretraining: networks with hidden layers set to the linear PMF solution (range of w·z on the start"
            + " configurations per bead type {} kJ/mol)", Arrays.toString(Arrays.stream(range)
            .mapToObj(v -> String.format(Locale.ROOT, "%.3g", v)).toArray()));
        return out;
    }

    /**
     * The parameters {@code random} of a network with hidden layers changed so that it computes the linear network
     * {@code linear} (weights, then bias) for |w·z| up to {@code range} to within its activations' curvature: see the
     * class comment.
     */
    static double[] embed(MlpArchitecture arch, double[] random, double[] linear, double range) {
        double[] p = random.clone();
        int layers = arch.layers();
        int inputs = arch.inputs();
        double eps = HEADROOM / range;
        // carrier unit 0 of hidden layer 0: x0 + ε w·z
        Activation f = arch.activations().get(0);
        double x0 = f == Activation.RELU ? 1 : 0;
        for (int c = 0; c < inputs; c++) {
            p[arch.weightOffset(0) + c] = eps * linear[c];
        }
        p[arch.biasOffset(0)] = x0;
        for (int l = 1; l < layers; l++) {
            double f0 = f.value(x0);
            double d0 = f.derivative(x0, f0);
            int in = arch.layerInputs(l);
            boolean output = l == layers - 1;
            // (h − f0)/d0 = ε w·z: the next carrier's pre-activation, or the energy at the output
            double scale = output ? 1 / (d0 * eps) : 1 / d0;
            Activation next = output ? Activation.IDENTITY : arch.activations().get(l);
            double nextX0 = next == Activation.RELU ? 1 : 0;
            int w = arch.weightOffset(l);
            for (int k = 0; k < in; k++) {
                p[w + k] = k == 0 ? scale : 0;
            }
            p[arch.biasOffset(l)] = output ? linear[inputs] - f0 * scale : nextX0 - f0 * scale;
            if (output) {
                break;
            }
            f = next;
            x0 = nextX0;
        }
        return p;
    }

    /** The standardised descriptor rows of the beads of a state's start configuration ([beads][length]). */
    private static double[] startRows(ModelLayout layout, double[] theta, TrainingState state) {
        int length = layout.descriptor().length();
        NetworkPotential net = NetworkPotential.of(layout.model(theta, null), state.topology());
        NeighbourList list = new NeighbourList(state.topology().size(), layout.descriptor().cutoff(), 0,
            NeighbourList.Kind.HALF, Exclusions.of(state.topology()));
        double[] x = state.positions();
        list.build(x, state.box());
        double[] g = net.descriptors(x, state.box(), list);
        for (int i = 0; i < state.topology().size(); i++) {
            double[] z = Arrays.copyOfRange(g, i * length, (i + 1) * length);
            layout.scalings().get(net.typeOf(i)).apply(z, 1, z);
            System.arraycopy(z, 0, g, i * length, length);
        }
        return g;
    }

    /**
     * The linear networks (weights, then bias, per bead type) whose pair energies are the PMF beyond the prior: see the
     * class comment.
     */
    static double[][] linearFit(ModelLayout layout, List<TrainingState> states, List<Pmf[]> pmf,
                                TrainSettings s) {
        int types = layout.types().size();
        int m = layout.descriptor().gaussians();
        int length = layout.descriptor().length();
        double rc = layout.descriptor().cutoff();
        double from = Arrays.stream(layout.descriptor().centres()).min().orElseThrow();
        from = Math.max(from, GRID_STEP);
        int points = (int) Math.floor((rc - from) / GRID_STEP);
        // the descriptor rows of two beads at distance r, by the descriptor's own code
        Descriptor descriptor = layout.descriptor().create();
        double[][] w = new double[types][length + 1];
        double worst = 0;
        String worstPair = "";
        for (int a = 0; a < types; a++) {
            double[] sa = layout.scalings().get(a).std();
            for (int b = a; b < types; b++) {
                double[] sb = layout.scalings().get(b).std();
                double[][] design = new double[points][m];
                double[] g = new double[2 * length];
                int[] pairTypes = {a, b};
                for (int k = 0; k < points; k++) {
                    double r = from + k * GRID_STEP;
                    descriptor.compute(new PairList(2, 1, new int[] {0}, new int[] {1}, new double[] {r},
                        new double[1], new double[1]), pairTypes, g);
                    for (int q = 0; q < m; q++) {
                        design[k][q] = g[b * m + q] + g[length + a * m + q];
                    }
                }
                double[][] normal = new double[m][m];
                double[] rhs = new double[m];
                boolean data = false;
                for (int st = 0; st < states.size(); st++) {
                    Pmf table = pmf.get(st)[a * types + b];
                    if (table == null) {
                        continue;
                    }
                    data = true;
                    for (int k = 0; k < points; k++) {
                        double y = table.at(from + k * GRID_STEP, rc);
                        double[] x = design[k];
                        for (int p = 0; p < m; p++) {
                            rhs[p] += x[p] * y;
                            for (int q = 0; q < m; q++) {
                                normal[p][q] += x[p] * x[q];
                            }
                        }
                    }
                }
                if (!data) {
                    // no state has this pair: its weights stay 0 (held there by training: ModelLayout's mask)
                    continue;
                }
                // the ridge on Σ w² of the weights this pair sets: w_a,(b,q) = c_q σ_a,(b,q), w_b,(a,q) = c_q σ_b,(a,q)
                double[] metric = new double[m];
                double traceA = 0;
                double traceD = 0;
                for (int q = 0; q < m; q++) {
                    double x = sa[b * m + q];
                    double y = sb[a * m + q];
                    metric[q] = a == b ? x * x : x * x + y * y;
                    traceA += normal[q][q];
                    traceD += metric[q];
                }
                double lambda = RIDGE * traceA / traceD;
                for (int q = 0; q < m; q++) {
                    normal[q][q] += lambda * metric[q] + 1e-300;
                }
                double[] c = new CholeskyDecomposition(new Array2DRowRealMatrix(normal, false), 1e-12, 0)
                    .getSolver().solve(new ArrayRealVector(rhs, false)).toArray();
                for (int q = 0; q < m; q++) {
                    w[a][b * m + q] = c[q] * sa[b * m + q];
                    w[b][a * m + q] = c[q] * sb[a * m + q];
                }
                // how well the pair energy follows the PMF where g is above the contact threshold (for the log)
                for (int st = 0; st < states.size(); st++) {
                    Pmf table = pmf.get(st)[a * types + b];
                    if (table == null) {
                        continue;
                    }
                    double contact = table.contact();
                    double kT = 1 / states.get(st).beta();
                    for (int k = 0; k < points; k++) {
                        double r = from + k * GRID_STEP;
                        if (r < contact) {
                            continue;
                        }
                        double u = 0;
                        for (int q = 0; q < m; q++) {
                            u += c[q] * design[k][q];
                        }
                        double dev = Math.abs(u - table.at(r, rc)) / kT;
                        if (dev > worst) {
                            worst = dev;
                            worstPair = layout.types().get(a) + "-" + layout.types().get(b) + String.format(
                                Locale.ROOT, " at %.3f nm", r);
                        }
                    }
                }
            }
        }
        // the bias: an isolated bead (G = 0, z = −μ/σ) has energy zero
        for (int a = 0; a < types; a++) {
            double[] mean = layout.scalings().get(a).mean();
            double[] std = layout.scalings().get(a).std();
            double bias = 0;
            for (int c = 0; c < length; c++) {
                bias += w[a][c] * mean[c] / std[c];
            }
            w[a][length] = bias;
        }
        LOG.info(String.format(Locale.ROOT, "pretraining: linear networks fitted to the PMF of every type pair on %d"
            + " distances from %.3f to %.3f nm; largest deviation beyond contact %.3g k_BT (%s)", points, from, rc,
            worst, worstPair));
        return w;
    }

    /** The mean of g over the five bins k − 2 … k + 2 (fewer at the ends of the grid). */
    static double smoothed(double[] g, int k) {
        double sum = 0;
        int count = 0;
        for (int q = Math.max(0, k - 2); q <= Math.min(g.length - 1, k + 2); q++) {
            sum += g[q];
            count++;
        }
        return sum / count;
    }

    /**
     * The PMF beyond the prior of one type pair on the RDF grid of a state: bin values {@code values} on bins of
     * {@code width} from {@code min}, and the contact distance (the start of the first bin with g above the threshold).
     */
    record Pmf(double[] values, double min, double width, double contact) {
        /**
         * t(r): the bin values, linear between bin centres and constant beyond the first and last centre, times the
         * cosine cut-off (0 at and beyond r_c).
         */
        double at(double r, double rc) {
            if (!(r < rc)) {
                return 0;
            }
            int bins = values.length;
            double x = (r - min) / width - 0.5;
            double u;
            if (x <= 0) {
                u = values[0];
            } else if (x >= bins - 1) {
                u = values[bins - 1];
            } else {
                int k = (int) Math.floor(x);
                double f = x - k;
                u = (1 - f) * values[k] + f * values[k + 1];
            }
            return u * 0.5 * (Math.cos(Math.PI * r / rc) + 1);
        }
    }

    /**
     * The PMF beyond the prior of every ordered type pair ([a·T + b]) of a state; null for a pair the state's reference
     * has no RDF of (fewer than two beads of a type).
     */
    static Pmf[] pmfTables(ModelLayout layout, TrainingState state, TrainSettings s) {
        int types = layout.types().size();
        double kT = 1 / state.beta();
        double rc = layout.descriptor().cutoff();
        Pmf[] out = new Pmf[types * types];
        for (int a = 0; a < types; a++) {
            for (int b = 0; b < types; b++) {
                Distribution d = state.reference().rdf(layout.types().get(a), layout.types().get(b)).orElse(null);
                if (d == null) {
                    // no pair of these types in the state (a single solute bead, say): nothing to fit here
                    continue;
                }
                double[] g = d.value();
                double[] u = new double[g.length];
                int first = -1;
                for (int k = 0; k < g.length; k++) {
                    double gs = smoothed(g, k);
                    if (first < 0 && g[k] > s.contactThreshold()) {
                        first = k;
                    }
                    u[k] = -kT * Math.log(Math.max(gs, s.contactThreshold()));
                }
                for (int k = 0; k < Math.max(first, 0); k++) {
                    u[k] = u[first];
                }
                // zero at the cut-off: g averaged over the last TAIL nm before it
                double sum = 0;
                int count = 0;
                for (int k = 0; k < g.length; k++) {
                    double x = d.grid().min() + (k + 0.5) * d.grid().width();
                    if (x >= rc - TAIL && x < rc) {
                        sum += g[k];
                        count++;
                    }
                }
                double shift = count == 0 ? 0 : -kT * Math.log(Math.max(sum / count, s.contactThreshold()));
                for (int k = 0; k < g.length; k++) {
                    u[k] -= shift;
                }
                out[a * types + b] = new Pmf(u, d.grid().min(), d.grid().width(),
                    d.grid().min() + Math.max(first, 0) * d.grid().width());
            }
        }
        return out;
    }
}
