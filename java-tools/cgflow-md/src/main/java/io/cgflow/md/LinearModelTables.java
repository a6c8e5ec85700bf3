package io.cgflow.md;

import io.cgflow.nn.NetworkEnergy;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.potentials.TableSpline;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TypePair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model whose networks have no hidden layer is a pair potential: each bead's energy is linear in its radial
 * descriptors, which are sums over neighbours, so the network's energy is Σ_pairs u_ab(r) plus a constant. This class
 * tabulates u_ab(r) = E(two beads at r) − E(two beads apart), evaluated by the model's own plain-Java networks on a
 * two-bead configuration (so it holds for any radial descriptor), every {@link #STEP} nm, and adds the prior's pair
 * table at the same points. The engine then runs the whole pair part on its tabulated pair loop
 * ({@link KernelForces}), which is several times faster than evaluating the networks; the cubic spline through points
 * this close reproduces u and its derivative to about 10⁻⁶ of their size. The energies differ from the networks' by
 * the constant Σ_i E_i(isolated bead), which moves no bead.
 */
final class LinearModelTables {
    /** Spacing of the table points, nm. */
    static final double STEP = 0.0005;

    private LinearModelTables() {
    }

    /** True when every bead type's network has no hidden layer. */
    static boolean applies(TrainedModel model) {
        return model.networks().stream().allMatch(n -> n.architecture().hidden().isEmpty());
    }

    /**
     * The pair tables of a linear model's networks plus its prior, one per unordered type pair, from that pair's
     * prior table start (so that a distance below it stops the run as with the prior alone; the smallest prior start,
     * or {@link #STEP}, for a pair without a prior table) to the longer of the two cut-offs; empty for a model with
     * hidden layers.
     */
    static Optional<TabulatedPair> of(TrainedModel model) {
        if (!applies(model)) {
            return Optional.empty();
        }
        Optional<TabulatedPair> prior = model.priorDefinition();
        Map<TypePair, TableSpline> priorTables = new HashMap<>();
        double start = Double.POSITIVE_INFINITY;
        if (prior.isPresent()) {
            for (TabulatedPair.Entry e : prior.get().tables()) {
                priorTables.put(e.types(), new TableSpline(e.table()));
                start = Math.min(start, e.table().start());
            }
        }
        if (!Double.isFinite(start)) {
            start = STEP;
        }
        double rc = model.cutoff();
        double priorCutoff = prior.map(TabulatedPair::cutoff).orElse(0.0);
        double end = Math.max(rc, priorCutoff);
        NetworkEnergy network = model.plainEnergy();
        int[] pi = {0};
        int[] pj = {1};
        double[] dx = new double[1];
        double[] zero = new double[1];
        List<String> types = model.beadTypes();
        int[] t = new int[2];
        List<TabulatedPair.Entry> entries = new ArrayList<>();
        for (int a = 0; a < types.size(); a++) {
            for (int b = a; b < types.size(); b++) {
                t[0] = a;
                t[1] = b;
                double apart = network.energy(new PairList(2, 0, pi, pj, dx, zero, zero), t);
                TableSpline p = priorTables.get(TypePair.of(types.get(a), types.get(b)));
                double from = p != null ? p.table().start() : start;
                double[] e = new double[(int) Math.ceil((end - from) / STEP - 1e-9) + 1];
                for (int k = 0; k < e.length; k++) {
                    double r = from + k * STEP;
                    double u = 0;
                    if (r < rc) {
                        dx[0] = r;
                        u = network.energy(new PairList(2, 1, pi, pj, dx, zero, zero), t) - apart;
                    }
                    if (p != null && r < priorCutoff) {
                        u += p.value(r);
                    }
                    e[k] = u;
                }
                entries.add(new TabulatedPair.Entry(TypePair.of(types.get(a), types.get(b)),
                    Table.natural("linear network" + (p != null ? " + prior " : " ") + types.get(a) + "-"
                        + types.get(b), from, STEP, e)));
            }
        }
        return Optional.of(new TabulatedPair("linear network" + (prior.isPresent() ? " and prior" : ""), entries,
            end));
    }

}
