package io.cgflow.nn;

import io.cgflow.core.Provenance;
import io.cgflow.nn.descriptor.DescriptorSettings;
import io.cgflow.nn.model.BeadEnergyModel;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.TabulatedBonded;
import io.cgflow.potentials.TabulatedPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A trained CG model, complete: bead types, descriptor settings (with the cut-off), one network per bead type in
 * the order of the types, the prior, the tabulated bonded potentials, and where it came from. Units are nm,
 * degrees and kJ/mol. Stored by {@link io.cgflow.nn.file.ModelFile}.
 *
 * <p>Its energy is E = E_network + E_prior + E_bonded: the network ({@link #plainEnergy()}, or
 * {@link NetworkPotential} bound to a topology), the prior as a potential ({@link #priorDefinition()}, a pair
 * table of kind {@value PairTablePrior#KIND} or nothing) and the bonded tables ({@link #bondedDefinitions()}).
 * The prior's cut-off may differ from the network's.
 *
 * @param trainingSettings the settings the model was trained with ({@code key: value} lines; empty when unknown)
 * @param bonded tabulated bond, angle and dihedral potentials, at most one per kind and bonded type (empty: none);
 *               kept grouped by kind (bonds, angles, dihedrals), each kind in the given order
 */
public record TrainedModel(List<String> beadTypes, DescriptorSettings descriptor, List<BeadNetwork> networks,
        PriorDescription prior, List<BondedTable> bonded, Provenance provenance, String trainingSettings) {
    public static final String LENGTH_UNIT = "nm";
    public static final String ENERGY_UNIT = "kJ/mol";

    /** A model without a record of its training settings. */
    public TrainedModel(List<String> beadTypes, DescriptorSettings descriptor, List<BeadNetwork> networks,
            PriorDescription prior, List<BondedTable> bonded, Provenance provenance) {
        this(beadTypes, descriptor, networks, prior, bonded, provenance, "");
    }

    /** A model without bonded tables. */
    public TrainedModel(List<String> beadTypes, DescriptorSettings descriptor, List<BeadNetwork> networks,
            PriorDescription prior, Provenance provenance) {
        this(beadTypes, descriptor, networks, prior, List.of(), provenance);
    }

    public TrainedModel {
        trainingSettings = trainingSettings == null ? "" : trainingSettings;
        beadTypes = List.copyOf(beadTypes);
        networks = List.copyOf(networks);
        // grouped by kind (bond, angle, dihedral), in the given order within a kind: the order of a model file
        bonded = bonded.stream().sorted(java.util.Comparator.comparing(BondedTable::kind)).toList();
        if (beadTypes.isEmpty() || new HashSet<>(beadTypes).size() != beadTypes.size()) {
            throw new IllegalArgumentException("bead types must be present and distinct: " + beadTypes);
        }
        if (!descriptor.neighbourTypes().equals(beadTypes)) {
            throw new IllegalArgumentException("descriptor types " + descriptor.neighbourTypes() + " differ from bead types "
                + beadTypes);
        }
        if (networks.size() != beadTypes.size()) {
            throw new IllegalArgumentException(networks.size() + " networks for " + beadTypes.size() + " bead types");
        }
        for (int t = 0; t < networks.size(); t++) {
            BeadNetwork n = networks.get(t);
            if (!n.beadType().equals(beadTypes.get(t))) {
                throw new IllegalArgumentException("network " + t + " is for " + n.beadType() + ", expected "
                    + beadTypes.get(t));
            }
            if (n.architecture().inputs() != descriptor.length()) {
                throw new IllegalArgumentException("network " + n.beadType() + " takes " + n.architecture().inputs()
                    + " inputs, the descriptor gives " + descriptor.length());
            }
        }
        Set<String> seen = new HashSet<>();
        for (BondedTable b : bonded) {
            if (!seen.add(b.kind() + " " + b.type())) {
                throw new IllegalArgumentException(BondedTable.label(b.kind()) + " type " + b.type()
                    + " has two tables");
            }
        }
        if (prior.kind().equals(PairTablePrior.KIND)) {
            TabulatedPair pairs = PairTablePrior.definition(prior).orElseThrow();
            for (TabulatedPair.Entry e : pairs.tables()) {
                for (String t : List.of(e.types().a(), e.types().b())) {
                    if (!beadTypes.contains(t)) {
                        throw new IllegalArgumentException("prior: type pair " + PairTablePrior.key(e.types())
                            + " names " + t + ", which is not a bead type of the model " + beadTypes);
                    }
                }
            }
        }
    }

    /**
     * The value of one {@code key: value} line of the recorded training settings (cgflow-train writes them one per
     * line, with what the run found: best-loss, stopped, …), trimmed; empty when the model records no such line.
     */
    public Optional<String> trainingSetting(String key) {
        String prefix = key + ":";
        return trainingSettings.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
            .findFirst();
    }

    /**
     * The prior as a potential: empty for kind {@code none}, the pair tables for {@value PairTablePrior#KIND}.
     * Throws IllegalArgumentException, naming it, for a kind no potential reads.
     */
    public Optional<TabulatedPair> priorDefinition() {
        return PairTablePrior.definition(prior);
    }

    /**
     * The bonded tables as potentials: one {@link TabulatedBonded} per kind present (bond, angle, dihedral), with
     * the tables of that kind in order; empty when the model has none.
     */
    public List<PotentialDefinition> bondedDefinitions() {
        List<PotentialDefinition> list = new ArrayList<>();
        for (BondedKind kind : BondedKind.values()) {
            List<TabulatedBonded.Entry> entries = new ArrayList<>();
            for (BondedTable b : bonded) {
                if (b.kind() == kind) {
                    entries.add(new TabulatedBonded.Entry(b.type(), b.table()));
                }
            }
            if (!entries.isEmpty()) {
                list.add(new TabulatedBonded(BondedTable.label(kind) + " tables", kind, entries));
            }
        }
        return list;
    }

    /** Cut-off of the network part, nm. */
    public double cutoff() {
        return descriptor.cutoff();
    }

    /** The energy of this model evaluated by plain-Java perceptrons (a new instance: one per thread). */
    public NetworkEnergy plainEnergy() {
        List<BeadEnergyModel> models = new ArrayList<>();
        for (BeadNetwork n : networks) {
            models.add(n.plainModel());
        }
        return energy(models);
    }

    /** The energy of this model evaluated by the given per-type models (in the order of the bead types). */
    public NetworkEnergy energy(List<? extends BeadEnergyModel> models) {
        return new NetworkEnergy(descriptor.create(), networks.stream().map(BeadNetwork::scaling).toList(), models);
    }
}
