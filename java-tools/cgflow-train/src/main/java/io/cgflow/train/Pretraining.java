package io.cgflow.train;

import io.cgflow.analysis.Distribution;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.model.MlpModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * The start of training: the networks regressed so that every bead's energy is half the sum over its neighbours of
 * the potential of mean force beyond the prior, t_ab(r) = f_c(r)·[−k_BT ln g_ab(r)] (g floored at the contact
 * threshold and averaged over five bins; constant below the contact distance, where the prior takes over), on the
 * start configurations of all states. A linear network is solved exactly (least squares with a tiny ridge); a network
 * with hidden layers is fitted by Adam on the mean squared error, full batch, for {@code pretrain-epochs} epochs.
 */
public final class Pretraining {
    private static final double PRETRAIN_RATE = 0.01;

    private Pretraining() {
    }

    /** θ with the network parameters regressed on the PMF (the bonded part of θ is kept). */
    public static double[] run(ModelLayout layout, List<TrainingState> states, TrainSettings s, double[] theta) {
        int types = layout.types().size();
        int length = layout.descriptor().length();
        List<List<double[]>> rows = new ArrayList<>();
        List<List<Double>> targets = new ArrayList<>();
        for (int t = 0; t < types; t++) {
            rows.add(new ArrayList<>());
            targets.add(new ArrayList<>());
        }
        double rc = layout.descriptor().cutoff();
        for (TrainingState state : states) {
            NetworkPotential net = NetworkPotential.of(layout.model(theta, null), state.topology());
            NeighbourList list = new NeighbourList(state.topology().size(), rc, 0, NeighbourList.Kind.HALF,
                Exclusions.of(state.topology()));
            double[] x = state.positions();
            list.build(x, state.box());
            double[] g = net.descriptors(x, state.box(), list);
            PairList pairs = net.pairList(x, state.box(), list);
            int n = state.topology().size();
            double[] e = new double[n];
            double[][] pmf = pmfTables(layout, state, s);
            for (int p = 0; p < pairs.size(); p++) {
                int i = pairs.i()[p];
                int j = pairs.j()[p];
                int a = net.typeOf(i);
                int b = net.typeOf(j);
                double r = pairs.distance(p);
                double v = 0.5 * lookup(pmf[a * types + b], r, rc);
                e[i] += v;
                e[j] += v;
            }
            for (int i = 0; i < n; i++) {
                int t = net.typeOf(i);
                double[] z = new double[length];
                System.arraycopy(g, i * length, z, 0, length);
                layout.scalings().get(t).apply(z, 1, z);
                rows.get(t).add(z);
                targets.get(t).add(e[i]);
            }
        }
        double[] out = theta.clone();
        for (int t = 0; t < types; t++) {
            if (rows.get(t).isEmpty()) {
                continue;
            }
            double[] w = layout.architecture().hidden().isEmpty()
                ? leastSquares(rows.get(t), targets.get(t), length)
                : adam(layout, layout.network(theta, t), rows.get(t), targets.get(t), s.pretrainEpochs());
            System.arraycopy(w, 0, out, layout.networkOffset(t), w.length);
        }
        return out;
    }

    /** The PMF beyond the prior of every ordered type pair, on the RDF grid of the state (bin centres). */
    private static double[][] pmfTables(ModelLayout layout, TrainingState state, TrainSettings s) {
        int types = layout.types().size();
        double kT = 1 / state.beta();
        double[][] out = new double[types * types][];
        for (int a = 0; a < types; a++) {
            for (int b = 0; b < types; b++) {
                Distribution d = state.reference().rdf(layout.types().get(a), layout.types().get(b)).orElseThrow();
                double[] g = d.value();
                double[] u = new double[g.length + 1];
                u[g.length] = d.grid().width();
                int first = -1;
                for (int k = 0; k < g.length; k++) {
                    double sum = 0;
                    int count = 0;
                    for (int q = Math.max(0, k - 2); q <= Math.min(g.length - 1, k + 2); q++) {
                        sum += g[q];
                        count++;
                    }
                    double gs = sum / count;
                    if (first < 0 && g[k] > s.contactThreshold()) {
                        first = k;
                    }
                    u[k] = -kT * Math.log(Math.max(gs, s.contactThreshold()));
                }
                for (int k = 0; k < Math.max(first, 0); k++) {
                    u[k] = u[first];
                }
                out[a * types + b] = u;
            }
        }
        return out;
    }

    /** t(r) from a table of bin values (last element: the bin width), times the cosine cut-off. */
    private static double lookup(double[] table, double r, double rc) {
        double w = table[table.length - 1];
        int k = (int) Math.floor(r / w);
        double u = table[Math.min(Math.max(k, 0), table.length - 2)];
        return u * 0.5 * (Math.cos(Math.PI * r / rc) + 1);
    }

    /** Weights and bias of E(z) = w·z + b by least squares over the rows, ridge 10⁻⁸ of the mean diagonal. */
    static double[] leastSquares(List<double[]> rows, List<Double> targets, int length) {
        int p = length + 1;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        double[] x = new double[p];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, x, 0, length);
            x[length] = 1;
            double y = targets.get(r);
            for (int q = 0; q < p; q++) {
                b[q] += x[q] * y;
                for (int u = 0; u < p; u++) {
                    a[q][u] += x[q] * x[u];
                }
            }
        }
        double trace = 0;
        for (int q = 0; q < p; q++) {
            trace += a[q][q];
        }
        for (int q = 0; q < p; q++) {
            a[q][q] += 1e-8 * trace / p + 1e-300;
        }
        return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-8, 0).getSolver()
            .solve(new ArrayRealVector(b, false)).toArray();
    }

    /** A network fitted to the targets by Adam on the mean squared error. */
    private static double[] adam(ModelLayout layout, double[] start, List<double[]> rows, List<Double> targets,
                                 int epochs) {
        int length = layout.descriptor().length();
        int n = rows.size();
        double[] z = new double[n * length];
        for (int r = 0; r < n; r++) {
            System.arraycopy(rows.get(r), 0, z, r * length, length);
        }
        MlpModel model = new MlpModel(layout.architecture(), start);
        int p = model.parameterCount();
        AdamStep adam = new AdamStep(false, PRETRAIN_RATE, p, null);
        double[] e = new double[n];
        double[] per = new double[n * p];
        double[] theta = start.clone();
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.energies(z, n, e);
            model.parameterGradients(z, n, per);
            double[] grad = new double[p];
            for (int r = 0; r < n; r++) {
                double c = 2 * (e[r] - targets.get(r)) / n;
                for (int q = 0; q < p; q++) {
                    grad[q] += c * per[r * p + q];
                }
            }
            double[] step = adam.step(grad, epoch);
            for (int q = 0; q < p; q++) {
                theta[q] += step[q];
            }
            model.setParameters(theta);
        }
        return theta;
    }
}
