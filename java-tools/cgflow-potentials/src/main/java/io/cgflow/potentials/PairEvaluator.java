package io.cgflow.potentials;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.util.List;

/** Plain-Java evaluation of a pair potential over the caller's half neighbour list. */
final class PairEvaluator implements Potential {
    private final String name;
    private final double cutoff;
    private final PairForm form;
    private final int[] typeOf;
    private final int types;
    /** Index of the form's type pair for (type a, type b), −1 when the potential does not act on it. */
    private final int[] pairOf;
    private final double[] orderedPairs;
    private final boolean tail;
    private final double[] du = new double[1];

    /**
     * @param pairs the form's type pairs in its index order; type names the topology lacks are ignored
     */
    PairEvaluator(String name, double cutoff, List<TypePair> pairs, PairForm form, CgTopology topology, boolean tail) {
        this.name = name;
        this.cutoff = cutoff;
        this.form = form;
        this.typeOf = topology.typeIndices();
        List<String> typeNames = topology.types();
        this.types = typeNames.size();
        this.pairOf = new int[types * types];
        java.util.Arrays.fill(pairOf, -1);
        this.orderedPairs = new double[pairs.size()];
        int[] counts = topology.typeCounts();
        for (int a = 0; a < types; a++) {
            for (int b = 0; b < types; b++) {
                int p = pairs.indexOf(TypePair.of(typeNames.get(a), typeNames.get(b)));
                pairOf[a * types + b] = p;
                if (p >= 0) {
                    orderedPairs[p] += (double) counts[a] * counts[b];
                }
            }
        }
        this.tail = tail;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    @Override
    public int parameterCount() {
        return form.parameterCount();
    }

    @Override
    public double[] parameters() {
        return form.parameters();
    }

    @Override
    public void setParameters(double[] theta) {
        if (theta.length != form.parameterCount()) {
            throw new IllegalArgumentException(name + ": " + form.parameterCount() + " parameters, not " + theta.length);
        }
        form.setParameters(theta);
    }

    @Override
    public void evaluate(double[] x, Box box, NeighbourList list, Request request, Evaluation out) {
        if (list == null || list.kind() != NeighbourList.Kind.HALF) {
            throw new IllegalArgumentException(name + ": needs a half neighbour list");
        }
        if (list.cutoff() < cutoff * (1 - 1e-12)) {
            throw new IllegalArgumentException(name + ": the neighbour list's cut-off " + list.cutoff()
                + " nm is shorter than the potential's " + cutoff + " nm");
        }
        list.update(x, box);
        boolean forces = request.forces();
        boolean virial = request.virial();
        boolean gradient = request.parameterGradient();
        double[] f = out.forces();
        double rc2 = cutoff * cutoff;
        double energy = 0;
        int n = typeOf.length;
        for (int i = 0; i < n; i++) {
            int ti = typeOf[i] * types;
            double xi = x[3 * i];
            double yi = x[3 * i + 1];
            double zi = x[3 * i + 2];
            for (int k = list.start(i), end = list.end(i); k < end; k++) {
                int j = list.neighbour(k);
                int p = pairOf[ti + typeOf[j]];
                if (p < 0) {
                    continue;
                }
                double dx = x[3 * j] - xi + list.shift(k, 0);
                double dy = x[3 * j + 1] - yi + list.shift(k, 1);
                double dz = x[3 * j + 2] - zi + list.shift(k, 2);
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) {
                    continue;
                }
                double r = Math.sqrt(r2);
                energy += form.energy(p, r, du);
                if (forces || virial) {
                    double s = -du[0] / r;
                    double fx = s * dx;
                    double fy = s * dy;
                    double fz = s * dz;
                    if (forces) {
                        f[3 * j] += fx;
                        f[3 * j + 1] += fy;
                        f[3 * j + 2] += fz;
                        f[3 * i] -= fx;
                        f[3 * i + 1] -= fy;
                        f[3 * i + 2] -= fz;
                    }
                    if (virial) {
                        out.addVirial(dx, dy, dz, fx, fy, fz);
                    }
                }
                if (gradient) {
                    form.accumulateGradient(p, r);
                }
            }
        }
        out.addEnergy(Term.PAIR, energy);
        if (gradient) {
            form.finishGradient(out);
        }
        if (tail) {
            form.tail(orderedPairs, box.volume(), out);
        }
    }
}
