package io.cgflow.md;

import io.cgflow.core.concurrent.WorkerTeam;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.CellGrid;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.BeadEnergies;
import io.cgflow.potentials.CompositePotential;
import io.cgflow.potentials.HarmonicAngle;
import io.cgflow.potentials.HarmonicBond;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.LennardJones;
import io.cgflow.potentials.Potential;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.Request;
import io.cgflow.potentials.SplinePolynomials;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TableRangeException;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The multi-threaded CPU backend of Lennard-Jones and tabulated pairs and harmonic bonds and angles (the same
 * definitions as {@link io.cgflow.potentials}, the same conventions; the reference evaluators there are the
 * oracle of its tests), with per-bead energies for Monte Carlo. Other bonded definitions (tabulated bonds,
 * angles and dihedrals) run through their own evaluators with the bonded terms, which give Monte Carlo the energy of
 * the terms a bead takes part in ({@link BeadEnergies}).
 *
 * <p>Pair tables are evaluated as one cubic polynomial per grid interval ({@link SplinePolynomials}), the
 * same spline as {@link TabulatedPair}'s evaluator; the force −(dE/dr)/r as one quintic per interval
 * ({@link #forcePolynomials}, relative error ≤ 6·10⁻¹⁰, exact division close to r = 0).
 *
 * <p>Pairs come from a {@link CellOrderedPairs} half list over positions renumbered by cell at each build.
 * {@link #computeForces} skips the pair energy and virial sums.
 *
 * <p>Determinism: the rows of the half neighbour list (in its cell order, which depends on the positions
 * only) are cut into blocks whose size depends on the number of beads only; each block sums its pairs into its own force array, energy and virial, and the blocks are added
 * in block order (bonded terms last). Any thread count therefore gives the same bits.
 */
public final class KernelForces extends Forces {
    /** At most this many blocks (each holds a 3N force array). */
    static final int MAX_BLOCKS = 32;
    private static final int MIN_ROWS = 32;
    /** The buffer of the pruned lists, as a fraction of the skin of the half list. */
    static final double INNER_BUFFER = 0.25;

    private final int threads;
    private final WorkerTeam team;
    /** Whether {@link #close} closes the team (not when it was given). */
    private final boolean ownsTeam;
    private final CgTopology topology;
    private final Exclusions exclusions;
    private final int[] typeOf;
    private final int types;
    /** Per ordered type pair: index into the pair tables, −1 when no LJ acts. */
    private final int[] pairOf;
    private final double[] c12;
    private final double[] c6;
    private final double[] rc2;
    private final double[] shift;
    /** Per pair index: the table's first interval in {@link #coefficients}, −1 for Lennard-Jones. */
    private final int[] tableOf;
    private final double[] tableStart;
    private final double[] tableInverseStep;
    private final int[] tableIntervals;
    /** Per pair index: the first interval whose force comes from {@link #forcePolynomials}. */
    private final int[] firstCubic;
    /** The pair index of every type pair when all are one table, else −1 (a loop with its constants hoisted). */
    private final int singleTable;
    private final Table[] tableOfPair;
    /** c0 c1 c2 c3 per interval of every pair table, one after another. */
    private final double[] coefficients;
    /** For the pair loop, 6 per interval: s = −(dE/dr)/r = a0 + t (a1 + … + t a5) (see {@link #forcePolynomials}). */
    private final double[] forceCoefficients;
    /** Bonded definitions without a kernel here, evaluated by their own evaluators. */
    private final List<Potential> extras = new ArrayList<>();
    private final Evaluation extrasOut;
    private final double cutoff;
    private final double skin;
    /** Tail sums per LJ part: Σ over ordered type pairs of N_a N_b ε σ³ [(σ/r_c)⁹/9 − (σ/r_c)³/3], and for P. */
    private final double tailE;
    private final double tailP;
    private final int[] bonds;
    private final double[] bondK;
    private final double[] bondB0;
    private final int[] angles;
    private final double[] angleK;
    private final double[] angleT0;
    private final int[][] bondsOf;
    private final int[][] anglesOf;

    private final CellOrderedPairs half;
    private double[] halfReference;
    /**
     * Pruned copies of the half list, one per block: the partner slots of the entries within r_c + {@link
     * #innerBuffer} at the last prune, segment by segment ({@code innerEnd[b][g − innerFirst[b]]}), in list
     * order. They hold every pair within r_c while no bead has moved more than half the buffer since the prune,
     * so the pair loops run over them and give the same sums (the pairs they leave out contribute nothing).
     */
    private final int[][] innerEntries;
    private final int[][] innerEnd;
    private final int[] innerFirst;
    private final double innerBuffer;
    private final double innerReach2;
    private final double[] pruneReference;
    /** Whether the blocks prune their lists before the pair loop (read by the workers of one evaluation). */
    private volatile boolean pruneNow = true;
    /** The half list was rebuilt (by an update or a restore) since the last prune. */
    private boolean rebuiltSincePrune = true;
    /** Whether the list was built since the blocks' slot bounds were found (read by the workers of one evaluation). */
    private boolean boundsStale;
    private long prunes;
    /** Positions in the list's cell order (gathered every step) and the types of the slots. */
    private final double[] ordered;
    /** The blocks' forces summed, in slot order. */
    private final double[] orderedForces;
    private final int[] orderedType;
    /** Per block: the slots [lo, hi) its force array can touch since the last build. */
    private final int[] blockLo;
    private final int[] blockHi;
    private final AtomicInteger nextBlock = new AtomicInteger();
    /** Whether the pair blocks sum energy and virial (read by the workers of one evaluation). */
    private volatile boolean pairEnergy = true;
    private MoveList moves;
    /** The box for which single-bead moves take every bead at the minimum image (see {@link #MIN_MOVE_SKIN}). */
    private Box allPairs;
    private final int rows;
    private final int blocks;
    private final double[][] blockForces;
    private final double[] blockEnergy;
    private final double[][] blockVirial;
    private final double[] bondedForces;
    private final double[] bondedVirial = new double[9];
    private double bondedEnergy;

    /**
     * True when {@code definition} consists of Lennard-Jones and tabulated pairs and of bonded parts (harmonic
     * bonds and angles here, any other through its evaluator).
     */
    public static boolean supports(PotentialDefinition definition) {
        for (PotentialDefinition p : flatten(definition)) {
            if (!(p instanceof LennardJones || p instanceof TabulatedPair || p instanceof HarmonicBond
                || p instanceof HarmonicAngle || p.cutoff() == 0)) {
                return false;
            }
        }
        return true;
    }

    private static List<PotentialDefinition> flatten(PotentialDefinition d) {
        List<PotentialDefinition> out = new ArrayList<>();
        if (d instanceof CompositePotential c) {
            for (PotentialDefinition p : c.parts()) {
                out.addAll(flatten(p));
            }
        } else {
            out.add(d);
        }
        return out;
    }

    /**
     * @param skin    Verlet skin of the half list, nm
     * @param threads worker threads (1: everything on the calling thread)
     */
    public KernelForces(PotentialDefinition definition, CgTopology topology, double skin, int threads) {
        this(definition, topology, skin, threads, null);
    }

    /** On the threads of {@code team}, which the caller keeps and closes (one team for all forces of a step). */
    KernelForces(PotentialDefinition definition, CgTopology topology, double skin, WorkerTeam team) {
        this(definition, topology, skin, team.size(), team);
    }

    private KernelForces(PotentialDefinition definition, CgTopology topology, double skin, int threads,
                         WorkerTeam shared) {
        super(topology.size());
        if (!supports(definition)) {
            throw new IllegalArgumentException(definition.name() + ": only Lennard-Jones and tabulated pairs and"
                + " bonded terms run on this backend");
        }
        this.topology = topology;
        this.threads = Math.max(1, threads);
        this.ownsTeam = shared == null;
        this.team = this.threads == 1 ? null : shared != null ? shared : new WorkerTeam(this.threads, "cgflow-md-forces");
        this.skin = skin;
        this.typeOf = topology.typeIndices();
        List<String> typeNames = topology.types();
        this.types = typeNames.size();
        this.pairOf = new int[types * types];
        Arrays.fill(pairOf, -1);
        List<double[]> pairs = new ArrayList<>();
        List<Table> pairTables = new ArrayList<>();
        List<int[]> bondList = new ArrayList<>();
        List<double[]> bondPar = new ArrayList<>();
        List<int[]> angleList = new ArrayList<>();
        List<double[]> anglePar = new ArrayList<>();
        double maxCut = 0;
        double te = 0;
        double tp = 0;
        int[] counts = topology.typeCounts();
        for (PotentialDefinition part : flatten(definition)) {
            if (part instanceof LennardJones lj) {
                maxCut = Math.max(maxCut, lj.cutoff());
                for (LennardJones.Parameters p : lj.pairs()) {
                    double s6 = Math.pow(p.sigma(), 6);
                    double e4 = 4 * p.epsilon();
                    double c2 = p.sigma() * p.sigma() / (lj.cutoff() * lj.cutoff());
                    double cc6 = c2 * c2 * c2;
                    double sh = lj.truncation() == LennardJones.Truncation.SHIFT ? e4 * (cc6 * cc6 - cc6) : 0;
                    int index = pairs.size();
                    pairs.add(new double[] {e4 * s6 * s6, e4 * s6, lj.cutoff() * lj.cutoff(), sh});
                    pairTables.add(null);
                    for (int a = 0; a < types; a++) {
                        for (int b = 0; b < types; b++) {
                            if (TypePair.of(typeNames.get(a), typeNames.get(b)).equals(p.types())) {
                                if (pairOf[a * types + b] >= 0) {
                                    throw new IllegalArgumentException(definition.name() + ": type pair " + p.types()
                                        + " has pair parameters in two parts");
                                }
                                pairOf[a * types + b] = index;
                                if (lj.tailCorrection()) {
                                    double s3 = Math.pow(p.sigma() / lj.cutoff(), 3);
                                    double s9 = s3 * s3 * s3;
                                    double es3 = p.epsilon() * Math.pow(p.sigma(), 3) * counts[a] * (double) counts[b];
                                    te += es3 * (s9 / 9 - s3 / 3);
                                    tp += es3 * (2.0 / 3 * s9 - s3);
                                }
                            }
                        }
                    }
                }
            } else if (part instanceof TabulatedPair tab) {
                maxCut = Math.max(maxCut, tab.cutoff());
                for (TabulatedPair.Entry entry : tab.tables()) {
                    int index = pairs.size();
                    pairs.add(new double[] {0, 0, tab.cutoff() * tab.cutoff(), 0});
                    pairTables.add(entry.table());
                    for (int a = 0; a < types; a++) {
                        for (int b = 0; b < types; b++) {
                            if (TypePair.of(typeNames.get(a), typeNames.get(b)).equals(entry.types())) {
                                if (pairOf[a * types + b] >= 0) {
                                    throw new IllegalArgumentException(definition.name() + ": type pair "
                                        + entry.types() + " has pair parameters in two parts");
                                }
                                pairOf[a * types + b] = index;
                            }
                        }
                    }
                }
            } else if (part instanceof HarmonicBond hb) {
                for (CgTopology.Bonded b : topology.bonds()) {
                    for (HarmonicBond.Parameters p : hb.types()) {
                        if (p.type().equals(b.name())) {
                            bondList.add(b.beads());
                            bondPar.add(new double[] {p.k(), p.length()});
                        }
                    }
                }
            } else if (part instanceof HarmonicAngle ha) {
                for (CgTopology.Bonded b : topology.angles()) {
                    for (HarmonicAngle.Parameters p : ha.types()) {
                        if (p.type().equals(b.name())) {
                            angleList.add(b.beads());
                            anglePar.add(new double[] {p.k(), Math.toRadians(p.angle())});
                        }
                    }
                }
            } else {
                extras.add(part.evaluator(topology));
            }
        }
        int parameters = 0;
        for (Potential p : extras) {
            parameters += p.parameterCount();
        }
        extrasOut = extras.isEmpty() ? null : new Evaluation(n, parameters);
        this.tailE = te;
        this.tailP = tp;
        this.cutoff = maxCut;
        int np = pairs.size();
        c12 = new double[np];
        c6 = new double[np];
        rc2 = new double[np];
        shift = new double[np];
        for (int p = 0; p < np; p++) {
            c12[p] = pairs.get(p)[0];
            c6[p] = pairs.get(p)[1];
            rc2[p] = pairs.get(p)[2];
            shift[p] = pairs.get(p)[3];
        }
        tableOf = new int[np];
        tableStart = new double[np];
        tableInverseStep = new double[np];
        tableIntervals = new int[np];
        firstCubic = new int[np];
        tableOfPair = new Table[np];
        List<double[]> polys = new ArrayList<>();
        int intervals = 0;
        for (int p = 0; p < np; p++) {
            Table t = pairTables.get(p);
            tableOf[p] = -1;
            if (t != null) {
                double[] c = SplinePolynomials.of(t);
                polys.add(c);
                tableOf[p] = intervals;
                tableStart[p] = t.start();
                tableInverseStep[p] = 1 / t.step();
                tableIntervals[p] = c.length / 4;
                tableOfPair[p] = t;
                firstCubic[p] = firstCubic(t.start(), t.step());
                intervals += c.length / 4;
            }
        }
        coefficients = new double[4 * intervals];
        forceCoefficients = new double[6 * intervals];
        int at = 0;
        int table = 0;
        for (int p = 0; p < np; p++) {
            if (tableOf[p] < 0) {
                continue;
            }
            double[] c = polys.get(table++);
            System.arraycopy(c, 0, coefficients, at, c.length);
            double[] a = forcePolynomials(c, tableStart[p], tableOfPair[p].step());
            System.arraycopy(a, 0, forceCoefficients, at / 4 * 6, a.length);
            at += c.length;
        }
        bonds = new int[2 * bondList.size()];
        bondK = new double[bondList.size()];
        bondB0 = new double[bondList.size()];
        for (int k = 0; k < bondList.size(); k++) {
            bonds[2 * k] = bondList.get(k)[0];
            bonds[2 * k + 1] = bondList.get(k)[1];
            bondK[k] = bondPar.get(k)[0];
            bondB0[k] = bondPar.get(k)[1];
        }
        angles = new int[3 * angleList.size()];
        angleK = new double[angleList.size()];
        angleT0 = new double[angleList.size()];
        for (int k = 0; k < angleList.size(); k++) {
            System.arraycopy(angleList.get(k), 0, angles, 3 * k, 3);
            angleK[k] = anglePar.get(k)[0];
            angleT0[k] = anglePar.get(k)[1];
        }
        int single = pairOf.length > 0 ? pairOf[0] : -1;
        for (int q : pairOf) {
            single = q == single ? single : -1;
        }
        singleTable = single >= 0 && tableOf[single] >= 0 ? single : -1;
        bondsOf = index(bonds, 2, n);
        anglesOf = index(angles, 3, n);
        exclusions = Exclusions.of(topology);
        half = cutoff > 0 ? new CellOrderedPairs(n, cutoff, skin, exclusions, team) : null;
        ordered = new double[3 * n];
        orderedForces = new double[3 * n];
        orderedType = new int[n];
        rows = Math.max(MIN_ROWS, (n + MAX_BLOCKS - 1) / MAX_BLOCKS);
        blocks = Math.max(1, (n + rows - 1) / rows);
        blockForces = new double[blocks][3 * n];
        blockEnergy = new double[blocks];
        blockVirial = new double[blocks][9];
        blockLo = new int[blocks];
        blockHi = new int[blocks];
        bondedForces = new double[3 * n];
        innerEntries = new int[blocks][0];
        innerEnd = new int[blocks][0];
        innerFirst = new int[blocks];
        innerBuffer = INNER_BUFFER * skin;
        innerReach2 = (cutoff + innerBuffer) * (cutoff + innerBuffer);
        pruneReference = new double[3 * n];
    }

    /**
     * Per interval k of a grid (start r0, step h, {@code intervals} intervals), the cubic Hermite interpolant in
     * t = (r − r_k)/h of w(t) = 1/(h r), from its values and t-derivatives −1/r² at both ends. Then
     * s = −(dE/dr)/r = −S'(t) w(t) with the spline's own S'(t), exact but for w: with x = h/r_k the relative
     * error of w is at most x⁴/16 (w'''' = 24 x⁴ w), 6·10⁻¹⁰ from interval {@link #firstCubic} on (x ≤ 1/100),
     * 6·10⁻¹¹ for h = 1 pm at r = 0.18 nm. It replaces the division by r in the pair loop; closer in, and at
     * r = 0, the loop divides. Energies come from the spline itself.
     */
    static double[] inversePolynomials(int intervals, double r0, double h) {
        double[] w = new double[4 * intervals];
        for (int k = 0; k < intervals; k++) {
            double ra = r0 + k * h;
            double rb = r0 + (k + 1) * h;
            double wa = 1 / (h * ra);
            double wb = 1 / (h * rb);
            double da = -1 / (ra * ra);
            double db = -1 / (rb * rb);
            w[4 * k] = wa;
            w[4 * k + 1] = da;
            w[4 * k + 2] = 3 * (wb - wa) - 2 * da - db;
            w[4 * k + 3] = 2 * (wa - wb) + da + db;
        }
        return w;
    }

    /**
     * Per interval of a pair spline (coefficients c, grid start r0, step h): the 6 coefficients in t of
     * s = −(dE/dr)/r = −S'(t) w(t), the product of the spline's own derivative and the cubic
     * {@link #inversePolynomials} for 1/(h r), with its relative error (6·10⁻¹⁰ from {@link #firstCubic} on).
     */
    static double[] forcePolynomials(double[] c, double r0, double h) {
        int intervals = c.length / 4;
        double[] w = inversePolynomials(intervals, r0, h);
        double[] a = new double[6 * intervals];
        for (int k = 0; k < intervals; k++) {
            double b0 = c[4 * k + 1];
            double b1 = 2 * c[4 * k + 2];
            double b2 = 3 * c[4 * k + 3];
            double w0 = w[4 * k];
            double w1 = w[4 * k + 1];
            double w2 = w[4 * k + 2];
            double w3 = w[4 * k + 3];
            a[6 * k] = -(b0 * w0);
            a[6 * k + 1] = -(b0 * w1 + b1 * w0);
            a[6 * k + 2] = -(b0 * w2 + b1 * w1 + b2 * w0);
            a[6 * k + 3] = -(b0 * w3 + b1 * w2 + b2 * w1);
            a[6 * k + 4] = -(b1 * w3 + b2 * w2);
            a[6 * k + 5] = -(b2 * w3);
        }
        return a;
    }

    /**
     * a[k] + a[k+1] t + … + a[k+5] t⁵ by Estrin's scheme with fused multiply-adds: three independent
     * linear pieces joined by t², a chain of three fused operations instead of Horner's five multiply-adds.
     */
    static double quintic(double[] a, int k, double t) {
        double t2 = t * t;
        double p01 = Math.fma(a[k + 1], t, a[k]);
        double p23 = Math.fma(a[k + 3], t, a[k + 2]);
        double p45 = Math.fma(a[k + 5], t, a[k + 4]);
        return Math.fma(Math.fma(p45, t2, p23), t2, p01);
    }

    /** The first interval k of a grid (start r0, step h) with r_k ≥ 100 h. */
    static int firstCubic(double r0, double h) {
        return (int) Math.max(0, Math.ceil(100 - r0 / h));
    }

    private static int[][] index(int[] beads, int per, int n) {
        int[] count = new int[n];
        for (int b : beads) {
            count[b]++;
        }
        int[][] of = new int[n][];
        for (int i = 0; i < n; i++) {
            of[i] = new int[count[i]];
        }
        Arrays.fill(count, 0);
        for (int k = 0; k < beads.length; k++) {
            int b = beads[k];
            of[b][count[b]++] = k / per;
        }
        return of;
    }

    /** Number of pair blocks (fixed by the number of beads). */
    public int blocks() {
        return blocks;
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    @Override
    public void compute(double[] x, Box box, boolean withForces) {
        pairEnergy = true;
        evaluate(x, box, withForces);
    }

    /** Forces without the pair energy and virial sums; {@link #energy()} and {@link #virial()} are NaN after it. */
    @Override
    public void computeForces(double[] x, Box box) {
        pairEnergy = false;
        try {
            evaluate(x, box, true);
        } finally {
            pairEnergy = true;
        }
        energy = Double.NaN;
        Arrays.fill(virial, Double.NaN);
    }

    private void evaluate(double[] x, Box box, boolean withForces) {
        if (half != null) {
            if (half.update(x, box)) {
                rebuilt();
                halfReference = x.clone();
            }
            pruneNow = rebuiltSincePrune
                || CellOrderedPairs.maxDisplacement2(x, pruneReference) > 0.25 * innerBuffer * innerBuffer;
            rebuiltSincePrune = false;
            if (pruneNow) {
                System.arraycopy(x, 0, pruneReference, 0, 3 * n);
                prunes++;
            }
            half.gather(x, ordered, 0, n);
        }
        PeriodicCell cell = new PeriodicCell(box);
        nextBlock.set(0);
        if (team == null) {
            for (int b = 0; b < blocks; b++) {
                pairBlock(b, withForces);
            }
            bonded(x, box, cell, withForces);
        } else {
            // the calling thread is worker 0; blocks go to whichever worker is free (each block's sums depend
            // on the block only)
            List<Runnable> workers = new ArrayList<>(threads);
            for (int w = 0; w < threads; w++) {
                boolean bondedToo = threads > 1 && w == threads - 1;
                workers.add(() -> pairWorker(x, box, cell, withForces, bondedToo));
            }
            team.runAll(workers);
        }
        boundsStale = false;
        double e = 0;
        for (int b = 0; b < blocks; b++) {
            e += blockEnergy[b];
        }
        energy = e + bondedEnergy;
        double volume = box.volume();
        tailEnergy = 8 * Math.PI / volume * tailE;
        tailPressure = 16 * Math.PI / (3 * volume * volume) * tailP;
        if (!withForces) {
            return;
        }
        for (int c = 0; c < 9; c++) {
            double v = 0;
            for (int b = 0; b < blocks; b++) {
                v += blockVirial[b][c];
            }
            virial[c] = v + bondedVirial[c];
        }
        if (half == null) {
            System.arraycopy(bondedForces, 0, forces, 0, 3 * n);
        } else if (team == null) {
            reduce(0, n);
        } else {
            int chunk = (n + threads - 1) / threads;
            List<Runnable> tasks = new ArrayList<>(threads);
            for (int w = 0; w < threads; w++) {
                int from = Math.min(n, w * chunk);
                int to = Math.min(n, from + chunk);
                tasks.add(() -> reduce(from, to));
            }
            team.runAll(tasks);
        }
    }

    private void pairWorker(double[] x, Box box, PeriodicCell cell, boolean withForces, boolean withBonded) {
        if (withBonded) {
            bonded(x, box, cell, withForces);
        }
        for (int b = nextBlock.getAndIncrement(); b < blocks; b = nextBlock.getAndIncrement()) {
            pairBlock(b, withForces);
        }
    }

    /** Prunes of the half list so far (each after a build, or when a bead moved half the inner buffer). */
    long prunes() {
        return prunes;
    }

    /** Makes block b's pruned list hold at least {@code entries} entries and {@code segments} segment ends. */
    private void growInner(int b, int entries, int segments) {
        if (innerEntries[b].length < entries) {
            innerEntries[b] = new int[entries + entries / 8];
        }
        if (innerEnd[b].length < segments) {
            innerEnd[b] = new int[segments + segments / 8];
        }
    }

    /**
     * After a list build: the types in slot order; the slots each block can touch are found by the block itself,
     * in the pair phase that follows ({@link #blockBounds}), on whichever thread takes it.
     */
    private void rebuilt() {
        rebuiltSincePrune = true;
        boundsStale = true;
        int[] order = half.order();
        for (int s = 0; s < n; s++) {
            orderedType[s] = typeOf[order[s]];
        }
    }

    /** The slots block b's pairs touch, [blockLo[b], blockHi[b]), from the list as built. */
    private void blockBounds(int b) {
        int[] start = half.starts();
        int[] entries = half.entries();
        int from = Math.min(n, b * rows);
        int to = Math.min(n, from + rows);
        int lo = from;
        int hi = to;
        for (int k = start[from], end = start[to]; k < end; k++) {
            int j = entries[k] >>> 5;
            lo = Math.min(lo, j);
            hi = Math.max(hi, j + 1);
        }
        blockLo[b] = lo;
        blockHi[b] = hi;
    }

    /** Total forces of slots [from, to): the blocks in block order, then the bonded terms, back in bead order. */
    private void reduce(int from, int to) {
        double[] sum = orderedForces;
        Arrays.fill(sum, 3 * from, 3 * to, 0);
        for (int b = 0; b < blocks; b++) {
            int lo = 3 * Math.max(from, blockLo[b]);
            int hi = 3 * Math.min(to, blockHi[b]);
            double[] f = blockForces[b];
            for (int k = lo; k < hi; k++) {
                sum[k] += f[k];
            }
        }
        int[] order = half.order();
        for (int s = from; s < to; s++) {
            int i = 3 * order[s];
            forces[i] = sum[3 * s] + bondedForces[i];
            forces[i + 1] = sum[3 * s + 1] + bondedForces[i + 1];
            forces[i + 2] = sum[3 * s + 2] + bondedForces[i + 2];
        }
    }

    private void pairBlock(int b, boolean withForces) {
        if (boundsStale) {
            blockBounds(b);
        }
        if (singleTable >= 0 && withForces && !pairEnergy) {
            singleTableForces(b, singleTable);
            return;
        }
        double[] f = blockForces[b];
        double[] w = blockVirial[b];
        double e = 0;
        // the virial of a central pair force is symmetric: six sums, kept in registers
        double wxx = 0;
        double wxy = 0;
        double wxz = 0;
        double wyy = 0;
        double wyz = 0;
        double wzz = 0;
        boolean energyToo = pairEnergy;
        if (half != null) {
            if (withForces) {
                Arrays.fill(f, 3 * blockLo[b], 3 * blockHi[b], 0);
            }
            // on a step that prunes, the loop runs over the block's full list and keeps the entries within the inner
            // reach on the way, in list order: the pruned list, and sums with the bits of a pass over it; on the
            // other steps it runs over the pruned list
            boolean pruning = pruneNow;
            int[] segmentOf = half.segmentOf();
            int[] start = half.starts();
            int from = Math.min(n, b * rows);
            int to = Math.min(n, from + rows);
            int first = segmentOf[from];
            if (pruning) {
                growInner(b, start[to] - start[from], segmentOf[to] - first);
                innerFirst[b] = first;
            }
            int[] inner = innerEntries[b];
            int[] innerEnds = innerEnd[b];
            int[] entries = pruning ? half.entries() : inner;
            int slotShift = pruning ? 5 : 0;
            int[] segmentEnd = pruning ? half.segmentEnd() : innerEnds;
            int segmentBase = pruning ? 0 : first;
            double reach2 = innerReach2;
            int count = 0;
            double[] y = ordered;
            int[] segmentCode = half.segmentCode();
            double[] image = half.shifts();
            int[] pairIndex = pairOf;
            int[] type = orderedType;
            double[] cut2 = rc2;
            int[] tableAt = tableOf;
            double[] poly = coefficients;
            double[] force = forceCoefficients;
            int k = pruning ? start[from] : 0;
            for (int i = from; i < to; i++) {
                int ti = type[i] * types;
                double xi = y[3 * i];
                double yi = y[3 * i + 1];
                double zi = y[3 * i + 2];
                double fxi = 0;
                double fyi = 0;
                double fzi = 0;
                for (int g = segmentOf[i], gEnd = segmentOf[i + 1]; g < gEnd; g++) {
                    // one image shift per segment, taken off the row's position
                    int code = segmentCode[g];
                    double sx = xi - image[code];
                    double sy = yi - image[code + 1];
                    double sz = zi - image[code + 2];
                    for (int end = segmentEnd[g - segmentBase]; k < end; k++) {
                        int j = entries[k] >>> slotShift;
                        double dx = y[3 * j] - sx;
                        double dy = y[3 * j + 1] - sy;
                        double dz = y[3 * j + 2] - sz;
                        double r2 = dx * dx + dy * dy + dz * dz;
                        if (pruning) {
                            if (r2 >= reach2) {
                                continue;
                            }
                            inner[count++] = j;
                        }
                        int p = pairIndex[ti + type[j]];
                        if (p < 0 || r2 >= cut2[p]) {
                            continue;
                        }
                        double s;
                        int table = tableAt[p];
                        if (table < 0) {
                            double ir2 = 1 / r2;
                            double ir6 = ir2 * ir2 * ir2;
                            double a12 = c12[p] * ir6 * ir6;
                            double a6 = c6[p] * ir6;
                            if (energyToo) {
                                e += a12 - a6 - shift[p];
                            }
                            s = (12 * a12 - 6 * a6) * ir2;
                        } else {
                            // the spline polynomial of the interval holding r; s = −(dE/dr)/r, a quintic in t
                            double r = Math.sqrt(r2);
                            double inverseStep = tableInverseStep[p];
                            double u = (r - tableStart[p]) * inverseStep;
                            if (u < 0) {
                                belowTable(p, r, half.bead(i), half.bead(j));
                            }
                            int q = Math.min((int) u, tableIntervals[p] - 1);
                            double t = u - q;
                            int c = 4 * (table + q);
                            if (energyToo) {
                                e += poly[c] + t * (poly[c + 1] + t * (poly[c + 2] + t * poly[c + 3]));
                            }
                            if (q >= firstCubic[p]) {
                                int a = 6 * (table + q);
                                s = quintic(force, a, t);
                            } else {
                                s = -(poly[c + 1] + t * (2 * poly[c + 2] + 3 * t * poly[c + 3])) * inverseStep / r;
                            }
                        }
                        if (withForces) {
                            double fx = s * dx;
                            double fy = s * dy;
                            double fz = s * dz;
                            f[3 * j] += fx;
                            f[3 * j + 1] += fy;
                            f[3 * j + 2] += fz;
                            fxi -= fx;
                            fyi -= fy;
                            fzi -= fz;
                            if (energyToo) {
                                wxx += dx * fx;
                                wxy += dx * fy;
                                wxz += dx * fz;
                                wyy += dy * fy;
                                wyz += dy * fz;
                                wzz += dz * fz;
                            }
                        }
                    }
                    if (pruning) {
                        innerEnds[g - first] = count;
                    }
                }
                if (withForces) {
                    f[3 * i] += fxi;
                    f[3 * i + 1] += fyi;
                    f[3 * i + 2] += fzi;
                }
            }
        }
        if (withForces) {
            w[0] = wxx;
            w[1] = wxy;
            w[2] = wxz;
            w[3] = wxy;
            w[4] = wyy;
            w[5] = wyz;
            w[6] = wxz;
            w[7] = wyz;
            w[8] = wzz;
        }
        blockEnergy[b] = e;
    }

    /**
     * {@link #pairBlock} for forces only when one table acts between all types: the same operations in the same
     * order (the same bits), with the table's constants in registers.
     */
    private void singleTableForces(int b, int p) {
        double[] f = blockForces[b];
        Arrays.fill(f, 3 * blockLo[b], 3 * blockHi[b], 0);
        Arrays.fill(blockVirial[b], 0);
        blockEnergy[b] = 0;
        if (pruneNow) {
            pruneWithForces(b, p);
            return;
        }
        double[] y = ordered;
        int[] entries = innerEntries[b];
        int[] segmentOf = half.segmentOf();
        int[] segmentEnd = innerEnd[b];
        int first = innerFirst[b];
        int[] segmentCode = half.segmentCode();
        double[] image = half.shifts();
        double[] poly = coefficients;
        double[] force = forceCoefficients;
        double cut2 = rc2[p];
        double r0 = tableStart[p];
        double inverseStep = tableInverseStep[p];
        int last = tableIntervals[p] - 1;
        int base = tableOf[p];
        int cubicFrom = firstCubic[p];
        int from = Math.min(n, b * rows);
        int to = Math.min(n, from + rows);
        int k = 0;
        for (int i = from; i < to; i++) {
            double xi = y[3 * i];
            double yi = y[3 * i + 1];
            double zi = y[3 * i + 2];
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            for (int g = segmentOf[i], gEnd = segmentOf[i + 1]; g < gEnd; g++) {
                int code = segmentCode[g];
                double sx = xi - image[code];
                double sy = yi - image[code + 1];
                double sz = zi - image[code + 2];
                for (int end = segmentEnd[g - first]; k < end; k++) {
                    int j = entries[k];
                    double dx = y[3 * j] - sx;
                    double dy = y[3 * j + 1] - sy;
                    double dz = y[3 * j + 2] - sz;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= cut2) {
                        continue;
                    }
                    double r = Math.sqrt(r2);
                    double u = (r - r0) * inverseStep;
                    if (u < 0) {
                        belowTable(p, r, half.bead(i), half.bead(j));
                    }
                    int q = Math.min((int) u, last);
                    double t = u - q;
                    double s;
                    if (q >= cubicFrom) {
                        int a = 6 * (base + q);
                        s = quintic(force, a, t);
                    } else {
                        int c = 4 * (base + q);
                        s = -(poly[c + 1] + t * (2 * poly[c + 2] + 3 * t * poly[c + 3])) * inverseStep / r;
                    }
                    double fx = s * dx;
                    double fy = s * dy;
                    double fz = s * dz;
                    f[3 * j] += fx;
                    f[3 * j + 1] += fy;
                    f[3 * j + 2] += fz;
                    fxi -= fx;
                    fyi -= fy;
                    fzi -= fz;
                }
            }
            f[3 * i] += fxi;
            f[3 * i + 1] += fyi;
            f[3 * i + 2] += fzi;
        }
    }

    /**
     * {@link #singleTableForces} on a step that prunes: one pass over the block's full list that keeps the entries
     * within the inner reach (as {@link #pairBlock} does on such a step) and adds the force of those within the
     * cut-off on the way, in the order the pruned list holds them, so the sums have the bits of a prune followed by
     * the pruned pass.
     */
    private void pruneWithForces(int b, int p) {
        double[] f = blockForces[b];
        double[] y = ordered;
        int[] start = half.starts();
        int[] entries = half.entries();
        int[] segmentOf = half.segmentOf();
        int[] segmentEnd = half.segmentEnd();
        int[] segmentCode = half.segmentCode();
        double[] image = half.shifts();
        int from = Math.min(n, b * rows);
        int to = Math.min(n, from + rows);
        int first = segmentOf[from];
        growInner(b, start[to] - start[from], segmentOf[to] - first);
        int[] inner = innerEntries[b];
        int[] ends = innerEnd[b];
        double reach2 = innerReach2;
        double[] poly = coefficients;
        double[] force = forceCoefficients;
        double cut2 = rc2[p];
        double r0 = tableStart[p];
        double inverseStep = tableInverseStep[p];
        int last = tableIntervals[p] - 1;
        int base = tableOf[p];
        int cubicFrom = firstCubic[p];
        int count = 0;
        for (int i = from; i < to; i++) {
            double xi = y[3 * i];
            double yi = y[3 * i + 1];
            double zi = y[3 * i + 2];
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            int k = start[i];
            for (int g = segmentOf[i], gEnd = segmentOf[i + 1]; g < gEnd; g++) {
                int code = segmentCode[g];
                double sx = xi - image[code];
                double sy = yi - image[code + 1];
                double sz = zi - image[code + 2];
                for (int end = segmentEnd[g]; k < end; k++) {
                    int j = entries[k] >>> 5;
                    double dx = y[3 * j] - sx;
                    double dy = y[3 * j + 1] - sy;
                    double dz = y[3 * j + 2] - sz;
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= reach2) {
                        continue;
                    }
                    inner[count++] = j;
                    if (r2 >= cut2) {
                        continue;
                    }
                    double r = Math.sqrt(r2);
                    double u = (r - r0) * inverseStep;
                    if (u < 0) {
                        belowTable(p, r, half.bead(i), half.bead(j));
                    }
                    int q = Math.min((int) u, last);
                    double t = u - q;
                    double s;
                    if (q >= cubicFrom) {
                        s = quintic(force, 6 * (base + q), t);
                    } else {
                        int c = 4 * (base + q);
                        s = -(poly[c + 1] + t * (2 * poly[c + 2] + 3 * t * poly[c + 3])) * inverseStep / r;
                    }
                    double fx = s * dx;
                    double fy = s * dy;
                    double fz = s * dz;
                    f[3 * j] += fx;
                    f[3 * j + 1] += fy;
                    f[3 * j + 2] += fz;
                    fxi -= fx;
                    fyi -= fy;
                    fzi -= fz;
                }
                ends[g - first] = count;
            }
            f[3 * i] += fxi;
            f[3 * i + 1] += fyi;
            f[3 * i + 2] += fzi;
        }
        innerFirst[b] = first;
    }

    private void bonded(double[] x, Box box, PeriodicCell cell, boolean withForces) {
        if (withForces) {
            Arrays.fill(bondedForces, 0);
            Arrays.fill(bondedVirial, 0);
        }
        double[] a = new double[3];
        double[] c = new double[3];
        double e = 0;
        for (int k = 0; k < bondK.length; k++) {
            e += bond(x, cell, k, withForces ? bondedForces : null, withForces ? bondedVirial : null, a);
        }
        for (int k = 0; k < angleK.length; k++) {
            e += angle(x, cell, k, withForces ? bondedForces : null, withForces ? bondedVirial : null, a, c);
        }
        if (extrasOut != null) {
            extrasOut.clear();
            for (Potential p : extras) {
                p.evaluate(x, box, null, withForces ? Request.FORCES : Request.ENERGY, extrasOut);
            }
            e += extrasOut.energy();
            if (withForces) {
                double[] f = extrasOut.forces();
                for (int k = 0; k < f.length; k++) {
                    bondedForces[k] += f[k];
                }
                double[] w = extrasOut.virial();
                for (int k = 0; k < 9; k++) {
                    bondedVirial[k] += w[k];
                }
            }
        }
        bondedEnergy = e;
    }

    private static void separation(PeriodicCell cell, double[] x, int from, int to, double[] out) {
        out[0] = x[3 * to] - x[3 * from];
        out[1] = x[3 * to + 1] - x[3 * from + 1];
        out[2] = x[3 * to + 2] - x[3 * from + 2];
        cell.minimumImage(out);
    }

    private double bond(double[] x, PeriodicCell cell, int k, double[] f, double[] w, double[] a) {
        int i = bonds[2 * k];
        int j = bonds[2 * k + 1];
        separation(cell, x, i, j, a);
        double r = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        double dev = r - bondB0[k];
        if (f != null) {
            double s = -bondK[k] * dev / r;
            for (int d = 0; d < 3; d++) {
                f[3 * j + d] += s * a[d];
                f[3 * i + d] -= s * a[d];
            }
            addVirial(w, a, s * a[0], s * a[1], s * a[2]);
        }
        return 0.5 * bondK[k] * dev * dev;
    }

    private double angle(double[] x, PeriodicCell cell, int k, double[] f, double[] w, double[] a, double[] b) {
        int i = angles[3 * k];
        int j = angles[3 * k + 1];
        int l = angles[3 * k + 2];
        separation(cell, x, j, i, a);
        separation(cell, x, j, l, b);
        double ra = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        double rb = Math.sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
        double cos = Math.max(-1, Math.min(1, (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (ra * rb)));
        double dev = Math.acos(cos) - angleT0[k];
        if (f != null) {
            double sin = Math.max(1e-12, Math.sqrt(1 - cos * cos));
            double g = angleK[k] * dev / sin;
            double[] fi = new double[3];
            double[] fl = new double[3];
            for (int d = 0; d < 3; d++) {
                fi[d] = g * (b[d] / (ra * rb) - cos * a[d] / (ra * ra));
                fl[d] = g * (a[d] / (ra * rb) - cos * b[d] / (rb * rb));
                f[3 * i + d] += fi[d];
                f[3 * l + d] += fl[d];
                f[3 * j + d] -= fi[d] + fl[d];
            }
            addVirial(w, a, fi[0], fi[1], fi[2]);
            addVirial(w, b, fl[0], fl[1], fl[2]);
        }
        return 0.5 * angleK[k] * dev * dev;
    }

    private static void addVirial(double[] w, double[] d, double fx, double fy, double fz) {
        w[0] += d[0] * fx;
        w[1] += d[0] * fy;
        w[2] += d[0] * fz;
        w[3] += d[1] * fx;
        w[4] += d[1] * fy;
        w[5] += d[1] * fz;
        w[6] += d[2] * fx;
        w[7] += d[2] * fy;
        w[8] += d[2] * fz;
    }

    /** Per-bead energies when every bonded evaluator apart from the kernel gives them (tabulated bonded terms do). */
    @Override
    public boolean hasBeadEnergies() {
        for (Potential p : extras) {
            if (!(p instanceof BeadEnergies)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void prepareMove(double[] x, Box box, int i, double tx, double ty, double tz) {
        if (cutoff == 0 || box.equals(allPairs)) {
            return;
        }
        if (moves == null || !moves.box().equals(box)) {
            CellGrid.checkCutoff(cutoff, box, "pair cut-off");
            double skin = moveSkin(box, cutoff);
            if (thinSkin(skin, n)) {
                allPairs = box;
                moves = null;
                return;
            }
            allPairs = null;
            if (moves == null || moves.skin() != skin) {
                moves = new MoveList(n, cutoff, skin, exclusions);
            }
            moves.build(x, box);
        } else if (moves.crowded()) {
            moves.build(x, box);
        }
    }

    /** Whether single-bead moves in {@code box} take every bead at the minimum image (for tests). */
    boolean movesByMinimumImage(Box box) {
        return box.equals(allPairs);
    }

    @Override
    public void moved(double[] x, Box box, int i) {
        if (moves != null) {
            moves.moved(i, x[3 * i], x[3 * i + 1], x[3 * i + 2]);
        }
    }

    /**
     * Pairs of bead i: from its row of the full list, except partners that moved more than skin/2 since the
     * build ("far" beads), which are added at the minimum image; all at the minimum image when bead i itself
     * is (or would be) that far.
     */
    @Override
    public double beadEnergy(double[] x, Box box, int i) {
        double e = 0;
        if (cutoff > 0 && box.equals(allPairs)) {
            e = pairsByMinimumImage(x, box, i, null, n);
        } else if (moves != null && (moves.far(i) || moves.displaced(x[3 * i], x[3 * i + 1], x[3 * i + 2], i))) {
            e = pairsByMinimumImage(x, box, i, null, n);
        } else if (moves != null) {
            NeighbourList full = moves.list();
            int ti = typeOf[i] * types;
            double xi = x[3 * i];
            double yi = x[3 * i + 1];
            double zi = x[3 * i + 2];
            for (int k = full.start(i), end = full.end(i); k < end; k++) {
                int j = full.neighbour(k);
                int p = pairOf[ti + typeOf[j]];
                if (p < 0 || moves.far(j)) {
                    continue;
                }
                double dx = x[3 * j] - xi + full.shift(k, 0);
                double dy = x[3 * j + 1] - yi + full.shift(k, 1);
                double dz = x[3 * j + 2] - zi + full.shift(k, 2);
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2[p]) {
                    continue;
                }
                e += pairEnergy(p, r2, i, j);
            }
            if (moves.farCount() > 0) {
                e += pairsByMinimumImage(x, box, i, moves.farBeads(), moves.farCount());
            }
        }
        if (bondsOf[i].length + anglesOf[i].length > 0) {
            PeriodicCell cell = new PeriodicCell(box);
            double[] a = new double[3];
            double[] b = new double[3];
            for (int k : bondsOf[i]) {
                e += bond(x, cell, k, null, null, a);
            }
            for (int k : anglesOf[i]) {
                e += angle(x, cell, k, null, null, a, b);
            }
        }
        for (Potential p : extras) {
            e += ((BeadEnergies) p).beadEnergy(x, box, i);
        }
        return e;
    }

    /** The energy of a pair of pair index p at squared distance r2 (within the cut-off). */
    private double pairEnergy(int p, double r2, int i, int j) {
        int table = tableOf[p];
        if (table < 0) {
            double ir2 = 1 / r2;
            double ir6 = ir2 * ir2 * ir2;
            return c12[p] * ir6 * ir6 - c6[p] * ir6 - shift[p];
        }
        double r = Math.sqrt(r2);
        double u = (r - tableStart[p]) * tableInverseStep[p];
        if (u < 0) {
            belowTable(p, r, i, j);
        }
        int k = Math.min((int) u, tableIntervals[p] - 1);
        double t = u - k;
        int c = 4 * (table + k);
        return coefficients[c] + t * (coefficients[c + 1] + t * (coefficients[c + 2] + t * coefficients[c + 3]));
    }

    private void belowTable(int p, double r, int i, int j) {
        Table t = tableOfPair[p];
        if (r < t.start() - 1e-9 * t.step()) {
            throw new TableRangeException("table " + t.name() + ": distance " + r + " nm (beads " + (i + 1) + " and "
                + (j + 1) + ") is below the table's start " + t.start() + " nm");
        }
    }

    /** Bead i's pair energy with {@code partners[0 .. count)} (beads 0 … count − 1 when null) at the minimum image. */
    private double pairsByMinimumImage(double[] x, Box box, int i, int[] partners, int count) {
        PeriodicCell cell = new PeriodicCell(box);
        double[] d = new double[3];
        int ti = typeOf[i] * types;
        double e = 0;
        for (int q = 0; q < count; q++) {
            int j = partners == null ? q : partners[q];
            int p = pairOf[ti + typeOf[j]];
            if (j == i || p < 0 || exclusions.contains(i, j)) {
                continue;
            }
            d[0] = x[3 * j] - x[3 * i];
            d[1] = x[3 * j + 1] - x[3 * i + 1];
            d[2] = x[3 * j + 2] - x[3 * i + 2];
            cell.minimumImage(d);
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if (r2 < rc2[p]) {
                e += pairEnergy(p, r2, i, j);
            }
        }
        return e;
    }

    @Override
    public double[][] listReferences() {
        return new double[][] {halfReference, moves == null ? null : moves.reference()};
    }

    @Override
    public void restoreLists(double[][] references, Box box) {
        if (half != null && references[0] != null) {
            half.build(references[0], box);
            rebuilt();
            halfReference = references[0].clone();
        }
        if (references.length > 1 && references[1] != null && cutoff > 0) {
            moves = new MoveList(n, cutoff, moveSkin(box, cutoff), exclusions);
            moves.build(references[1], box);
        }
    }

    /** The topology this backend was built for. */
    public CgTopology topology() {
        return topology;
    }

    @Override
    public void close() {
        if (team != null && ownsTeam) {
            team.close();
        }
    }
}
