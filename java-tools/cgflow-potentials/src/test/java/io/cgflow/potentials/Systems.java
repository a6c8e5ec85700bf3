package io.cgflow.potentials;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small test systems: chains of four beads of types A and B with bonds, angles and dihedrals. Public in the test jar
 * so that potentials of other modules run the same {@link PotentialContract} on the same systems.
 */
public final class Systems {
    public static final double CUTOFF = 1.0;
    public static final double SKIN = 0.1;

    private Systems() {
    }

    public static CgTopology chains(int molecules) {
        int n = 4 * molecules;
        int[] type = new int[n];
        int[] molecule = new int[n];
        String[] names = new String[n];
        List<CgTopology.Bonded> bonds = new ArrayList<>();
        List<CgTopology.Bonded> angles = new ArrayList<>();
        List<CgTopology.Bonded> dihedrals = new ArrayList<>();
        for (int m = 0; m < molecules; m++) {
            for (int k = 0; k < 4; k++) {
                int i = 4 * m + k;
                type[i] = k == 0 || k == 3 ? 0 : 1;
                molecule[i] = m;
                names[i] = "C" + k;
            }
            int o = 4 * m;
            bonds.add(new CgTopology.Bonded("B1", new int[] {o, o + 1}));
            bonds.add(new CgTopology.Bonded("B2", new int[] {o + 1, o + 2}));
            bonds.add(new CgTopology.Bonded("B1", new int[] {o + 2, o + 3}));
            angles.add(new CgTopology.Bonded("A1", new int[] {o, o + 1, o + 2}));
            angles.add(new CgTopology.Bonded("A1", new int[] {o + 1, o + 2, o + 3}));
            dihedrals.add(new CgTopology.Bonded("D1", new int[] {o, o + 1, o + 2, o + 3}));
        }
        return new CgTopology(List.of("A", "B"), type, molecule, names, new double[n], bonds, angles, dihedrals,
            CgTopology.bondedExclusions(bonds, angles));
    }

    public static Box box(String kind) {
        return kind.equals("ortho") ? Box.orthorhombic(2.6, 2.7, 2.8)
            : Box.fromLengthsAndAngles(2.7, 2.8, 2.9, 78, 82, 86);
    }

    /** Chains grown bead by bead with bonds of 0.35–0.45 nm, every pair at least 0.3 nm apart (minimum image). */
    public static double[] configuration(CgTopology top, Box box, Random rnd) {
        int n = top.size();
        double[] x = new double[3 * n];
        PeriodicCell cell = new PeriodicCell(box);
        for (int i = 0; i < n; i++) {
            for (int attempt = 0; ; attempt++) {
                if (i % 4 == 0) {
                    for (int d = 0; d < 3; d++) {
                        x[3 * i + d] = rnd.nextDouble() * 2.5;
                    }
                } else {
                    double len = 0.35 + 0.1 * rnd.nextDouble();
                    double[] u = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
                    double norm = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
                    for (int d = 0; d < 3; d++) {
                        x[3 * i + d] = x[3 * (i - 1) + d] + len * u[d] / norm;
                    }
                }
                if (clear(x, i, cell) || attempt > 10000) {
                    break;
                }
            }
        }
        return x;
    }

    private static boolean clear(double[] x, int i, PeriodicCell cell) {
        double[] d = new double[3];
        for (int j = 0; j < i; j++) {
            for (int c = 0; c < 3; c++) {
                d[c] = x[3 * i + c] - x[3 * j + c];
            }
            cell.minimumImage(d);
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if (r2 < (j == i - 1 ? 0.3 * 0.3 : 0.33 * 0.33)) {
                return false;
            }
        }
        // angles away from 0 and 180 degrees, so that the angle is differentiable
        if (i % 4 >= 2) {
            double[] a = new double[3];
            double[] b = new double[3];
            for (int c = 0; c < 3; c++) {
                a[c] = x[3 * (i - 2) + c] - x[3 * (i - 1) + c];
                b[c] = x[3 * i + c] - x[3 * (i - 1) + c];
            }
            double cos = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2])
                / Math.sqrt((a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) * (b[0] * b[0] + b[1] * b[1] + b[2] * b[2]));
            return Math.abs(cos) < 0.95;
        }
        return true;
    }

    public static NeighbourList list(CgTopology top) {
        return new NeighbourList(top.size(), CUTOFF, SKIN, NeighbourList.Kind.HALF, Exclusions.of(top));
    }

    /** A table of f on a grid plus a little noise, so that nothing relies on smoothness. */
    static Table table(String name, double start, double step, int n, java.util.function.DoubleUnaryOperator f,
                       Table.Boundary boundary, Random rnd) {
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            e[k] = f.applyAsDouble(start + k * step) + 0.05 * rnd.nextGaussian();
        }
        return new Table(name, start, step, e, boundary, boundary == Table.Boundary.CLAMPED ? -3 : 0,
            boundary == Table.Boundary.CLAMPED ? 0.5 : 0);
    }

    static double lj(double r, double sigma, double eps) {
        double s6 = Math.pow(sigma / r, 6);
        return 4 * eps * (s6 * s6 - s6);
    }

    static TabulatedPair tabulatedPair(Table.Boundary boundary, long seed) {
        Random rnd = new Random(seed);
        List<TabulatedPair.Entry> entries = new ArrayList<>();
        entries.add(new TabulatedPair.Entry(TypePair.of("A", "A"),
            table("A-A", 0.2, 0.01, 81, r -> lj(r, 0.3, 1.0), boundary, rnd)));
        entries.add(new TabulatedPair.Entry(TypePair.of("A", "B"),
            table("A-B", 0.25, 0.0125, 61, r -> lj(r, 0.32, 0.8), boundary, rnd)));
        entries.add(new TabulatedPair.Entry(TypePair.of("B", "B"),
            table("B-B", 0.2, 0.02, 41, r -> lj(r, 0.34, 1.2), boundary, rnd)));
        return new TabulatedPair("table-pair", entries, CUTOFF);
    }

    static TabulatedBonded tabulatedBond(long seed) {
        Random rnd = new Random(seed);
        return new TabulatedBonded("table-bond", BondedKind.BOND, List.of(
            new TabulatedBonded.Entry("B1", table("B1", 0.2, 0.01, 51, b -> 800 * (b - 0.4) * (b - 0.4),
                Table.Boundary.CLAMPED, rnd)),
            new TabulatedBonded.Entry("B2", table("B2", 0.25, 0.005, 80, b -> 500 * (b - 0.42) * (b - 0.42),
                Table.Boundary.NATURAL, rnd))));
    }

    static TabulatedBonded tabulatedAngle(long seed) {
        Random rnd = new Random(seed);
        return new TabulatedBonded("table-angle", BondedKind.ANGLE, List.of(new TabulatedBonded.Entry("A1",
            table("A1", 0, 2, 91, t -> 20 * (1 + Math.cos(Math.toRadians(t))), Table.Boundary.NATURAL, rnd))));
    }

    static TabulatedBonded tabulatedDihedral(long seed) {
        Random rnd = new Random(seed);
        return new TabulatedBonded("table-dihedral", BondedKind.DIHEDRAL, List.of(new TabulatedBonded.Entry("D1",
            table("D1", -180, 10, 36, p -> 5 * (1 + Math.cos(Math.toRadians(p - 30))), Table.Boundary.PERIODIC, rnd))));
    }

    static LennardJones lj(LennardJones.Truncation truncation, boolean tail) {
        return new LennardJones(truncation == LennardJones.Truncation.CUT ? "lj-cut" : "lj-shift", List.of(
            new LennardJones.Parameters(TypePair.of("A", "A"), 0.30, 1.0),
            new LennardJones.Parameters(TypePair.of("A", "B"), 0.32, 0.8),
            new LennardJones.Parameters(TypePair.of("B", "B"), 0.34, 1.2)), CUTOFF, truncation, tail);
    }

    static HarmonicBond harmonicBond() {
        return new HarmonicBond("harmonic-bond", List.of(new HarmonicBond.Parameters("B1", 5000, 0.4),
            new HarmonicBond.Parameters("B2", 3000, 0.42)));
    }

    static HarmonicAngle harmonicAngle() {
        return new HarmonicAngle("harmonic-angle", List.of(new HarmonicAngle.Parameters("A1", 50, 110)));
    }
}
