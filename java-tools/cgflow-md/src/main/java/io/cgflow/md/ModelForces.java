package io.cgflow.md;

import io.cgflow.core.concurrent.WorkerTeam;
import io.cgflow.core.InputException;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.TrainedModel;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.CompositePotential;
import io.cgflow.potentials.PotentialDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole energy of a {@link TrainedModel} for the engine: the network ({@link NetworkForces}) plus, when the
 * model has them, its prior and its bonded tables as one {@link CompositePotential} ({@link KernelForces}, which
 * runs tabulated pairs on its own pair loop and tabulated bonded terms through their evaluators). Energies, forces,
 * virials and tail terms are added part by part in a fixed order; each part is deterministic for any thread count,
 * so the sum is too. The network's cut-off and the prior's may differ; {@link Forces#cutoff()} is the larger.
 *
 * <p>A linear model (no hidden layer) runs by default as exact pair tables of its networks plus its prior
 * ({@link LinearModelTables}): the same forces to ~10⁻⁶, several times faster, and single-bead energies for Monte Carlo.
 *
 * <p>Monte Carlo: single-bead energies ({@link Forces#hasBeadEnergies()}) for every model: the sum of the network's,
 * the prior's and the bonded tables' ({@link SumForces}, {@link KernelForces}).
 *
 * <p>Bonded tables: for each kind the model has tables of (bond, angle, dihedral), every bonded type of that kind in
 * the topology must have one, or {@link #create} refuses the topology (InputException naming the type and the
 * model's tables); kinds the model has no tables of are not evaluated (a network model without bonded tables
 * leaves the bonded terms out, as before).
 */
public final class ModelForces {
    private ModelForces() {
    }

    /**
     * @param model    the trained model; its prior must be of a kind a potential reads (none, pair-table)
     * @param topology the system; its exclusions apply to the network's descriptors and to the prior's pairs
     * @param skin     Verlet skin of the neighbour lists, nm
     * @param threads  worker threads (1: everything on the calling thread)
     * @throws InputException when a bead type of the topology has no network, when the topology has a bonded type
     *                        of a kind the model tabulates but no table for it, or when the prior's kind is unknown
     */
    public static Forces create(TrainedModel model, CgTopology topology, double skin, int threads) {
        return create(model, topology, skin, threads, true);
    }

    /**
     * As {@link #create(TrainedModel, CgTopology, double, int)}; with {@code tabulateLinear}, a model whose networks
     * have no hidden layer runs as the pair tables of its networks and prior ({@link LinearModelTables}) on the
     * tabulated pair loop, with its bonded tables; without it, or for a model with hidden layers, the networks are
     * evaluated as such.
     */
    public static Forces create(TrainedModel model, CgTopology topology, double skin, int threads,
                                boolean tabulateLinear) {
        // every bead type of the topology needs the model's network, whichever way the model is evaluated (the pair
        // tables of a linear model would otherwise leave a type they have no entry for without interactions)
        NetworkPotential.typesOf(model, topology, "the model");
        List<PotentialDefinition> parts = definitions(model, topology);
        if (tabulateLinear && LinearModelTables.applies(model)) {
            List<PotentialDefinition> tabulated = new ArrayList<>();
            tabulated.add(LinearModelTables.of(model).orElseThrow());
            tabulated.addAll(model.bondedDefinitions());
            PotentialDefinition all = new CompositePotential("linear model as pair tables", tabulated);
            return KernelForces.supports(all) ? new KernelForces(all, topology, skin, threads)
                : new PotentialForces(all, topology, skin);
        }
        // a threaded network and its prior share one team of threads: two teams would each keep spinning workers on
        // the cores the other's phases need
        WorkerTeam team = !parts.isEmpty() && threads > 1 ? new WorkerTeam(threads, "cgflow-md-forces")
            : null;
        NetworkForces network = null;
        try {
            network = team != null ? new NetworkForces(model, topology, skin, team)
                : new NetworkForces(model, topology, skin, threads);
            if (parts.isEmpty()) {
                return network;
            }
            return new SumForces(List.of(network, rest(parts, topology, skin, threads, team)), team);
        } catch (RuntimeException e) {
            if (network != null) {
                network.close();
            }
            if (team != null) {
                team.close();
            }
            throw e;
        }
    }

    /** The forces of the model's prior and bonded tables, on {@code team} when given. */
    private static Forces rest(List<PotentialDefinition> parts, CgTopology topology, double skin, int threads,
                               WorkerTeam team) {
        PotentialDefinition rest = new CompositePotential("model prior and bonded tables", parts);
        if (!KernelForces.supports(rest)) {
            return new PotentialForces(rest, topology, skin);
        }
        return team != null ? new KernelForces(rest, topology, skin, team) : new KernelForces(rest, topology, skin, threads);
    }

    /** The model's prior and bonded potentials, checked against the topology. */
    static List<PotentialDefinition> definitions(TrainedModel model, CgTopology topology) {
        List<PotentialDefinition> parts = new ArrayList<>();
        try {
            model.priorDefinition().ifPresent(parts::add);
        } catch (IllegalArgumentException e) {
            throw new InputException("the model's prior: " + e.getMessage());
        }
        for (BondedKind kind : BondedKind.values()) {
            Set<String> tabulated = new LinkedHashSet<>();
            for (BondedTable b : model.bonded()) {
                if (b.kind() == kind) {
                    tabulated.add(b.type());
                }
            }
            if (tabulated.isEmpty()) {
                continue;
            }
            List<CgTopology.Bonded> present = switch (kind) {
                case BOND -> topology.bonds();
                case ANGLE -> topology.angles();
                case DIHEDRAL -> topology.dihedrals();
            };
            for (CgTopology.Bonded b : present) {
                if (!tabulated.contains(b.name())) {
                    throw new InputException("the model has no table for " + BondedTable.label(kind) + " type "
                        + b.name() + " of the topology; its " + BondedTable.label(kind) + " tables are for "
                        + tabulated);
                }
            }
        }
        parts.addAll(model.bondedDefinitions());
        return parts;
    }

    /**
     * The largest pair distance the model reaches, nm: the network's cut-off or the prior's, whichever is longer.
     * Throws InputException when the prior's kind is unknown.
     */
    public static double cutoff(TrainedModel model) {
        try {
            return Math.max(model.cutoff(), model.priorDefinition().map(p -> p.cutoff()).orElse(0.0));
        } catch (IllegalArgumentException e) {
            throw new InputException("the model's prior: " + e.getMessage());
        }
    }
}
