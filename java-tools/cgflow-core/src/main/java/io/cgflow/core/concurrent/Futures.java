package io.cgflow.core.concurrent;

import io.cgflow.core.CgflowException;
import io.cgflow.core.ExitCode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for background work without losing its exception, and daemon thread factories. */
public final class Futures {
    private Futures() {
    }

    /** The result of {@code f}; an exception thrown by the task is rethrown as it was. */
    public static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /**
     * The result of {@code f} when it is done within {@code nanos} (at once when that is ≤ 0), as
     * {@link #await(Future)}; otherwise TimeoutException, with {@code f} still running.
     */
    public static <T> T await(Future<T> f, long nanos) throws TimeoutException {
        try {
            return f.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    /** The waiting thread was interrupted: its flag set again, an internal error to throw. */
    private static CgflowException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new CgflowException(ExitCode.INTERNAL, "interrupted", e);
    }

    /** The task's own exception, as it was thrown. */
    private static RuntimeException rethrown(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new CgflowException(ExitCode.INTERNAL, "background task failed: " + cause, cause);
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
