package io.cgflow.potentials;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain-Java evaluation of a bonded potential over the topology's bonds, angles or dihedrals of the
 * declared types (others are left to other potentials). Separations are minimum images, so molecules may
 * be broken across the box. Angles: θ at the middle bead, in [0, π]. Dihedrals: the IUPAC angle φ in
 * (−π, π], 180° for trans.
 */
final class BondedEvaluator implements Potential {
    private final String name;
    private final BondedKind kind;
    private final BondedForm form;
    private final int[] beads;
    private final int[] typeOf;
    private final int count;
    private final double[] dq = new double[1];
    private final double[] a = new double[3];
    private final double[] b = new double[3];
    private final double[] c = new double[3];

    BondedEvaluator(String name, BondedKind kind, List<String> typeNames, BondedForm form, CgTopology topology) {
        this.name = name;
        this.kind = kind;
        this.form = form;
        List<int[]> chosen = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (CgTopology.Bonded bonded : kind.of(topology)) {
            int t = typeNames.indexOf(bonded.name());
            if (t < 0) {
                continue;
            }
            if (bonded.beads().length != kind.beads()) {
                throw new IllegalArgumentException(name + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + " "
                    + bonded.name() + " has " + bonded.beads().length + " beads, not " + kind.beads());
            }
            chosen.add(bonded.beads());
            types.add(t);
        }
        this.count = chosen.size();
        this.beads = new int[count * kind.beads()];
        this.typeOf = new int[count];
        for (int k = 0; k < count; k++) {
            System.arraycopy(chosen.get(k), 0, beads, k * kind.beads(), kind.beads());
            typeOf[k] = types.get(k);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double cutoff() {
        return 0;
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

    private void separation(PeriodicCell cell, double[] x, int from, int to, double[] out) {
        out[0] = x[3 * to] - x[3 * from];
        out[1] = x[3 * to + 1] - x[3 * from + 1];
        out[2] = x[3 * to + 2] - x[3 * from + 2];
        cell.minimumImage(out);
    }

    @Override
    public void evaluate(double[] x, Box box, NeighbourList list, Request request, Evaluation out) {
        PeriodicCell cell = new PeriodicCell(box);
        double energy = 0;
        boolean gradient = request.parameterGradient();
        for (int k = 0; k < count; k++) {
            int o = k * kind.beads();
            try {
                energy += switch (kind) {
                    case BOND -> bond(cell, x, beads[o], beads[o + 1], typeOf[k], request, out);
                    case ANGLE -> angle(cell, x, beads[o], beads[o + 1], beads[o + 2], typeOf[k], request, out);
                    case DIHEDRAL -> dihedral(cell, x, beads[o], beads[o + 1], beads[o + 2], beads[o + 3], typeOf[k],
                        request, out);
                };
            } catch (TableRangeException e) {
                StringBuilder which = new StringBuilder(" (beads");
                for (int b = 0; b < kind.beads(); b++) {
                    which.append(b == 0 ? " " : b == kind.beads() - 1 ? " and " : ", ").append(beads[o + b] + 1);
                }
                throw new TableRangeException(e.getMessage() + which.append(')'));
            }
        }
        out.addEnergy(kind.term(), energy);
        if (gradient) {
            form.finishGradient(out);
        }
    }

    private double bond(PeriodicCell cell, double[] x, int i, int j, int t, Request request, Evaluation out) {
        separation(cell, x, i, j, a);
        double r = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        double e = form.energy(t, r, dq);
        if (request.parameterGradient()) {
            form.accumulateGradient(t, r);
        }
        if (request.forces() || request.virial()) {
            double s = -dq[0] / r;
            double fx = s * a[0];
            double fy = s * a[1];
            double fz = s * a[2];
            if (request.forces()) {
                add(out, j, fx, fy, fz);
                add(out, i, -fx, -fy, -fz);
            }
            if (request.virial()) {
                out.addVirial(a[0], a[1], a[2], fx, fy, fz);
            }
        }
        return e;
    }

    private double angle(PeriodicCell cell, double[] x, int i, int j, int l, int t, Request request, Evaluation out) {
        separation(cell, x, j, i, a);
        separation(cell, x, j, l, b);
        double ra = Math.sqrt(dot(a, a));
        double rb = Math.sqrt(dot(b, b));
        double cos = Math.max(-1, Math.min(1, dot(a, b) / (ra * rb)));
        double theta = Math.acos(cos);
        double e = form.energy(t, theta, dq);
        if (request.parameterGradient()) {
            form.accumulateGradient(t, theta);
        }
        if (request.forces() || request.virial()) {
            double sin = Math.max(1e-12, Math.sqrt(1 - cos * cos));
            // F_a = −dE/dθ ∂θ/∂a with ∂θ/∂a = −(b/(|a||b|) − cos a/|a|²)/sin θ
            double g = dq[0] / sin;
            double[] fi = new double[3];
            double[] fl = new double[3];
            for (int d = 0; d < 3; d++) {
                fi[d] = g * (b[d] / (ra * rb) - cos * a[d] / (ra * ra));
                fl[d] = g * (a[d] / (ra * rb) - cos * b[d] / (rb * rb));
            }
            if (request.forces()) {
                add(out, i, fi[0], fi[1], fi[2]);
                add(out, l, fl[0], fl[1], fl[2]);
                add(out, j, -fi[0] - fl[0], -fi[1] - fl[1], -fi[2] - fl[2]);
            }
            if (request.virial()) {
                out.addVirial(a[0], a[1], a[2], fi[0], fi[1], fi[2]);
                out.addVirial(b[0], b[1], b[2], fl[0], fl[1], fl[2]);
            }
        }
        return e;
    }

    private double dihedral(PeriodicCell cell, double[] x, int i, int j, int k, int l, int t, Request request,
                            Evaluation out) {
        separation(cell, x, i, j, a);
        separation(cell, x, j, k, b);
        separation(cell, x, k, l, c);
        double[] m = cross(a, b);
        double[] n = cross(b, c);
        double rb2 = dot(b, b);
        double rb = Math.sqrt(rb2);
        double phi = Math.atan2(rb * dot(a, n), dot(m, n));
        double e = form.energy(t, phi, dq);
        if (request.parameterGradient()) {
            form.accumulateGradient(t, phi);
        }
        if (request.forces() || request.virial()) {
            double m2 = dot(m, m);
            double n2 = dot(n, n);
            double ab = dot(a, b) / rb2;
            double cb = dot(c, b) / rb2;
            double[] fi = new double[3];
            double[] fj = new double[3];
            double[] fk = new double[3];
            double[] fl = new double[3];
            for (int d = 0; d < 3; d++) {
                double gi = -rb / m2 * m[d];
                double gl = rb / n2 * n[d];
                double gj = (-ab - 1) * gi + cb * gl;
                double gk = (-cb - 1) * gl + ab * gi;
                fi[d] = -dq[0] * gi;
                fj[d] = -dq[0] * gj;
                fk[d] = -dq[0] * gk;
                fl[d] = -dq[0] * gl;
            }
            if (request.forces()) {
                add(out, i, fi[0], fi[1], fi[2]);
                add(out, j, fj[0], fj[1], fj[2]);
                add(out, k, fk[0], fk[1], fk[2]);
                add(out, l, fl[0], fl[1], fl[2]);
            }
            if (request.virial()) {
                // positions relative to i: j at a, k at a + b, l at a + b + c
                out.addVirial(a[0], a[1], a[2], fj[0] + fk[0] + fl[0], fj[1] + fk[1] + fl[1], fj[2] + fk[2] + fl[2]);
                out.addVirial(b[0], b[1], b[2], fk[0] + fl[0], fk[1] + fl[1], fk[2] + fl[2]);
                out.addVirial(c[0], c[1], c[2], fl[0], fl[1], fl[2]);
            }
        }
        return e;
    }

    private static void add(Evaluation out, int i, double fx, double fy, double fz) {
        double[] f = out.forces();
        f[3 * i] += fx;
        f[3 * i + 1] += fy;
        f[3 * i + 2] += fz;
    }

    private static double dot(double[] u, double[] v) {
        return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }
}
