package io.cgflow.md;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Potential;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.Request;

/**
 * Any {@link Potential} through its own evaluator, on the calling thread (so deterministic for any thread
 * count), without per-bead energies: Monte Carlo then compares whole-configuration energies.
 */
public final class PotentialForces extends Forces {
    private final Potential potential;
    private final NeighbourList list;
    private final Evaluation out;
    private double[] reference;

    public PotentialForces(PotentialDefinition definition, CgTopology topology, double skin) {
        super(topology.size());
        this.potential = definition.evaluator(topology);
        this.list = potential.cutoff() > 0
            ? new NeighbourList(n, potential.cutoff(), skin, NeighbourList.Kind.HALF, Exclusions.of(topology)) : null;
        this.out = new Evaluation(n, potential.parameterCount());
    }

    @Override
    public void compute(double[] x, Box box, boolean withForces) {
        if (list != null && list.update(x, box)) {
            reference = x.clone();
        }
        out.clear();
        potential.evaluate(x, box, list, withForces ? Request.FORCES : Request.ENERGY, out);
        energy = out.energy();
        tailEnergy = out.tailEnergy();
        tailPressure = out.tailPressure();
        if (withForces) {
            System.arraycopy(out.forces(), 0, forces, 0, forces.length);
            System.arraycopy(out.virial(), 0, virial, 0, 9);
        }
    }

    @Override
    public double cutoff() {
        return potential.cutoff();
    }

    @Override
    public boolean hasBeadEnergies() {
        return false;
    }

    @Override
    public double[][] listReferences() {
        return new double[][] {reference};
    }

    @Override
    public void restoreLists(double[][] references, Box box) {
        if (list != null && references.length > 0 && references[0] != null) {
            list.build(references[0], box);
            reference = references[0].clone();
        }
    }
}
