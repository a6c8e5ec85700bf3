package io.cgflow.core.concurrent;

import io.cgflow.core.CgflowException;
import io.cgflow.core.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** Waiting for background work without losing its exception, and daemon thread factories. */
public final class Futures {
    private Futures() {
    }

    /** The result of {@code f}; an exception thrown by the task is rethrown as it was. */
    public static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgflowException(ExitCode.INTERNAL, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CgflowException(ExitCode.INTERNAL, "background task failed: " + cause, cause);
        }
    }

    /**
     * Runs {@code tasks}: the first on the calling thread, the others on {@code pool}; returns when all have
     * finished, then rethrows the first exception (the calling thread's first), so that no task is still running
     * when the caller sees a failure.
     */
    public static void runAll(ExecutorService pool, List<Runnable> tasks) {
        List<Future<?>> others = new ArrayList<>(Math.max(0, tasks.size() - 1));
        for (int k = 1; k < tasks.size(); k++) {
            others.add(pool.submit(tasks.get(k)));
        }
        RuntimeException failure = null;
        try {
            if (!tasks.isEmpty()) {
                tasks.get(0).run();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : others) {
            try {
                await(f);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Daemon threads named {@code name}. */
    public static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
