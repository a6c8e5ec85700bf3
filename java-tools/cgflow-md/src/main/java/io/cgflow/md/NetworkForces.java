package io.cgflow.md;

import io.cgflow.core.concurrent.WorkerTeam;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.neighbour.CellGrid;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Descriptor;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained network potential for the engine (plain-Java perceptrons): whole configurations on several threads, and
 * single-bead Monte Carlo energy changes from cached per-bead descriptors and energies.
 *
 * <p>Whole configurations: a full neighbour list, cut into blocks of rows whose size depends on the number of beads
 * only (as in {@link KernelForces}), in three passes. First each block evaluates the elementary functions of the pairs
 * (i, j &gt; i) of its rows once, stored under the list's pair number ({@link RadialG2Descriptor#seed}); then each
 * bead's descriptor row is summed from its own row of the list out of those seeds, and its network gives its energy and
 * ∂E/∂G; then each block takes the pairs (i, j &gt; i) of its rows once and adds their forces into its own force array.
 * A pair's cosines and exponentials are so evaluated once per configuration, not once for each row and again for the
 * force (a third of the time of a step with small networks). Energies are added in bead order, block forces and
 * virials in block order, so any thread count gives the same bits. Descriptors other than radial G2 go through
 * {@link NetworkPotential} on the calling thread.
 *
 * <p>Moving bead k changes the descriptor rows of k and of the beads within r_c of its old or new position, and no
 * others; so ΔE = Σ_{affected b} [NN(G_b,new) − NN(G_b,old)]. {@link #prepareMove} finds the affected beads (from
 * a full neighbour list with a skin, as {@link KernelForces} does, with beads that moved more than skin/2 since
 * its build checked by minimum image; in a box that leaves that list a skin under 0.1 nm, every bead at the minimum
 * image), updates their rows by removing the old pair term of k and adding the new one,
 * rebuilds k's row and runs the networks on those rows only. {@link #beadEnergy} then returns Σ over the affected
 * beads of the cached energies (bead k at its old position) or of the new ones (bead k at the trial position) — the
 * energy of everything the move touches — and {@link #moved} commits the new rows. Caches are rebuilt from scratch
 * after every {@link #compute}, after a checkpoint ({@link #listReferences}), when the full list is rebuilt, and when
 * positions changed outside this protocol; so a run restarted from a checkpoint continues with the same bits as an
 * uninterrupted one. Descriptors of other
 * kinds than radial G2 are not pair-additive: then {@link #hasBeadEnergies()} is false and Monte Carlo compares whole
 * energies. Not thread-safe.
 */
public final class NetworkForces extends Forces {
    /** At most this many blocks of rows. */
    private static final int MAX_BLOCKS = 32;
    private static final int MIN_ROWS = 32;

    private final NetworkPotential potential;
    /** Half list of {@link #potential} (descriptors other than radial G2) or full list of the blocks. */
    private final NeighbourList list;
    private final Evaluation out;
    private double[] listReference;
    private final int threads;
    private final WorkerTeam team;
    /** Whether {@link #close} closes the team (not when it was given). */
    private final boolean ownsTeam;
    private final int blockRows;
    private final int blocks;
    private final double[][] blockVirial;
    private double[][] blockForces;
    /** Per worker: its own networks and buffers. */
    private final Worker[] workers;
    /** Per pair of {@link #list}: the elementary functions of its G2 terms, evaluated once per configuration. */
    private final RadialG2Descriptor.PairSeeds seeds = new RadialG2Descriptor.PairSeeds();
    private double[] g;
    private double[] dEdG;
    private double[] energies;

    private final Exclusions exclusions;
    private final double cutoff;
    private final double rc2;
    private final int[] typeOf;
    private final RadialG2Descriptor descriptor;
    private final int gaussians;
    private final int length;
    private final MlpModel[] models;
    private final InputScaling[] scalings;
    private final double[] mean;
    private final double[] inverseStd;
    /** Rows per perceptron call of {@link #networkEnergies}, their scaled inputs, energies and row numbers. */
    private static final int BATCH = 64;
    private final double[] batch;
    private final double[] batchEnergies = new double[BATCH];
    private final int[] batchRows = new int[BATCH];

    private MoveList moves;
    /** Single-bead moves take every bead at the minimum image (see {@link #MIN_MOVE_SKIN}), no full list. */
    private boolean allPairs;
    private double[] rows;
    private double[] beadEnergies;
    private double[] cached;
    private Box cachedBox;
    private boolean valid;

    private int moving = -1;
    private double trialX;
    private double trialY;
    private double trialZ;
    private int[] affected;
    private int affectedCount;
    private int[] slotOf;
    private double[] newRows;
    private double[] newEnergies;
    private double oldSum;
    private double newSum;

    /** On the calling thread; see {@link #NetworkForces(TrainedModel, CgTopology, double, int)}. */
    public NetworkForces(TrainedModel model, CgTopology topology, double skin) {
        this(model, topology, skin, 1);
    }

    /**
     * @param model    the trained model
     * @param topology the system; its exclusions apply to descriptors (see {@link NetworkPotential})
     * @param skin     Verlet skin of the neighbour list used by {@link #compute}, nm
     * @param threads  worker threads for {@link #compute} (1: everything on the calling thread)
     */
    public NetworkForces(TrainedModel model, CgTopology topology, double skin, int threads) {
        this(model, topology, skin, threads, null);
    }

    /** On the threads of {@code team}, which the caller keeps and closes (one team for all forces of a step). */
    NetworkForces(TrainedModel model, CgTopology topology, double skin, WorkerTeam team) {
        this(model, topology, skin, team.size(), team);
    }

    private NetworkForces(TrainedModel model, CgTopology topology, double skin, int threads, WorkerTeam shared) {
        super(topology.size());
        this.potential = NetworkPotential.of(model, topology);
        this.cutoff = potential.cutoff();
        this.rc2 = cutoff * cutoff;
        this.exclusions = Exclusions.of(topology);
        this.out = new Evaluation(n, 0);
        this.typeOf = new int[n];
        for (int i = 0; i < n; i++) {
            typeOf[i] = potential.typeOf(i);
        }
        int types = model.beadTypes().size();
        this.models = new MlpModel[types];
        this.scalings = new InputScaling[types];
        for (int t = 0; t < types; t++) {
            BeadNetwork network = model.networks().get(t);
            models[t] = network.plainModel();
            scalings[t] = network.scaling();
        }
        this.length = model.descriptor().length();
        this.mean = new double[types * length];
        this.inverseStd = new double[types * length];
        for (int t = 0; t < types; t++) {
            double[] m = scalings[t].mean();
            double[] s = scalings[t].std();
            for (int c = 0; c < length; c++) {
                mean[t * length + c] = m[c];
                inverseStd[t * length + c] = 1 / s[c];
            }
        }
        if (model.descriptor() instanceof RadialG2Settings g2) {
            this.descriptor = g2.create();
            this.gaussians = g2.gaussians();
        } else {
            this.descriptor = null;
            this.gaussians = 0;
        }
        this.batch = new double[BATCH * length];
        this.list = new NeighbourList(n, cutoff, skin,
            descriptor == null ? NeighbourList.Kind.HALF : NeighbourList.Kind.FULL, exclusions);
        this.threads = Math.max(1, threads);
        this.ownsTeam = shared == null;
        this.team = this.threads == 1 || descriptor == null ? null
            : shared != null ? shared : new WorkerTeam(this.threads, "cgflow-md-network");
        this.blockRows = Math.max(MIN_ROWS, (n + MAX_BLOCKS - 1) / MAX_BLOCKS);
        this.blocks = Math.max(1, (n + blockRows - 1) / blockRows);
        this.blockVirial = new double[blocks][9];
        this.workers = new Worker[descriptor == null ? 0 : this.threads];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker();
        }
    }

    /** The networks and buffers of one worker thread. */
    private final class Worker {
        final MlpModel[] nets = new MlpModel[models.length];
        final RadialG2Descriptor terms;
        /** The block's scaled rows of one bead type, their energies and ∂E/∂z, and which beads they are. */
        final double[] input = new double[blockRows * length];
        final double[] gradient = new double[blockRows * length];
        final double[] e = new double[blockRows];
        final int[] beads = new int[blockRows];

        Worker() {
            for (int t = 0; t < models.length; t++) {
                nets[t] = models[t].copy();
            }
            terms = descriptor.settings().create();
        }

        /**
         * The seeds of the pairs (i, j &gt; i) of the rows of block b: each pair's elementary functions once, for both
         * rows and the forces (the distance is the same bits from either side: x_i − x_j + t is −(x_j − x_i − t)).
         */
        void seed(double[] x, int b) {
            int from = b * blockRows;
            int to = Math.min(n, from + blockRows);
            for (int i = from; i < to; i++) {
                double xi = x[3 * i];
                double yi = x[3 * i + 1];
                double zi = x[3 * i + 2];
                for (int k = list.start(i), end = list.end(i); k < end; k++) {
                    int j = list.neighbour(k);
                    if (j < i) {
                        continue;
                    }
                    double dx = x[3 * j] - xi + list.shift(k, 0);
                    double dy = x[3 * j + 1] - yi + list.shift(k, 1);
                    double dz = x[3 * j + 2] - zi + list.shift(k, 2);
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 < rc2) {
                        terms.seed(Math.sqrt(r2), seeds, list.pair(k));
                    } else {
                        seeds.beyond(list.pair(k));
                    }
                }
            }
        }

        /** Descriptor rows, energies and (with forces) ∂E/∂G of the beads of block b, from the pairs' seeds. */
        void rows(int b, boolean withForces) {
            int from = b * blockRows;
            int to = Math.min(n, from + blockRows);
            for (int i = from; i < to; i++) {
                int row = i * length;
                Arrays.fill(g, row, row + length, 0);
                for (int k = list.start(i), end = list.end(i); k < end; k++) {
                    int p = list.pair(k);
                    if (seeds.within(p)) {
                        terms.addSeeded(seeds, p, g, row + typeOf[list.neighbour(k)] * gaussians);
                    }
                }
            }
            // the networks on the block's rows, type by type, several rows per call (the bits of one at a time)
            for (int t = 0; t < nets.length; t++) {
                int base = t * length;
                int count = 0;
                for (int i = from; i < to; i++) {
                    if (typeOf[i] != t) {
                        continue;
                    }
                    standardise(g, i * length, input, count * length, base);
                    beads[count++] = i;
                }
                if (count == 0) {
                    continue;
                }
                if (withForces) {
                    nets[t].inputGradients(input, count, e, gradient);
                } else {
                    nets[t].energies(input, count, e);
                }
                for (int k = 0; k < count; k++) {
                    int i = beads[k];
                    energies[i] = e[k];
                    if (withForces) {
                        int row = i * length;
                        int z = k * length;
                        for (int c = 0; c < length; c++) {
                            dEdG[row + c] = gradient[z + c] * inverseStd[base + c];
                        }
                    }
                }
            }
        }

        /**
         * Forces of the pairs (i, j &gt; i) of the rows of block b into the block's force array, and the block's virial
         * Σ d ⊗ F_j over them: each pair once.
         */
        void forces(double[] x, int b) {
            double[] f = blockForces[b];
            Arrays.fill(f, 0);
            // the virial in locals, stored once: an array element updated for every pair was a load and a store per
            // component (the compiler cannot rule out that it is f), and the blocks' small virial arrays share cache
            // lines between the threads (the same additions in the same order: the same bits)
            double wxx = 0;
            double wxy = 0;
            double wxz = 0;
            double wyx = 0;
            double wyy = 0;
            double wyz = 0;
            double wzx = 0;
            double wzy = 0;
            double wzz = 0;
            int from = b * blockRows;
            int to = Math.min(n, from + blockRows);
            for (int i = from; i < to; i++) {
                double xi = x[3 * i];
                double yi = x[3 * i + 1];
                double zi = x[3 * i + 2];
                int ownRow = i * length;
                int ti = typeOf[i] * gaussians;
                double fx = 0;
                double fy = 0;
                double fz = 0;
                for (int k = list.start(i), end = list.end(i); k < end; k++) {
                    int j = list.neighbour(k);
                    if (j < i) {
                        continue;
                    }
                    int p = list.pair(k);
                    if (!seeds.within(p)) {
                        continue;
                    }
                    double dx = x[3 * j] - xi + list.shift(k, 0);
                    double dy = x[3 * j + 1] - yi + list.shift(k, 1);
                    double dz = x[3 * j + 2] - zi + list.shift(k, 2);
                    double r = seeds.r(p);
                    double dEdr = terms.slopeDotSeeded(seeds, p, dEdG, ownRow + typeOf[j] * gaussians, dEdG,
                        j * length + ti);
                    // force on j: −(dE/dr) d/r; on i the opposite
                    double s = -dEdr / r;
                    double gx = s * dx;
                    double gy = s * dy;
                    double gz = s * dz;
                    f[3 * j] += gx;
                    f[3 * j + 1] += gy;
                    f[3 * j + 2] += gz;
                    fx -= gx;
                    fy -= gy;
                    fz -= gz;
                    wxx += dx * gx;
                    wxy += dx * gy;
                    wxz += dx * gz;
                    wyx += dy * gx;
                    wyy += dy * gy;
                    wyz += dy * gz;
                    wzx += dz * gx;
                    wzy += dz * gy;
                    wzz += dz * gz;
                }
                f[3 * i] += fx;
                f[3 * i + 1] += fy;
                f[3 * i + 2] += fz;
            }
            double[] w = blockVirial[b];
            w[0] = wxx;
            w[1] = wxy;
            w[2] = wxz;
            w[3] = wyx;
            w[4] = wyy;
            w[5] = wyz;
            w[6] = wzx;
            w[7] = wzy;
            w[8] = wzz;
        }
    }

    /** Reads a model file ({@link ModelFile}) and binds it to {@code topology}. */
    public static NetworkForces load(Path modelFile, CgTopology topology, double skin) {
        return new NetworkForces(ModelFile.read(modelFile), topology, skin);
    }

    /** The potential that evaluates whole configurations. */
    public NetworkPotential potential() {
        return potential;
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    @Override
    public void compute(double[] x, Box box, boolean withForces) {
        valid = false;
        if (descriptor == null) {
            if (list.update(x, box)) {
                listReference = x.clone();
            }
            out.clear();
            potential.evaluate(x, box, list, withForces ? Request.FORCES : Request.ENERGY, out);
            energy = out.energy();
            if (withForces) {
                System.arraycopy(out.forces(), 0, forces, 0, forces.length);
                System.arraycopy(out.virial(), 0, virial, 0, 9);
            }
            return;
        }
        if (x.length != 3 * n) {
            throw new IllegalArgumentException("network: positions for " + x.length / 3 + " beads, not " + n);
        }
        if (list.update(x, box)) {
            listReference = x.clone();
        }
        if (g == null) {
            g = new double[n * length];
            dEdG = new double[n * length];
            energies = new double[n];
        }
        if (withForces && blockForces == null) {
            blockForces = new double[blocks][3 * n];
        }
        seeds.ensure(list.pairs());
        inBlocks((worker, b) -> worker.seed(x, b));
        inBlocks((worker, b) -> worker.rows(b, withForces));
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += energies[i];
        }
        energy = e;
        if (!withForces) {
            return;
        }
        inBlocks((worker, b) -> worker.forces(x, b));
        int chunk = (3 * n + blocks - 1) / blocks;
        inBlocks((worker, b) -> {
            for (int k = b * chunk, end = Math.min(3 * n, k + chunk); k < end; k++) {
                double sum = 0;
                for (int q = 0; q < blocks; q++) {
                    sum += blockForces[q][k];
                }
                forces[k] = sum;
            }
        });
        for (int c = 0; c < 9; c++) {
            double v = 0;
            for (int b = 0; b < blocks; b++) {
                v += blockVirial[b][c];
            }
            virial[c] = v;
        }
    }

    /** One unit of block work. */
    private interface BlockTask {
        void run(Worker worker, int block);
    }

    /** Runs {@code task} on every block: worker w takes blocks w, w + threads, …; returns when all are done. */
    private void inBlocks(BlockTask task) {
        if (team == null) {
            for (int b = 0; b < blocks; b++) {
                task.run(workers[0], b);
            }
            return;
        }
        List<Runnable> tasks = new ArrayList<>(threads);
        for (int w = 0; w < threads; w++) {
            Worker worker = workers[w];
            int first = w;
            tasks.add(() -> {
                for (int b = first; b < blocks; b += threads) {
                    task.run(worker, b);
                }
            });
        }
        team.runAll(tasks);
    }

    @Override
    public boolean hasBeadEnergies() {
        return descriptor != null;
    }

    @Override
    public void prepareMove(double[] x, Box box, int i, double tx, double ty, double tz) {
        if (descriptor == null) {
            return;
        }
        if (!valid || !box.equals(cachedBox) || (!allPairs && moves.crowded()) || !Arrays.equals(x, cached)) {
            rebuild(x, box);
        }
        moving = i;
        trialX = tx;
        trialY = ty;
        trialZ = tz;
        trial(x, box, i);
    }

    /** Builds the full list at x and every bead's descriptor row and energy from scratch. */
    private void rebuild(double[] x, Box box) {
        CellGrid.checkCutoff(cutoff, box, "network cut-off");
        double skin = moveSkin(box, cutoff);
        allPairs = thinSkin(skin, n);
        if (!allPairs) {
            if (moves == null || moves.skin() != skin) {
                moves = new MoveList(n, cutoff, skin, exclusions);
            }
            moves.build(x, box);
        }
        if (rows == null) {
            rows = new double[n * length];
            beadEnergies = new double[n];
            affected = new int[n];
            slotOf = new int[n];
            Arrays.fill(slotOf, -1);
            newRows = new double[n * length];
            newEnergies = new double[n];
        }
        Arrays.fill(rows, 0);
        PeriodicCell cell = allPairs ? new PeriodicCell(box) : null;
        double[] d = new double[3];
        for (int i = 0; i < n; i++) {
            double xi = x[3 * i];
            double yi = x[3 * i + 1];
            double zi = x[3 * i + 2];
            if (allPairs) {
                for (int j = 0; j < n; j++) {
                    if (j == i || exclusions.contains(i, j)) {
                        continue;
                    }
                    double r2 = imageDistance2(x, j, xi, yi, zi, cell, d);
                    if (r2 < rc2) {
                        descriptor.addValues(Math.sqrt(r2), rows, i * length + typeOf[j] * gaussians, 1);
                    }
                }
                continue;
            }
            NeighbourList full = moves.list();
            for (int k = full.start(i), end = full.end(i); k < end; k++) {
                int j = full.neighbour(k);
                double dx = x[3 * j] - xi + full.shift(k, 0);
                double dy = x[3 * j + 1] - yi + full.shift(k, 1);
                double dz = x[3 * j + 2] - zi + full.shift(k, 2);
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 < rc2) {
                    descriptor.addValues(Math.sqrt(r2), rows, i * length + typeOf[j] * gaussians, 1);
                }
            }
        }
        networkEnergies(rows, null, n, beadEnergies);
        cached = x.clone();
        cachedBox = box;
        valid = true;
    }

    /** The descriptor row at g[from …] as the networks take it, (G − μ)/σ of the type at {@code base}, into out[to …]. */
    private void standardise(double[] g, int from, double[] out, int to, int base) {
        for (int c = 0; c < length; c++) {
            out[to + c] = (g[from + c] - mean[base + c]) * inverseStd[base + c];
        }
    }

    /**
     * The network energies of rows 0 … count − 1 of {@code g} into {@code out}: row r belongs to bead
     * {@code beads[r]} (bead r when {@code beads} is null). Type by type, up to {@link #BATCH} rows per call, so the
     * perceptrons take their rows four at a time (each with the bits of a single row).
     */
    private void networkEnergies(double[] g, int[] beads, int count, double[] out) {
        for (int t = 0; t < models.length; t++) {
            int base = t * length;
            int r = 0;
            while (r < count) {
                int rows = 0;
                for (; r < count && rows < BATCH; r++) {
                    if (typeOf[beads == null ? r : beads[r]] != t) {
                        continue;
                    }
                    standardise(g, r * length, batch, rows * length, base);
                    batchRows[rows++] = r;
                }
                if (rows > 0) {
                    models[t].energies(batch, rows, batchEnergies);
                    for (int k = 0; k < rows; k++) {
                        out[batchRows[k]] = batchEnergies[k];
                    }
                }
            }
        }
    }

    /** The affected beads of moving bead i to the trial position, their new rows and energies, and both sums. */
    private void trial(double[] x, Box box, int i) {
        affectedCount = 0;
        slot(i);
        Arrays.fill(newRows, 0, length, 0);
        double xi = x[3 * i];
        double yi = x[3 * i + 1];
        double zi = x[3 * i + 2];
        boolean byImage = allPairs || moves.far(i) || moves.displaced(trialX, trialY, trialZ, i);
        int[] farBeads = byImage ? null : moves.farBeads();
        if (!byImage) {
            NeighbourList full = moves.list();
            for (int k = full.start(i), end = full.end(i); k < end; k++) {
                int j = full.neighbour(k);
                if (moves.far(j)) {
                    continue;
                }
                double sx = full.shift(k, 0);
                double sy = full.shift(k, 1);
                double sz = full.shift(k, 2);
                double ox = x[3 * j] - xi + sx;
                double oy = x[3 * j + 1] - yi + sy;
                double oz = x[3 * j + 2] - zi + sz;
                double nx = x[3 * j] - trialX + sx;
                double ny = x[3 * j + 1] - trialY + sy;
                double nz = x[3 * j + 2] - trialZ + sz;
                visit(i, j, ox * ox + oy * oy + oz * oz, nx * nx + ny * ny + nz * nz);
            }
        }
        int count = byImage ? n : moves.farCount();
        PeriodicCell cell = count > 0 ? new PeriodicCell(box) : null;
        double[] d = new double[3];
        for (int q = 0; q < count; q++) {
            int j = byImage ? q : farBeads[q];
            if (j == i || exclusions.contains(i, j)) {
                continue;
            }
            double old2 = imageDistance2(x, j, xi, yi, zi, cell, d);
            visit(i, j, old2, imageDistance2(x, j, trialX, trialY, trialZ, cell, d));
        }
        networkEnergies(newRows, affected, affectedCount, newEnergies);
        oldSum = 0;
        newSum = 0;
        for (int s = 0; s < affectedCount; s++) {
            int b = affected[s];
            slotOf[b] = -1;
            oldSum += beadEnergies[b];
            newSum += newEnergies[s];
        }
    }

    /** The squared minimum-image distance from (px, py, pz) to bead j ({@code d}: scratch of 3). */
    private static double imageDistance2(double[] x, int j, double px, double py, double pz, PeriodicCell cell,
                                         double[] d) {
        d[0] = x[3 * j] - px;
        d[1] = x[3 * j + 1] - py;
        d[2] = x[3 * j + 2] - pz;
        cell.minimumImage(d);
        return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    }

    /** The slot of bead b among the affected beads, its row started from the cached one (b ≠ the moving bead). */
    private int slot(int b) {
        int s = slotOf[b];
        if (s < 0) {
            s = affectedCount++;
            affected[s] = b;
            slotOf[b] = s;
            System.arraycopy(rows, b * length, newRows, s * length, length);
        }
        return s;
    }

    /** Pair (i, j) at squared distances old2 (i where it is) and new2 (i at the trial position). */
    private void visit(int i, int j, double old2, double new2) {
        if (old2 >= rc2 && new2 >= rc2) {
            return;
        }
        int s = slot(j);
        int own = s * length + typeOf[i] * gaussians;
        if (old2 < rc2) {
            descriptor.addValues(Math.sqrt(old2), newRows, own, -1);
        }
        if (new2 < rc2) {
            double r = Math.sqrt(new2);
            descriptor.addValues(r, newRows, own, 1);
            descriptor.addValues(r, newRows, typeOf[j] * gaussians, 1);
        }
    }

    private boolean atTrial(double[] x, int i) {
        return x[3 * i] == trialX && x[3 * i + 1] == trialY && x[3 * i + 2] == trialZ;
    }

    private boolean atCached(double[] x, int i) {
        return x[3 * i] == cached[3 * i] && x[3 * i + 1] == cached[3 * i + 1] && x[3 * i + 2] == cached[3 * i + 2];
    }

    /**
     * The network energy of every bead whose descriptor the prepared move of bead i changes, with bead i where
     * {@code x} has it: at its old position (cached energies) or at the trial position given to {@link #prepareMove}.
     */
    @Override
    public double beadEnergy(double[] x, Box box, int i) {
        if (descriptor == null || moving != i || !valid) {
            throw new IllegalStateException("network: call prepareMove for bead " + i + " first");
        }
        if (atTrial(x, i)) {
            return newSum;
        }
        if (atCached(x, i)) {
            return oldSum;
        }
        throw new IllegalStateException("network: bead " + i + " is neither at its prepared trial position nor where"
            + " it was");
    }

    @Override
    public void moved(double[] x, Box box, int i) {
        if (!valid) {
            return;
        }
        if (moving == i && atTrial(x, i)) {
            for (int s = 0; s < affectedCount; s++) {
                int b = affected[s];
                System.arraycopy(newRows, s * length, rows, b * length, length);
                beadEnergies[b] = newEnergies[s];
            }
            cached[3 * i] = trialX;
            cached[3 * i + 1] = trialY;
            cached[3 * i + 2] = trialZ;
            if (!allPairs) {
                moves.moved(i, trialX, trialY, trialZ);
            }
        } else if (!atCached(x, i)) {
            valid = false;
        }
        moving = -1;
    }

    /** Whether the last cache rebuild chose moves by minimum image over every bead (for tests). */
    boolean movesByMinimumImage() {
        return allPairs;
    }

    /** Sum of the cached per-bead energies (for tests: equals the whole energy up to rounding). */
    double cachedEnergy() {
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += beadEnergies[i];
        }
        return e;
    }

    /**
     * The build positions of the list of {@link #compute}. A checkpoint asks for them; the Monte Carlo caches then start afresh from
     * the current positions at the next move, as they do in a run restarted from that checkpoint, so that both
     * continue with the same bits.
     */
    @Override
    public double[][] listReferences() {
        valid = false;
        return new double[][] {listReference};
    }

    @Override
    public void restoreLists(double[][] references, Box box) {
        if (references.length > 0 && references[0] != null) {
            list.build(references[0], box);
            listReference = references[0].clone();
        }
        valid = false;
    }

    @Override
    public void close() {
        if (team != null && ownsTeam) {
            team.close();
        }
    }
}
