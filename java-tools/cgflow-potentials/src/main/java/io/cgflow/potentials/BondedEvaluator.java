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
final class BondedEvaluator implements Potential, BeadEnergies {
    private final String name;
    private final BondedKind kind;
    private final BondedForm form;
    private final int[] beads;
    private final int[] typeOf;
    private final int count;
    /** The terms each bead takes part in (indices into the term list). */
    private final int[][] termsOf;
    private final double[] dq = new double[1];
    private final double[] a = new double[3];
    private final double[] b = new double[3];
    private final double[] c = new double[3];
    /** Dihedrals switch off smoothly within this many degrees of a straight bending angle. */
    static final double COLLINEAR_DEGREES = 10;
    private static final double COLLINEAR_W = Math.pow(Math.sin(Math.toRadians(COLLINEAR_DEGREES)), 2);

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
        int[] per = new int[topology.size()];
        for (int q = 0; q < beads.length; q++) {
            per[beads[q]]++;
        }
        this.termsOf = new int[topology.size()][];
        for (int i = 0; i < per.length; i++) {
            termsOf[i] = new int[per[i]];
            per[i] = 0;
        }
        for (int k = 0; k < count; k++) {
            for (int b = 0; b < kind.beads(); b++) {
                int i = beads[k * kind.beads() + b];
                if (per[i] == 0 || termsOf[i][per[i] - 1] != k) {
                    termsOf[i][per[i]++] = k;
                }
            }
        }
        for (int i = 0; i < termsOf.length; i++) {
            if (per[i] < termsOf[i].length) {
                termsOf[i] = java.util.Arrays.copyOf(termsOf[i], per[i]);
            }
        }
    }

    @Override
    public double beadEnergy(double[] x, Box box, int bead) {
        PeriodicCell cell = new PeriodicCell(box);
        double energy = 0;
        for (int k : termsOf[bead]) {
            energy += term(cell, x, k, Request.ENERGY, null);
        }
        return energy;
    }

    /** The energy of term k (and its forces, virial and gradient, as {@code request} asks, into {@code out}). */
    private double term(PeriodicCell cell, double[] x, int k, Request request, Evaluation out) {
        int o = k * kind.beads();
        try {
            return switch (kind) {
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
            energy += term(cell, x, k, request, out);
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
            form.accumulateGradient(t, r, 1);
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
            form.accumulateGradient(t, theta, 1);
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
        double v = form.energy(t, phi, dq);
        // the bending angles at j and k, through cos θ = −(a·b)/(|a||b|) and −(b·c)/(|b||c|)
        double ra2 = dot(a, a);
        double rc2 = dot(c, c);
        double rab = Math.sqrt(ra2) * rb;
        double rbc = rb * Math.sqrt(rc2);
        double c1 = -dot(a, b) / rab;
        double c2 = -dot(b, c) / rbc;
        double s1 = collinearSwitch(1 - c1 * c1);
        double s2 = collinearSwitch(1 - c2 * c2);
        double s = s1 * s2;
        double mean = s < 1 ? form.average(t) : 0;
        double e = s < 1 ? mean + s * (v - mean) : v;
        if (request.parameterGradient()) {
            form.accumulateGradient(t, phi, s);
            if (s < 1) {
                form.accumulateAverageGradient(t, 1 - s);
            }
        }
        if (request.forces() || request.virial()) {
            double[] fi = new double[3];
            double[] fj = new double[3];
            double[] fk = new double[3];
            double[] fl = new double[3];
            if (s > 0) {
                double m2 = dot(m, m);
                double n2 = dot(n, n);
                double ab = dot(a, b) / rb2;
                double cb = dot(c, b) / rb2;
                double g = s * dq[0];
                for (int d = 0; d < 3; d++) {
                    double gi = -rb / m2 * m[d];
                    double gl = rb / n2 * n[d];
                    double gj = (-ab - 1) * gi + cb * gl;
                    double gk = (-cb - 1) * gl + ab * gi;
                    fi[d] = -g * gi;
                    fj[d] = -g * gj;
                    fk[d] = -g * gk;
                    fl[d] = -g * gl;
                }
            }
            if (s < 1) {
                // E also depends on the bending angles through the switch: ∂E/∂cos θ1 and ∂E/∂cos θ2
                double e1 = (v - mean) * s2 * collinearSwitchSlope(1 - c1 * c1) * (-2 * c1);
                double e2 = (v - mean) * s1 * collinearSwitchSlope(1 - c2 * c2) * (-2 * c2);
                for (int d = 0; d < 3; d++) {
                    double ga = e1 * (-b[d] / rab - c1 * a[d] / ra2);
                    double gb = e1 * (-a[d] / rab - c1 * b[d] / rb2) + e2 * (-c[d] / rbc - c2 * b[d] / rb2);
                    double gc = e2 * (-b[d] / rbc - c2 * c[d] / rc2);
                    fi[d] += ga;
                    fj[d] += gb - ga;
                    fk[d] += gc - gb;
                    fl[d] -= gc;
                }
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

    /**
     * The switch s(w) of a dihedral's bending angle, w = sin²θ: 1 while θ is more than {@link #COLLINEAR_DEGREES}
     * from 0° or 180°, then the smoothstep x²(3 − 2x) of x = w/w_on down to 0 at a straight angle. The dihedral
     * energy is E = V̄ + s1 s2 (V(φ) − V̄), V̄ the average of V over φ: φ is undefined for three beads in a line, and
     * the forces of V(φ) grow there as 1/sin θ (a peptide backbone angle at 179.8° threw a bead off in one step);
     * with s ∝ sin⁴θ they vanish instead, and the energy tends to the φ-average. Unchanged (s = 1) elsewhere.
     */
    static double collinearSwitch(double w) {
        if (w >= COLLINEAR_W) {
            return 1;
        }
        double q = Math.max(0, w) / COLLINEAR_W;
        return q * q * (3 - 2 * q);
    }

    /** ds/dw of {@link #collinearSwitch}. */
    static double collinearSwitchSlope(double w) {
        if (w >= COLLINEAR_W) {
            return 0;
        }
        double q = Math.max(0, w) / COLLINEAR_W;
        return 6 * q * (1 - q) / COLLINEAR_W;
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
