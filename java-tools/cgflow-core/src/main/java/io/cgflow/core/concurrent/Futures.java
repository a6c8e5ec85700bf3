package io.cgflow.core.concurrent;

import io.cgflow.core.CgflowException;
import io.cgflow.core.ExitCode;
import java.util.concurrent.ExecutionException;
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

    /** Daemon threads named {@code name}. */
    public static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
