package io.cgflow.train;

import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TypePair;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear network (no hidden layer) is a pair potential in disguise: with E_i = Σ_c w_a,c (G_i,c − μ_a,c)/σ_a,c + b_a,
 * pair (i, j) of types (a, b) at distance r contributes u_ab(r) = Σ_m [w_a,(b,m)/σ_a,(b,m) + w_b,(a,m)/σ_b,(a,m)]
 * φ_m(r) with φ_m(r) = exp(−η_m (r − r_s,m)²) f_c(r), and the rest is a constant. Its tables (finely spaced, so that
 * the spline reproduces u to ~10⁻⁶ of its size) run on the engine's fast tabulated pair loop; the trainer samples with
 * them and reweights every frame by exp(−β(E_network − E_tables)), which makes the averages exact for the network.
 */
public final class LinearPairTables {
    /** Spacing of the table points, nm. */
    static final double STEP = 0.0005;

    private LinearPairTables() {
    }

    /** Whether the layout's networks are linear. */
    public static boolean applies(ModelLayout layout) {
        return layout.architecture().hidden().isEmpty();
    }

    /**
     * The pair tables of the linear networks of θ, plus the prior when {@code withPrior}: one table per unordered type
     * pair from half the smallest contact distance to the descriptor cut-off.
     */
    public static TabulatedPair tables(ModelLayout layout, double[] theta, boolean withPrior) {
        double[][] weights = new double[layout.types().size()][];
        for (int a = 0; a < weights.length; a++) {
            weights[a] = layout.network(theta, a);
        }
        return tables(layout, weights, withPrior);
    }

    /**
     * The networks of θ linearised at the scaled inputs {@code at[a]} per bead type (null: at z = 0, the scaling's
     * mean): per type a, the slopes ∂E_a/∂z(z̄_a). E_a(z) ≈ E_a(z̄_a) + ∂E_a/∂z(z̄_a)·(z − z̄_a), whose non-constant part
     * is the linear network of these slopes, whose energy is a sum of pair terms
     * ({@link #tables(ModelLayout, double[][], boolean)}): the <em>tangent</em> pair potential of the networks. For a
     * linear network the slopes are its weights.
     */
    public static double[][] tangent(ModelLayout layout, double[] theta, double[][] at) {
        TrainedModel model = layout.model(theta, null);
        int types = layout.types().size();
        double[][] slopes = new double[types][];
        for (int a = 0; a < types; a++) {
            MlpModel net = model.networks().get(a).plainModel();
            int length = net.architecture().inputs();
            slopes[a] = new double[length];
            net.inputGradients(at == null ? new double[length] : at[a].clone(), 1, new double[1], slopes[a]);
        }
        return slopes;
    }

    /**
     * The pair tables of the linear networks whose input weights per bead type are {@code inputWeights[a]} (∂E_a/∂z,
     * at least T·M long), plus the prior when {@code withPrior}.
     */
    public static TabulatedPair tables(ModelLayout layout, double[][] inputWeights, boolean withPrior) {
        List<String> types = layout.types();
        int n = types.size();
        int m = layout.descriptor().gaussians();
        double[] eta = layout.descriptor().eta();
        double[] centres = layout.descriptor().centres();
        double rc = layout.descriptor().cutoff();
        ModelLayout.Prior prior = layout.prior();
        double smallest = Double.POSITIVE_INFINITY;
        for (double c : prior.contact()) {
            smallest = Math.min(smallest, c);
        }
        double common = Math.floor(0.5 * smallest / STEP) * STEP;
        double end = Math.max(rc, withPrior ? prior.cutoff() : 0);
        double[][] c = new double[n][];
        for (int a = 0; a < n; a++) {
            double[] w = inputWeights[a];
            InputScaling s = layout.scalings().get(a);
            double[] std = s.std();
            c[a] = new double[n * m];
            for (int k = 0; k < n * m; k++) {
                c[a][k] = w[k] / std[k];
            }
        }
        List<TabulatedPair.Entry> entries = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                // every table from half the smallest contact, but beside overlapping beads (contact 0, tables from
                // r = 0) a pair with a core starts at half its own: its prior diverges at r = 0
                double own = prior.contact()[a * n + b];
                double start = withPrior && common == 0 && own > 0 ? Math.floor(0.5 * own / STEP) * STEP : common;
                int points = (int) Math.ceil((end - start) / STEP - 1e-9) + 1;
                double[] e = new double[points];
                for (int k = 0; k < points; k++) {
                    double r = Math.min(start + k * STEP, rc);
                    double fc = 0.5 * (Math.cos(Math.PI * r / rc) + 1);
                    double u = 0;
                    for (int q = 0; q < m; q++) {
                        double d = r - centres[q];
                        u += (c[a][b * m + q] + c[b][a * m + q]) * Math.exp(-eta[q] * d * d);
                    }
                    e[k] = u * fc + (withPrior ? prior.energy(a, b, start + k * STEP) : 0);
                }
                entries.add(new TabulatedPair.Entry(TypePair.of(types.get(a), types.get(b)),
                    Table.natural((withPrior ? "network+prior " : "network ") + types.get(a) + "-" + types.get(b),
                        start, STEP, e)));
            }
        }
        return new TabulatedPair(withPrior ? "linear network and prior" : "linear network", entries, end);
    }
}
