package io.cgflow.md;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.potentials.TableRangeException;

/**
 * The simulation state (positions, velocities, masses, topology, box, step, random streams, Monte Carlo step
 * size) and its time evolution. Everything is serial except the force evaluation, whose result does not
 * depend on the thread count, so a seed fixes the trajectory. {@link #state()} and {@link #restore} capture
 * everything a checkpoint needs.
 */
public final class Simulation {
    /** Purposes of the random streams of one seed. */
    private static final long VELOCITIES = 1;
    private static final long LANGEVIN = 2;
    private static final long BUSSI = 3;
    private static final long MONTE_CARLO = 4;

    /** Receives every output point. */
    @FunctionalInterface
    public interface Observer {
        void sample(Sample sample);
    }

    /** Everything that continues a run exactly. */
    public record State(long step, Box box, double[] x, double[] v, long[] rngCounters, double moveSize,
                        long tried, long accepted, double thermostatEnergy, double[][] listReferences) {
    }

    private final CgTopology topology;
    private final double[] mass;
    /** √(kT/m) per bead, nm/ps: the spread of a velocity component at the set temperature. */
    private final double[] thermalSpeed;
    private final MdSettings settings;
    private final Forces forces;
    private final int n;
    private final int dof;
    private Box box;
    private final double[] x;
    private final double[] v;
    private final double[] previous;
    private long step;
    private final Rng velocityRng;
    private final Rng langevinRng;
    private final Rng bussiRng;
    private final Rng mcRng;
    private double moveSize;
    private long tried;
    private long accepted;
    private double thermostatEnergy;
    private double currentEnergy = Double.NaN;

    /**
     * A simulation starting at step 0 from {@code positions} with Maxwell–Boltzmann velocities at the set
     * temperature (centre-of-mass motion removed).
     */
    public Simulation(CgTopology topology, double[] masses, Box box, double[] positions, MdSettings settings,
                      Forces forces) {
        this.topology = topology;
        this.n = topology.size();
        this.mass = masses.clone();
        this.settings = settings;
        this.forces = forces;
        this.dof = settings.integrator().degreesOfFreedom(n);
        this.box = box;
        this.x = positions.clone();
        this.v = new double[3 * n];
        this.previous = new double[3 * n];
        this.velocityRng = new Rng(settings.seed(), VELOCITIES);
        this.langevinRng = new Rng(settings.seed(), LANGEVIN);
        this.bussiRng = new Rng(settings.seed(), BUSSI);
        this.mcRng = new Rng(settings.seed(), MONTE_CARLO);
        this.thermalSpeed = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(mass[i] > 0)) {
                throw new IllegalArgumentException("bead " + i + " has mass " + mass[i]);
            }
            thermalSpeed[i] = Math.sqrt(settings.kT() / mass[i]);
        }
        if (settings.integrator() != Integrator.MC) {
            for (int i = 0; i < n; i++) {
                double s = thermalSpeed[i];
                for (int d = 0; d < 3; d++) {
                    v[3 * i + d] = s * velocityRng.nextGaussian();
                }
            }
            removeMomentum();
        }
        this.moveSize = 0.1 * Math.cbrt(box.volume() / Math.max(1, n));
    }

    private void removeMomentum() {
        if (n < 2) {
            return;
        }
        double total = 0;
        double[] p = new double[3];
        for (int i = 0; i < n; i++) {
            total += mass[i];
            for (int d = 0; d < 3; d++) {
                p[d] += mass[i] * v[3 * i + d];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 3; d++) {
                v[3 * i + d] -= p[d] / total;
            }
        }
    }

    public long step() {
        return step;
    }

    public double[] positions() {
        return x;
    }

    public double[] velocities() {
        return v;
    }

    public Box box() {
        return box;
    }

    public double moveSize() {
        return moveSize;
    }

    public State state() {
        double[][] refs = forces.listReferences();
        double[][] copy = new double[refs.length][];
        for (int k = 0; k < refs.length; k++) {
            copy[k] = refs[k] == null ? null : refs[k].clone();
        }
        return new State(step, box, x.clone(), v.clone(), new long[] {velocityRng.counter(), langevinRng.counter(),
            bussiRng.counter(), mcRng.counter()}, moveSize, tried, accepted, thermostatEnergy, copy);
    }

    public void restore(State s) {
        if (s.x().length != x.length) {
            throw new IllegalArgumentException("state for " + s.x().length / 3 + " beads, not " + n);
        }
        step = s.step();
        box = s.box();
        System.arraycopy(s.x(), 0, x, 0, x.length);
        System.arraycopy(s.v(), 0, v, 0, v.length);
        velocityRng.setCounter(s.rngCounters()[0]);
        langevinRng.setCounter(s.rngCounters()[1]);
        bussiRng.setCounter(s.rngCounters()[2]);
        mcRng.setCounter(s.rngCounters()[3]);
        moveSize = s.moveSize();
        tried = s.tried();
        accepted = s.accepted();
        thermostatEnergy = s.thermostatEnergy();
        forces.restoreLists(s.listReferences(), box);
        for (int i = 0; i < n; i++) {
            forces.moved(x, box, i);
        }
        currentEnergy = Double.NaN;
    }

    /**
     * Runs from the current step to {@code settings.steps()}, calling {@code observer} at step 0 (when starting
     * there) and every {@code outputEvery} steps, and {@code checkpoint} (when not null) every
     * {@code checkpointEvery} steps after the sample of that step. Throws InputException on a blow-up, and
     * {@link java.util.concurrent.CancellationException} when the thread is interrupted (checked every step; the
     * state is then that of the last whole step).
     */
    public void run(Observer observer, long checkpointEvery, Runnable checkpoint) {
        boolean mc = settings.integrator() == Integrator.MC;
        computeAt(-1, true);
        check(-1, true);
        if (mc) {
            forces.prepareMove(x, box, 0, x[0], x[1], x[2]);
            currentEnergy = forces.energy();
        }
        if (step == 0) {
            observer.sample(sample());
        }
        while (step < settings.steps()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("interrupted at step " + step);
            }
            if (mc) {
                sweep();
            } else {
                mdStep();
            }
            step++;
            if (step % settings.outputEvery() == 0) {
                if (mc) {
                    computeAt(step, true);
                }
                observer.sample(sample());
                tried = 0;
                accepted = 0;
            }
            if (checkpoint != null && checkpointEvery > 0 && step % checkpointEvery == 0) {
                checkpoint.run();
            }
        }
    }

    private void mdStep() {
        double dt = settings.dt();
        double[] f = forces.forces();
        kick(f, 0.5 * dt);
        System.arraycopy(x, 0, previous, 0, x.length);
        if (settings.integrator() == Integrator.LANGEVIN) {
            drift(0.5 * dt);
            double c1 = Math.exp(-settings.friction() * dt);
            double c2 = Math.sqrt(1 - c1 * c1);
            // the kinetic energy before and after the noise, summed in bead order in the same pass (the sums
            // kinetic() would give, bit for bit)
            double before = 0;
            double after = 0;
            for (int i = 0; i < n; i++) {
                double vx = v[3 * i];
                double vy = v[3 * i + 1];
                double vz = v[3 * i + 2];
                before += 0.5 * mass[i] * (vx * vx + vy * vy + vz * vz);
                double s = c2 * thermalSpeed[i];
                vx = c1 * vx + s * langevinRng.nextGaussian();
                vy = c1 * vy + s * langevinRng.nextGaussian();
                vz = c1 * vz + s * langevinRng.nextGaussian();
                v[3 * i] = vx;
                v[3 * i + 1] = vy;
                v[3 * i + 2] = vz;
                after += 0.5 * mass[i] * (vx * vx + vy * vy + vz * vz);
            }
            thermostatEnergy += after - before;
            drift(0.5 * dt);
        } else {
            drift(dt);
        }
        checkDisplacement();
        // energy and virial only where a sample reads them
        boolean sampled = (step + 1) % settings.outputEvery() == 0;
        computeAt(step + 1, sampled);
        check(step + 1, sampled);
        kick(forces.forces(), 0.5 * dt);
        if (settings.integrator() == Integrator.BUSSI) {
            rescale();
        }
    }

    /**
     * Forces (and, when {@code withEnergy}, energy and virial) at the current positions; a coordinate outside a table
     * stops the run with a message naming the step ({@code atStep}, −1: the start configuration).
     */
    private void computeAt(long atStep, boolean withEnergy) {
        try {
            if (withEnergy) {
                forces.compute(x, box, true);
            } else {
                forces.computeForces(x, box);
            }
        } catch (TableRangeException e) {
            throw new TableRangeException(atStep < 0
                ? "the start configuration lies outside a table: " + e.getMessage()
                : "simulation left a table at step " + atStep + ": " + e.getMessage()
                    + "; use a smaller time step, or a table that covers the range with a wall at its end");
        }
    }

    private void kick(double[] f, double h) {
        for (int i = 0; i < n; i++) {
            double s = h / mass[i];
            v[3 * i] += s * f[3 * i];
            v[3 * i + 1] += s * f[3 * i + 1];
            v[3 * i + 2] += s * f[3 * i + 2];
        }
    }

    private void drift(double h) {
        for (int k = 0; k < x.length; k++) {
            x[k] += h * v[k];
        }
    }

    /** Bussi, Donadio, Parrinello, J. Chem. Phys. 126, 014101 (2007): the kinetic energy after a step of τ. */
    private void rescale() {
        double k = kinetic();
        if (!(k > 0)) {
            return;
        }
        double target = 0.5 * dof * settings.kT();
        double c = Math.exp(-settings.dt() / settings.tau());
        double r1 = bussiRng.nextGaussian();
        double sum = dof > 1 ? 2 * bussiRng.nextGamma(0.5 * (dof - 1)) : 0;
        double kNew = k + (1 - c) * (target * (r1 * r1 + sum) / dof - k)
            + 2 * r1 * Math.sqrt(c * (1 - c) * k * target / dof);
        double alpha = Math.sqrt(Math.max(0, kNew) / k);
        for (int j = 0; j < v.length; j++) {
            v[j] *= alpha;
        }
        thermostatEnergy += kNew - k;
    }

    private void sweep() {
        double beta = 1 / settings.kT();
        boolean local = forces.hasBeadEnergies();
        long sweepTried = 0;
        long sweepAccepted = 0;
        for (int t = 0; t < n; t++) {
            int i = mcRng.nextInt(n);
            double ox = x[3 * i];
            double oy = x[3 * i + 1];
            double oz = x[3 * i + 2];
            double tx = ox + moveSize * (2 * mcRng.nextDouble() - 1);
            double ty = oy + moveSize * (2 * mcRng.nextDouble() - 1);
            double tz = oz + moveSize * (2 * mcRng.nextDouble() - 1);
            double delta;
            double trialEnergy = 0;
            // a trial position that puts a pair below its table or a bonded coordinate outside its table has no
            // energy the potential defines: it is rejected, as a wall of infinite height would be
            if (local) {
                forces.prepareMove(x, box, i, tx, ty, tz);
                double before = forces.beadEnergy(x, box, i);
                x[3 * i] = tx;
                x[3 * i + 1] = ty;
                x[3 * i + 2] = tz;
                try {
                    delta = forces.beadEnergy(x, box, i) - before;
                } catch (TableRangeException outside) {
                    delta = Double.POSITIVE_INFINITY;
                }
            } else {
                x[3 * i] = tx;
                x[3 * i + 1] = ty;
                x[3 * i + 2] = tz;
                try {
                    forces.compute(x, box, false);
                    trialEnergy = forces.energy();
                } catch (TableRangeException outside) {
                    trialEnergy = Double.POSITIVE_INFINITY;
                }
                delta = trialEnergy - currentEnergy;
            }
            double u = mcRng.nextDouble();
            sweepTried++;
            if (Double.isFinite(delta) && (delta <= 0 || u < Math.exp(-beta * delta))) {
                sweepAccepted++;
                currentEnergy = local ? currentEnergy + delta : trialEnergy;
                forces.moved(x, box, i);
            } else {
                x[3 * i] = ox;
                x[3 * i + 1] = oy;
                x[3 * i + 2] = oz;
            }
        }
        tried += sweepTried;
        accepted += sweepAccepted;
        if (step < settings.equilibration()) {
            double rate = (double) sweepAccepted / Math.max(1, sweepTried);
            double factor = Math.max(0.5, Math.min(2.0, Math.exp(rate - settings.targetAcceptance())));
            moveSize *= factor;
            moveSize = Math.min(moveSize, 0.25 * new PeriodicCell(box).minWidth());
        }
    }

    private double kinetic() {
        double k = 0;
        for (int i = 0; i < n; i++) {
            double vx = v[3 * i];
            double vy = v[3 * i + 1];
            double vz = v[3 * i + 2];
            k += 0.5 * mass[i] * (vx * vx + vy * vy + vz * vz);
        }
        return k;
    }

    private Sample sample() {
        boolean mc = settings.integrator() == Integrator.MC;
        double volume = box.volume();
        double k = mc ? 1.5 * n * settings.kT() : kinetic();
        double temperature = mc ? settings.temperature() : 2 * k / (dof * MdSettings.KB);
        double[] w = forces.virial();
        double pressure = ((mc ? 3 * n * settings.kT() : 2 * k) + w[0] + w[4] + w[8]) / (3 * volume)
            + forces.tailPressure();
        double potential = forces.energy() + forces.tailEnergy();
        return new Sample(step, step * settings.dt(), potential, k, potential + k - thermostatEnergy, temperature,
            pressure * MdSettings.BAR, volume, mc ? (double) accepted / Math.max(1, tried) : Double.NaN,
            mc ? moveSize : Double.NaN, box, x.clone());
    }

    /** Stops on a non-finite energy (when computed) or a force that is not finite or above the limit. */
    private void check(long atStep, boolean withEnergy) {
        String when = atStep < 0 ? "the start configuration" : "step " + atStep;
        double[] f = forces.forces();
        double limit2 = settings.forceLimit() * settings.forceLimit();
        for (int i = 0; i < n; i++) {
            double fx = f[3 * i];
            double fy = f[3 * i + 1];
            double fz = f[3 * i + 2];
            double f2 = fx * fx + fy * fy + fz * fz;
            if (!(f2 <= limit2)) {
                throw new InputException(String.format(java.util.Locale.ROOT,
                    "simulation blew up at %s: the force on %s is %s kJ/mol/nm (limit %.3g); use a smaller time step"
                        + " or relax the start configuration", when, bead(i),
                    Double.isFinite(f2) ? String.format(java.util.Locale.ROOT, "%.3g", Math.sqrt(f2)) : "not finite",
                    settings.forceLimit()));
            }
        }
        if (withEnergy && !Double.isFinite(forces.energy())) {
            throw new InputException("simulation blew up at " + when + ": the potential energy is "
                + forces.energy());
        }
    }

    private void checkDisplacement() {
        double half = 0.5 * new PeriodicCell(box).minWidth();
        for (int i = 0; i < n; i++) {
            double dx = x[3 * i] - previous[3 * i];
            double dy = x[3 * i + 1] - previous[3 * i + 1];
            double dz = x[3 * i + 2] - previous[3 * i + 2];
            double d2 = dx * dx + dy * dy + dz * dz;
            if (!(d2 <= half * half)) {
                throw new InputException(String.format(java.util.Locale.ROOT,
                    "simulation blew up at step %d: %s moved %.3g nm in one step, more than half the box (%.3g nm);"
                        + " use a smaller time step", step + 1, bead(i), Math.sqrt(d2), half));
            }
        }
    }

    private String bead(int i) {
        return "bead " + (i + 1) + " (" + topology.beadName(i) + ", type " + topology.types().get(topology.typeOf(i))
            + ")";
    }
}
