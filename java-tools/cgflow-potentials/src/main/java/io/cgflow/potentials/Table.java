package io.cgflow.potentials;

import java.util.Arrays;

/**
 * Energies on a uniform grid x_k = start + k·step, k = 0 … n−1, interpolated by a cubic spline. x is a
 * distance in nm (pair, bond) or an angle in degrees (angle, dihedral); energies in kJ/mol. Immutable.
 *
 * @param name       the table's name, used in messages (e.g. {@code W-W}, {@code bond B1})
 * @param start      x_0
 * @param step       grid spacing
 * @param energies   E(x_k)
 * @param boundary   how the spline ends
 * @param startSlope dE/dx at x_0 for {@link Boundary#CLAMPED} (ignored otherwise)
 * @param endSlope   dE/dx at x_{n−1} for {@link Boundary#CLAMPED} (ignored otherwise)
 */
public record Table(String name, double start, double step, double[] energies, Boundary boundary,
                    double startSlope, double endSlope) {
    /** The end conditions of the spline. */
    public enum Boundary {
        /** Zero second derivative at both ends. */
        NATURAL,
        /** Given first derivatives at both ends (from the table's forces when read from a file). */
        CLAMPED,
        /** Periodic with period n·step (dihedrals: n points over 360°, x_n ≡ x_0). */
        PERIODIC
    }

    public Table {
        if (energies == null || energies.length < (boundary == Boundary.PERIODIC ? 3 : 2)
            || boundary == Boundary.NATURAL && energies.length < 3) {
            throw new IllegalArgumentException("table " + name + ": too few points");
        }
        if (!(step > 0) || !Double.isFinite(start) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("table " + name + ": needs a finite start and a positive step, not "
                + start + " and " + step);
        }
        for (int k = 0; k < energies.length; k++) {
            if (!Double.isFinite(energies[k])) {
                throw new IllegalArgumentException("table " + name + ": energy at point " + k + " is " + energies[k]);
            }
            if (Math.abs(energies[k]) > MAX_MAGNITUDE) {
                throw new IllegalArgumentException("table " + name + ": energy at point " + k + " is " + energies[k]
                    + ", beyond ±" + MAX_MAGNITUDE + " (no physical energy; the spline of such values overflows)");
            }
        }
        if (boundary == Boundary.CLAMPED) {
            for (double slope : new double[] {startSlope, endSlope}) {
                if (!Double.isFinite(slope) || Math.abs(slope) > MAX_MAGNITUDE) {
                    throw new IllegalArgumentException("table " + name + ": end slope " + slope + " is not a finite"
                        + " number within ±" + MAX_MAGNITUDE);
                }
            }
        }
        energies = energies.clone();
    }

    /**
     * The largest magnitude of an energy or end slope (kJ/mol, kJ/mol per unit of x). Far beyond physical values
     * (a Lennard-Jones wall tabulated from 0.001 nm reaches 10³⁰); larger ones, e.g. from a damaged file, would
     * overflow the spline's coefficients into infinities and NaN.
     */
    public static final double MAX_MAGNITUDE = 1e50;

    /** A natural-spline table. */
    public static Table natural(String name, double start, double step, double[] energies) {
        return new Table(name, start, step, energies, Boundary.NATURAL, 0, 0);
    }

    /** Number of grid points. */
    public int size() {
        return energies.length;
    }

    /** x_{n−1}. */
    public double end() {
        return start + step * (energies.length - 1);
    }

    @Override
    public double[] energies() {
        return energies.clone();
    }

    /** The same grid and boundary with other energies. */
    public Table withEnergies(double[] e) {
        return new Table(name, start, step, e, boundary, startSlope, endSlope);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Table t && name.equals(t.name) && start == t.start && step == t.step
            && Arrays.equals(energies, t.energies) && boundary == t.boundary && startSlope == t.startSlope
            && endSlope == t.endSlope;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(energies);
    }

    @Override
    public String toString() {
        return "Table[" + name + ", " + energies.length + " points from " + start + " by " + step + ", " + boundary + "]";
    }
}
