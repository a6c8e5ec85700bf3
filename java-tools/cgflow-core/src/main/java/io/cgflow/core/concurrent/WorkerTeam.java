package io.cgflow.core.concurrent;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of worker threads for the phases of a time step: {@link #runAll} runs its first task on the calling
 * thread and the others on the workers, and returns when all have finished. A step of a CG liquid takes a
 * millisecond or two and has several such phases, so the hand-over has to cost microseconds, not the tens of
 * microseconds of an executor's queue and a parked thread's wake-up: a worker that has finished waits for its
 * next task spinning for a while before it parks, and so does the caller waiting for the workers. The spin adapts:
 * a wait that ends while spinning doubles it (up to 0.2 ms, longer than the serial work between two phases of a
 * step), one that outlasts it shortens it — when other work shares the processors (two runs on two cores), the
 * thread waited for is often descheduled, spinning would only take its processor, and the spin shrinks to a few
 * microseconds. With more threads than processors nobody spins. What a task writes is visible to the caller once
 * {@code runAll} returns, and what the caller wrote before {@code runAll} is visible to the tasks (volatile
 * hand-over).
 */
public final class WorkerTeam implements AutoCloseable {
    /** Default longest spin before parking: longer than the serial work between two phases of a step. */
    private static final long DEFAULT_SPIN_NANOS = 200_000;
    /** The shortest spin: a wait of this length tells whether spinning pays again. */
    private static final long MIN_SPIN_NANOS = 2_000;

    private final Worker[] workers;
    /** The longest spin, 0 for none. */
    private final long maxSpin;
    /** The spin now (adapted by every wait; races between waiters only blur the estimate). */
    private volatile long spin;
    /** Waits counted for the probes (racy: only their rhythm matters). */
    private int waits;
    /** The thread in {@link #runAll}, woken by the last worker when it parked. */
    private volatile Thread caller;
    /** Set while the caller parks waiting for the workers (Dekker-style with each worker's {@code done}). */
    private volatile boolean callerParked;
    private volatile boolean closed;

    /**
     * @param threads threads of the team, the calling thread included (workers: {@code threads − 1})
     * @param name    the workers' thread name
     */
    public WorkerTeam(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("a team needs at least one thread, not " + threads);
        }
        this.maxSpin = threads <= Runtime.getRuntime().availableProcessors()
            ? Math.max(0, Long.getLong("cgflow.spinNanos", DEFAULT_SPIN_NANOS)) : 0;
        this.spin = maxSpin;
        this.workers = new Worker[threads - 1];
        for (int k = 0; k < workers.length; k++) {
            workers[k] = new Worker(name);
            workers[k].start();
        }
    }

    /** The spin now, in nanoseconds (what the next wait will spin at most). */
    long spinNow() {
        return maxSpin > 0 ? spin : 0;
    }

    /** Threads of the team, the calling thread included. */
    public int size() {
        return workers.length + 1;
    }

    /**
     * Runs {@code tasks} (at most {@link #size()}): the first on the calling thread, the others on the workers;
     * returns when all have finished, then rethrows the first exception (the calling thread's first), so that no
     * task is still running when the caller sees a failure. Called by one thread at a time.
     */
    public void runAll(List<? extends Runnable> tasks) {
        if (tasks.size() > size()) {
            throw new IllegalArgumentException(tasks.size() + " tasks for a team of " + size());
        }
        if (closed) {
            throw new IllegalStateException("the team is closed");
        }
        caller = Thread.currentThread();
        int others = tasks.size() - 1;
        for (int k = 0; k < others; k++) {
            workers[k].post(tasks.get(k + 1));
        }
        Throwable failure = null;
        try {
            if (!tasks.isEmpty()) {
                tasks.get(0).run();
            }
        } catch (Throwable e) { // also a checked exception thrown sneakily: the workers are waited for all the same
            failure = e;
        }
        boolean interrupted = false;
        for (int k = 0; k < others; k++) {
            interrupted |= awaitWorker(workers[k]);
            Throwable f = workers[k].failure;
            workers[k].failure = null;
            failure = failure == null ? f : failure;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("a task of the team failed: " + failure, failure);
        }
    }

    /**
     * Spins until {@code ready} or for the current spin, then adapts the spin: a wait that ended while spinning
     * doubles it (up to the longest), one that outlasted it takes a quarter off (down to 2 µs); every 32nd wait with
     * a shortened spin spins the longest (a probe: when it pays, the spin is the longest again), so that a spin
     * shortened by a passing load grows back. Returns whether {@code ready} came true.
     */
    boolean spinUntil(java.util.function.BooleanSupplier ready) {
        long current = maxSpin > 0 ? spin : 0;
        if (current == 0) {
            return ready.getAsBoolean();
        }
        boolean probe = current < maxSpin && (++waits & 31) == 0;
        long deadline = System.nanoTime() + (probe ? maxSpin : current);
        int spins = 0;
        while (!ready.getAsBoolean()) {
            Thread.onSpinWait();
            if ((++spins & 63) == 0 && System.nanoTime() > deadline) {
                spin = Math.max(MIN_SPIN_NANOS, current - (current >> 2));
                return ready.getAsBoolean();
            }
        }
        if (current < maxSpin) {
            spin = probe ? maxSpin : Math.min(maxSpin, 2 * current);
        }
        return true;
    }

    /**
     * Waits until worker w has done what was posted to it. An interrupt does not end the wait (the task is still
     * running); it is cleared while waiting, so that parking keeps parking, and reported: true when there was one.
     */
    private boolean awaitWorker(Worker w) {
        boolean interrupted = false;
        long posted = w.posted;
        if (w.done != posted && !spinUntil(() -> w.done == posted)) {
            while (w.done != posted) {
                callerParked = true;
                if (w.done != posted) {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
                callerParked = false;
            }
        }
        return interrupted;
    }

    /**
     * Stops the workers (they are daemons: a team not closed does not keep the JVM alive). Called by the thread that
     * calls {@link #runAll}, after it, never during it.
     */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {
        private volatile Runnable task;
        /** Tasks posted and tasks done: the worker has work while they differ. */
        private volatile long posted;
        private volatile long done;
        private volatile boolean parked;
        private Throwable failure;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void post(Runnable r) {
            task = r;
            posted = posted + 1;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                if (!awaitTask(seen)) {
                    return;
                }
                seen = posted;
                Runnable r = task;
                task = null;
                try {
                    r.run();
                } catch (Throwable e) { // whatever it is, the caller gets it and the worker goes on
                    failure = e;
                }
                Thread.interrupted(); // an interrupt left by the task would turn every later park into a spin
                done = seen;
                if (callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits until a task after {@code seen} is posted; false once the team is closed. */
        private boolean awaitTask(long seen) {
            if (posted == seen && !closed && !spinUntil(() -> posted != seen || closed)) {
                while (posted == seen && !closed) {
                    parked = true;
                    if (posted == seen && !closed) {
                        LockSupport.park(this);
                        Thread.interrupted(); // workers stop when the team closes, not on interrupts
                    }
                    parked = false;
                }
            }
            return !closed || posted != seen;
        }
    }
}
