package io.cgflow.md;

import io.cgflow.core.concurrent.WorkerTeam;
import io.cgflow.core.geometry.Box;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sum of several {@link Forces} over the same beads: energies, tail corrections, forces and virials added part
 * by part in the order given, so the result is as deterministic as the parts. Per-bead energies (Monte Carlo) when
 * every part has them, else Monte Carlo compares whole-configuration energies. The neighbour-list references of a
 * checkpoint are the parts' one after another.
 */
final class SumForces extends Forces {
    private final List<Forces> parts;
    /** The threads the parts share, or null. */
    private final WorkerTeam team;
    /** How many list references each part keeps. */
    private final int[] referenceCounts;

    SumForces(List<Forces> parts) {
        this(parts, null);
    }

    /** The sum of {@code parts}, which run on {@code team} (closed after them by {@link #close}; null: none). */
    SumForces(List<Forces> parts, WorkerTeam team) {
        super(parts.get(0).size());
        this.team = team;
        this.parts = List.copyOf(parts);
        this.referenceCounts = new int[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            if (parts.get(p).size() != n) {
                throw new IllegalArgumentException("parts for " + parts.get(p).size() + " and " + n + " beads");
            }
            referenceCounts[p] = parts.get(p).listReferences().length;
        }
    }

    /** The parts, in the order they are added. */
    List<Forces> parts() {
        return parts;
    }

    @Override
    public void compute(double[] x, Box box, boolean withForces) {
        double e = 0;
        double te = 0;
        double tp = 0;
        for (Forces part : parts) {
            part.compute(x, box, withForces);
            e += part.energy();
            te += part.tailEnergy();
            tp += part.tailPressure();
        }
        energy = e;
        tailEnergy = te;
        tailPressure = tp;
        if (withForces) {
            sumForcesAndVirial();
        }
    }

    @Override
    public void computeForces(double[] x, Box box) {
        double e = 0;
        for (Forces part : parts) {
            part.computeForces(x, box);
            e += part.energy();
        }
        energy = e;
        sumForcesAndVirial();
    }

    private void sumForcesAndVirial() {
        System.arraycopy(parts.get(0).forces(), 0, forces, 0, forces.length);
        System.arraycopy(parts.get(0).virial(), 0, virial, 0, 9);
        for (int p = 1; p < parts.size(); p++) {
            double[] f = parts.get(p).forces();
            for (int k = 0; k < forces.length; k++) {
                forces[k] += f[k];
            }
            double[] w = parts.get(p).virial();
            for (int c = 0; c < 9; c++) {
                virial[c] += w[c];
            }
        }
    }

    @Override
    public double cutoff() {
        double c = 0;
        for (Forces part : parts) {
            c = Math.max(c, part.cutoff());
        }
        return c;
    }

    /**
     * When every part has them: a Monte Carlo move's energy change is the sum of the parts' (a network's affected
     * beads, a prior's pairs of the moved bead), so a model with a prior moves one bead at the cost of its
     * neighbourhood, not of the whole configuration.
     */
    @Override
    public boolean hasBeadEnergies() {
        for (Forces part : parts) {
            if (!part.hasBeadEnergies()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void prepareMove(double[] x, Box box, int i, double tx, double ty, double tz) {
        for (Forces part : parts) {
            part.prepareMove(x, box, i, tx, ty, tz);
        }
    }

    @Override
    public double beadEnergy(double[] x, Box box, int i) {
        double e = 0;
        for (Forces part : parts) {
            e += part.beadEnergy(x, box, i);
        }
        return e;
    }

    @Override
    public void moved(double[] x, Box box, int i) {
        for (Forces part : parts) {
            part.moved(x, box, i);
        }
    }

    @Override
    public double[][] listReferences() {
        List<double[]> all = new ArrayList<>();
        for (Forces part : parts) {
            all.addAll(Arrays.asList(part.listReferences()));
        }
        return all.toArray(new double[0][]);
    }

    @Override
    public void restoreLists(double[][] references, Box box) {
        int at = 0;
        for (int p = 0; p < parts.size(); p++) {
            int count = referenceCounts[p];
            if (at + count > references.length) {
                break;
            }
            parts.get(p).restoreLists(Arrays.copyOfRange(references, at, at + count), box);
            at += count;
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Forces part : parts) {
            try {
                part.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (team != null) {
            team.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
