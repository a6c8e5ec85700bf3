package io.cgflow.md;

import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;

/**
 * The engine's view of a potential: the energy, forces and virial of whole configurations, and, where the
 * backend offers it, the energy of one bead with everything it interacts with (for single-bead Monte Carlo).
 * Results of {@link #compute} stay in this object until the next call. Implementations keep their neighbour
 * lists, whose build positions are part of a checkpoint ({@link #listReferences}) so that a restarted run
 * sums pairs in the same order as an uninterrupted one.
 */
public abstract class Forces implements AutoCloseable {
    protected final int n;
    protected final double[] forces;
    protected final double[] virial = new double[9];
    protected double energy;
    protected double tailEnergy;
    protected double tailPressure;

    /** Skin of the full list that single-bead moves use, nm (capped by the box: {@link #moveSkin}). */
    static final double MOVE_SKIN = 0.2;
    /**
     * Below this skin of that list (nm; a box little wider than twice the cut-off) and up to {@link #ALL_PAIRS_BEADS}
     * beads, moves take every bead at the minimum image instead ({@link #thinSkin}): beads leave a thin skin within a
     * few moves, and rebuilding the list every few dozen moves costs more than n distances per move (512 one-bead
     * waters, cut-off 1.2 nm in a 2.48 nm box, skin 0.04 nm: the rebuilds were most of a move).
     */
    static final double MIN_MOVE_SKIN = 0.1;
    static final int ALL_PAIRS_BEADS = 2048;

    /** The skin of the moves' full list for pairs to {@code cutoff}: {@link #MOVE_SKIN}, or what the box leaves. */
    static double moveSkin(Box box, double cutoff) {
        double half = 0.5 * new PeriodicCell(box).minWidth();
        return Math.max(0, Math.min(MOVE_SKIN, half - cutoff));
    }

    /** Whether moves of n beads take every bead at the minimum image rather than a full list of this skin. */
    static boolean thinSkin(double skin, int n) {
        return skin < MIN_MOVE_SKIN && n <= ALL_PAIRS_BEADS;
    }

    protected Forces(int n) {
        this.n = n;
        this.forces = new double[3 * n];
    }

    /** Number of beads. */
    public int size() {
        return n;
    }

    /** Evaluates the configuration: energy, tail corrections, and forces and virial when asked for. */
    public abstract void compute(double[] x, Box box, boolean withForces);

    /**
     * Forces only, for the steps whose energy and virial nobody reads: backends may skip those sums and leave
     * {@link #energy()} and {@link #virial()} NaN (this one computes everything). Forces are the same bits as
     * from {@code compute(x, box, true)}.
     */
    public void computeForces(double[] x, Box box) {
        compute(x, box, true);
    }

    /** Potential energy of the last {@link #compute}, without tail correction, kJ/mol. */
    public double energy() {
        return energy;
    }

    /** Forces of the last {@link #compute}, kJ/mol/nm (the live array). */
    public double[] forces() {
        return forces;
    }

    /** Virial tensor of the last {@link #compute} (see {@link io.cgflow.potentials.Evaluation#virial()}). */
    public double[] virial() {
        return virial;
    }

    public double tailEnergy() {
        return tailEnergy;
    }

    /** Tail correction of the pressure, kJ/mol/nm³. */
    public double tailPressure() {
        return tailPressure;
    }

    /** The largest pair distance, nm (0 when nothing is non-bonded). */
    public abstract double cutoff();

    /** True when {@link #beadEnergy} is available; otherwise Monte Carlo uses whole-configuration energies. */
    public abstract boolean hasBeadEnergies();

    /**
     * The energy of bead i with all its partners (pairs and the bonded terms it takes part in) for the
     * positions {@code x}, whose bead i may sit at a trial position. Call {@link #prepareMove} with that trial
     * position first.
     */
    public double beadEnergy(double[] x, Box box, int i) {
        throw new UnsupportedOperationException("no per-bead energies");
    }

    /**
     * Keeps the per-bead neighbour search valid for moving bead i (currently at x) to {@code (tx, ty, tz)}.
     */
    public void prepareMove(double[] x, Box box, int i, double tx, double ty, double tz) {
    }

    /** Bead i was moved to where {@code x} has it (an accepted Monte Carlo move). */
    public void moved(double[] x, Box box, int i) {
    }

    /** The positions each neighbour list was last built at (null entries for lists not built). */
    public abstract double[][] listReferences();

    /** Rebuilds the neighbour lists at the positions {@link #listReferences} returned. */
    public abstract void restoreLists(double[][] references, Box box);

    @Override
    public void close() {
    }
}
