package io.cgflow.model;

import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.NetworkEnergy;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.potentials.TableSpline;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The energy of two isolated beads of a model at distance r, E(pair at r) − E(pair apart): the network's, from a
 * two-bead configuration whose descriptors are those of both beads (plain-Java networks: {@link NetworkEnergy} on a
 * two-bead {@link PairList}), plus the prior's pair table. For a linear network (no hidden layers) the network part
 * is exactly the pair potential the model adds for every pair; with hidden layers it is the energy of the
 * isolated pair only, not of the many-body model. Zero at and beyond the network's cut-off and the prior's. Not
 * thread-safe.
 */
public final class PairEnergy {
    private final TrainedModel model;
    private final NetworkEnergy network;
    private final double cutoff;
    private final Optional<TabulatedPair> prior;
    private final Map<TypePair, TableSpline> priorTables = new HashMap<>();
    private final int[] types = new int[2];
    private final int[] pairI = {0};
    private final int[] pairJ = {1};
    private final double[] dx = new double[1];
    private final double[] zero = new double[1];
    private final double[] forces = new double[6];

    /** Throws IllegalArgumentException when the model's prior is of a kind no potential reads. */
    public PairEnergy(TrainedModel model) {
        this.model = model;
        this.network = model.plainEnergy();
        this.cutoff = model.cutoff();
        this.prior = model.priorDefinition();
        prior.ifPresent(p -> p.tables().forEach(e -> priorTables.put(e.types(), new TableSpline(e.table()))));
    }

    public TrainedModel model() {
        return model;
    }

    /** True when every bead type's network has no hidden layer: the network is then a sum of pair potentials. */
    public boolean linear() {
        return model.networks().stream().allMatch(n -> n.architecture().hidden().isEmpty());
    }

    /** The bead types whose networks have hidden layers. */
    public List<String> nonlinearTypes() {
        return model.networks().stream().filter(n -> !n.architecture().hidden().isEmpty())
            .map(BeadNetwork::beadType).toList();
    }

    /** The prior's cut-off, nm; 0 without a prior. */
    public double priorCutoff() {
        return prior.map(TabulatedPair::cutoff).orElse(0.0);
    }

    /** The prior's table of a type pair, if it has one. */
    public Optional<TableSpline> priorTable(String a, String b) {
        return Optional.ofNullable(priorTables.get(TypePair.of(a, b)));
    }

    private void bind(String a, String b) {
        types[0] = index(a);
        types[1] = index(b);
    }

    private int index(String type) {
        int t = model.beadTypes().indexOf(type);
        if (t < 0) {
            throw new IllegalArgumentException("bead type " + type + " is not one of the model's " + model.beadTypes());
        }
        return t;
    }

    /** The network's E(r) − E(∞) of beads of types a and b, kJ/mol (0 at and beyond the cut-off). */
    public double network(String a, String b, double r) {
        bind(a, b);
        if (!(r < cutoff)) {
            return 0;
        }
        dx[0] = r;
        double near = network.energy(new PairList(2, 1, pairI, pairJ, dx, zero, zero), types);
        double apart = network.energy(new PairList(2, 0, pairI, pairJ, dx, zero, zero), types);
        return near - apart;
    }

    /**
     * d/dr of {@link #network}, kJ/mol/nm, from the network's forces on the pair (at r = 0, where the force has no
     * direction, its limit: the derivative at 1e-9 nm).
     */
    public double networkDerivative(String a, String b, double r) {
        bind(a, b);
        if (!(r < cutoff)) {
            return 0;
        }
        dx[0] = Math.max(r, 1e-9);
        java.util.Arrays.fill(forces, 0);
        network.energyAndForces(new PairList(2, 1, pairI, pairJ, dx, zero, zero), types, forces, null);
        // bead j sits at +r along x: F_j,x = −dE/dr
        return -forces[3];
    }

    /**
     * The prior's pair energy, kJ/mol: 0 without a prior table for the pair and at or beyond the prior's cut-off;
     * below the table's start, where the prior is not defined, the straight continuation of the table's start
     * when {@code extend}, else IllegalArgumentException naming the table and its start.
     */
    public double prior(String a, String b, double r, boolean extend) {
        bind(a, b);
        TableSpline t = priorTables.get(TypePair.of(a, b));
        if (t == null || !(r < priorCutoff())) {
            return 0;
        }
        if (!extend && !t.covers(r)) {
            throw new IllegalArgumentException("the prior table " + t.table().name() + " starts at " + t.table().start()
                + " nm; r = " + r + " nm is below it (the prior is not defined there)");
        }
        return t.value(r);
    }

    /** d/dr of {@link #prior} (with the same continuation), kJ/mol/nm. */
    public double priorDerivative(String a, String b, double r) {
        bind(a, b);
        TableSpline t = priorTables.get(TypePair.of(a, b));
        if (t == null || !(r < priorCutoff())) {
            return 0;
        }
        return t.derivative(r);
    }
}
