package io.cgflow.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The team's hand-over: every task runs once per call on its own thread (the first on the caller), what tasks
 * write is seen by the caller after the call and the caller's writes by the next tasks, failures come back after
 * every task has finished; with spinning (the default) and without (workers parked between calls).
 */
class WorkerTeamTest {
    /** Many short phases, as in MD steps: phase p's tasks read what phase p−1's tasks and the caller wrote. */
    private static void phases(WorkerTeam team) {
        int threads = team.size();
        long[] cells = new long[threads];
        long[] expected = new long[threads];
        for (int phase = 0; phase < 5000; phase++) {
            long bonus = phase % 7;
            for (int t = 0; t < threads; t++) {
                cells[t] += bonus; // the caller's write, before the call
                expected[t] += bonus + t + 1L + (t > 0 ? 1 : 0);
            }
            List<Runnable> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int slot = t;
                tasks.add(() -> cells[slot] += slot + 1L + (slot > 0 ? 1 : 0));
            }
            team.runAll(tasks);
            assertArrayEquals(expected, cells, "after phase " + phase);
        }
    }

    @Test
    void phasesSeeEachOthersWrites() {
        try (WorkerTeam team = new WorkerTeam(3, "team-test")) {
            phases(team);
        }
    }

    @Test
    void phasesSeeEachOthersWritesWithoutSpinning() {
        String old = System.getProperty("cgflow.spinNanos");
        System.setProperty("cgflow.spinNanos", "0");
        try (WorkerTeam team = new WorkerTeam(3, "team-test")) {
            phases(team);
        } finally {
            if (old == null) {
                System.clearProperty("cgflow.spinNanos");
            } else {
                System.setProperty("cgflow.spinNanos", old);
            }
        }
    }

    @Test
    void eachTaskOnItsOwnThreadTheFirstOnTheCaller() {
        try (WorkerTeam team = new WorkerTeam(4, "team-test")) {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            Thread[] first = new Thread[1];
            List<Runnable> tasks = new ArrayList<>();
            tasks.add(() -> first[0] = Thread.currentThread());
            for (int t = 1; t < 4; t++) {
                tasks.add(() -> seen.add(Thread.currentThread()));
            }
            team.runAll(tasks);
            assertSame(Thread.currentThread(), first[0]);
            assertEquals(3, seen.size());
            assertTrue(seen.stream().noneMatch(t -> t == Thread.currentThread()));
            // fewer tasks than threads
            AtomicInteger ran = new AtomicInteger();
            team.runAll(List.of(ran::incrementAndGet, ran::incrementAndGet));
            assertEquals(2, ran.get());
            assertThrows(IllegalArgumentException.class, () -> team.runAll(List.of(() -> { }, () -> { }, () -> { },
                () -> { }, () -> { })));
        }
    }

    @Test
    void aFailureComesBackAfterEveryTaskFinished() {
        try (WorkerTeam team = new WorkerTeam(3, "team-test")) {
            AtomicInteger finished = new AtomicInteger();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.runAll(List.of(
                finished::incrementAndGet,
                () -> {
                    throw new IllegalStateException("worker failed");
                },
                () -> {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    finished.incrementAndGet();
                })));
            assertEquals("worker failed", e.getMessage());
            assertEquals(2, finished.get(), "the slow task had finished when the failure came back");
            // the caller's own failure is the one rethrown, and the team still works afterwards
            IllegalArgumentException mine = assertThrows(IllegalArgumentException.class, () -> team.runAll(List.of(
                () -> {
                    throw new IllegalArgumentException("caller failed");
                },
                () -> {
                    throw new IllegalStateException("worker failed");
                })));
            assertEquals("caller failed", mine.getMessage());
            phases(team);
        }
    }

    @Test
    void aClosedTeamRefusesWork() {
        WorkerTeam team = new WorkerTeam(2, "team-test");
        team.close();
        assertThrows(IllegalStateException.class, () -> team.runAll(List.of(() -> { })));
    }

    /** Interrupts do not end a wait early, are kept for the caller, and a worker's left-over one is cleared. */
    @Test
    void interruptsNeitherCutWaitsShortNorStick() {
        try (WorkerTeam team = new WorkerTeam(2, "team-test")) {
            AtomicInteger done = new AtomicInteger();
            Thread.currentThread().interrupt();
            team.runAll(List.of(done::incrementAndGet, () -> {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.incrementAndGet();
            }));
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
            assertEquals(2, done.get(), "the caller waited for the sleeping worker");
            // a task that leaves its worker interrupted: later phases run as before
            team.runAll(List.of(() -> { }, () -> Thread.currentThread().interrupt()));
            phases(team);
        }
    }

    /** A checked exception thrown where none is declared still comes back, after the other tasks finished. */
    @Test
    void aSneakyCheckedExceptionComesBackWrapped() {
        try (WorkerTeam team = new WorkerTeam(2, "team-test")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> team.runAll(List.of(
                () -> { }, () -> WorkerTeamTest.<RuntimeException>sneaky(new java.io.IOException("disk")))));
            assertTrue(e.getCause() instanceof java.io.IOException, String.valueOf(e.getCause()));
            phases(team);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * The spin adapts: waits that outlast it (the awaited thread descheduled, as when another program holds the
     * processor) shrink it to a few microseconds; waits that end while spinning grow it back to the longest.
     */
    @Test
    void theSpinShrinksWhenWaitsOutlastItAndGrowsBack() throws InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
            "one processor: the team never spins");
        try (WorkerTeam team = new WorkerTeam(2, "team-test")) {
            Thread.sleep(5); // the idle worker has given up spinning and parked: only this thread adapts the spin
            long longest = 200_000;
            assertTrue(team.spinNow() <= longest, "spin " + team.spinNow());
            for (int k = 0; k < 40; k++) {
                assertFalse(team.spinUntil(() -> false));
            }
            assertTrue(team.spinNow() < 5_000, "after waits in vain: " + team.spinNow());
            for (int k = 0; k < 10; k++) {
                assertTrue(team.spinUntil(() -> true));
            }
            assertEquals(longest, team.spinNow(), "after waits that ended at once");
            phases(team);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
