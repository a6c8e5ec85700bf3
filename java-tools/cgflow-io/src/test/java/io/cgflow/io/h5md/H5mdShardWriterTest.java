package io.cgflow.io.h5md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first file is laid out on the writer thread as soon as a frame arrives. A run that fails before that file
 * gets its frames must leave nothing: closing the writer waits until the writer thread is done with the file (so
 * no late write recreates it after the rollback), and does not wait for input checksums that may take minutes.
 */
class H5mdShardWriterTest {
    @TempDir
    Path dir;

    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        writer.shutdownNow();
    }

    private static Topology topology() {
        return new Topology(List.of(new Atom("A", "RES", 1, "C", "", 12.0), new Atom("B", "RES", 1, "C", "", 12.0)));
    }

    private static Frame frame() {
        return new Frame(0, 0, Box.orthorhombic(2, 2, 2), new float[] {0.1f, 0.2f, 0.3f, 1.1f, 1.2f, 1.3f});
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private H5mdShardWriter shardWriter(OutputTransaction tx, Supplier<Topology> topology,
                                        Supplier<Provenance> provenance) {
        return new H5mdShardWriter(dir.resolve("out.h5"), OptionalInt.of(4), tx, writer, topology, null, provenance,
            new H5mdWriter.Options(0, "test", "1", 1));
    }

    @Test
    void closingWaitsForAFirstFileBeingLaidOutThenTheRollbackLeavesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        Supplier<Topology> slowTopology = () -> {
            asked.countDown();
            boolean done = false;
            while (!done) {   // deaf to interrupts: the layout goes on and creates the file once released
                try {
                    done = release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // keep waiting
                }
            }
            return topology();
        };
        OutputTransaction tx = new OutputTransaction();
        H5mdShardWriter out = shardWriter(tx, slowTopology, () -> new Provenance("test", "1", "test", List.of()));
        out.add(frame());
        assertTrue(asked.await(10, TimeUnit.SECONDS), "the first file is laid out when the first frame arrives");
        Thread closing = new Thread(out::close);
        closing.start();
        closing.join(300);
        assertTrue(closing.isAlive(), "close() returned while the writer thread was still laying out the file");
        release.countDown();
        closing.join(10_000);
        assertTrue(!closing.isAlive(), "close() did not return once the layout ended");
        tx.close();   // rollback: nothing committed
        assertEquals(List.of(), listing(), "outputs left behind");
    }

    @Test
    void closingDoesNotWaitForTheInputChecksums() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        Supplier<Provenance> checksums = () -> {
            asked.countDown();
            try {
                never.await();   // as Futures.await on the checksum task: interruptible
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return new Provenance("test", "1", "test", List.of());
        };
        OutputTransaction tx = new OutputTransaction();
        H5mdShardWriter out = shardWriter(tx, H5mdShardWriterTest::topology, checksums);
        out.add(frame());
        assertTrue(asked.await(10, TimeUnit.SECONDS));
        assertTimeoutPreemptively(Duration.ofSeconds(10), out::close, "close() waited for the checksums");
        tx.close();
        assertEquals(List.of(), listing(), "outputs left behind");
    }
}
