package io.cgflow.io.h5md;

import io.cgflow.core.Provenance;
import io.cgflow.core.concurrent.Futures;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stream of frames as H5MD shards of bounded frame count: {@code OUT-00000.h5}, {@code OUT-00001.h5}
 * … listed in {@code OUT.shards.txt}, or a single {@code OUT.h5} when no shard size was asked for and the
 * trajectory fits one automatic shard. Each full shard is written on the given background thread while the
 * next one fills, so at most two shards are held in memory. Files are staged in the caller's transaction.
 */
public final class H5mdShardWriter implements AutoCloseable {
    /** Positions per automatic shard, in bytes of float32 coordinates. */
    public static final long DEFAULT_SHARD_BYTES = 128L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(H5mdShardWriter.class);

    private final Path output;
    private final OptionalInt shardFrames;
    private final OutputTransaction tx;
    private final ExecutorService writer;
    private final Supplier<Topology> topology;
    private final CgTopology cg;
    private final Supplier<Provenance> provenance;
    private final H5mdWriter.Options options;
    private final List<Frame> buffer = new ArrayList<>();
    private final List<Shard> shards = new ArrayList<>();
    private Future<?> pending;
    /** The first shard, laid out on the writer thread while its frames are still coming (see {@link #add}). */
    private Future<H5mdWriter.Pending> first;
    private Path firstTemp;
    private long written;

    private record Shard(Path path, int frames, long firstFrame) {
    }

    /**
     * @param topology   the particles (asked for on the writer thread when the first frame is added)
     * @param cg         the CG connectivity to record, or null for an atomistic trajectory
     * @param provenance asked for on the writer thread when the first frame is added (for the first shard) and
     *                   before each later shard is written
     */
    public H5mdShardWriter(Path output, OptionalInt shardFrames, OutputTransaction tx, ExecutorService writer,
                           Supplier<Topology> topology, CgTopology cg, Supplier<Provenance> provenance,
                           H5mdWriter.Options options) {
        this.output = output;
        this.shardFrames = shardFrames;
        this.tx = tx;
        this.writer = writer;
        this.topology = topology;
        this.cg = cg;
        this.provenance = provenance;
        this.options = options;
    }

    /** Frames per shard when none is asked for: {@link #DEFAULT_SHARD_BYTES} of positions. */
    public static int automaticShardFrames(int atoms) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, DEFAULT_SHARD_BYTES / (12L * atoms)));
    }

    /** {@code OUT-00003.h5} for shard 3 of {@code OUT.h5}. */
    public static Path shardPath(Path output, int index) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // not String.format: its first use costs a short conversion ~7 ms of cold java.util.Formatter
        String digits = Integer.toString(index);
        return output.resolveSibling(name.substring(0, dot) + "-" + "0".repeat(Math.max(0, 5 - digits.length()))
            + digits + name.substring(dot));
    }

    /** {@code OUT.shards.txt}: the list of shards of {@code OUT.h5}. */
    public static Path manifestPath(Path output) {
        String name = output.getFileName().toString();
        return output.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".shards.txt");
    }

    public long frames() {
        return written;
    }

    public void add(Frame frame) {
        if (written == 0 && shards.isEmpty()) {
            // everything of the first file but its frames is laid out while they are read: for a short
            // trajectory that work (cold code, topology datasets) would otherwise follow the reading
            firstTemp = tx.stage(shardPath(output, 0));
            Path temp = firstTemp;
            first = writer.submit(() -> H5mdWriter.open(temp, topology.get(), cg, provenance.get(),
                new H5mdWriter.ShardInfo(0, 0), options));
        } else if (first != null && first.isDone()) {
            Futures.await(first);   // a failed layout (a full disk, say) stops the run now, not a shard later
        }
        buffer.add(frame);
        written++;
        if (buffer.size() >= shardFrames.orElseGet(() -> automaticShardFrames(frame.atomCount()))) {
            flush();
        }
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        List<Frame> frames = List.copyOf(buffer);
        buffer.clear();
        int index = shards.size();
        Path target = shardPath(output, index);
        long firstFrame = written - frames.size();
        Future<H5mdWriter.Pending> laidOut = index == 0 ? first : null;
        first = null;
        Path temp = laidOut != null ? firstTemp : tx.stage(target);
        awaitPending();
        pending = writer.submit(() -> {
            long t0 = System.nanoTime();
            H5mdWriter.Pending file = laidOut != null ? Futures.await(laidOut)
                : H5mdWriter.open(temp, topology.get(), cg, provenance.get(),
                    new H5mdWriter.ShardInfo(index, firstFrame), options);
            file.write(frames);
            LOG.debug("wrote shard {} ({} frames) in {} ms", target, frames.size(), (System.nanoTime() - t0) / 1_000_000);
            return null;
        });
        shards.add(new Shard(target, frames.size(), firstFrame));
    }

    private void registerStaleFiles() {
        Path absolute = output.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        int dot = name.lastIndexOf('.');
        java.util.regex.Pattern shard = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(
            name.substring(0, dot)) + "-\\d{5,}" + java.util.regex.Pattern.quote(name.substring(dot)));
        String manifest = manifestPath(absolute).getFileName().toString();
        tx.sweepOnCommit(absolute.getParent(), n -> n.equals(name) || n.equals(manifest) || shard.matcher(n).matches());
    }

    private void awaitPending() {
        if (pending != null) {
            Future<?> f = pending;
            pending = null;
            Futures.await(f);
        }
    }

    /**
     * Waits for a shard still being written, ignoring its failure: called before the transaction is rolled
     * back, so that no write recreates a file the rollback has deleted. A first file still being laid out is
     * cancelled (its wait for the input checksums, minutes for large inputs, is interrupted) and the writer
     * thread waited for until it is idle. Keeps waiting when interrupted, and keeps the interrupt.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        if (first != null) {
            first.cancel(true);
            first = null;
            try {
                pending = writer.submit(() -> null);   // the writer runs one task at a time: a barrier
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("writer already shut down: {}", e.toString());
            }
        }
        if (pending != null) {
            while (true) {
                try {
                    pending.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.debug("shard write failed during rollback: {}", e.getCause().toString());
                    break;
                } catch (java.util.concurrent.CancellationException e) {
                    break;
                }
            }
            pending = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes what is buffered, waits for every shard, stages the shard list; returns the files in order. Files
     * of an earlier run under the same output name that this run does not write ({@code OUT.h5},
     * {@code OUT-NNNNN.h5}, {@code OUT.shards.txt}) are removed when the transaction commits.
     */
    public List<Path> finish() {
        flush();
        awaitPending();
        registerStaleFiles();
        List<Path> files = new ArrayList<>();
        if (shards.size() == 1 && shardFrames.isEmpty()) {
            tx.retarget(shardPath(output, 0), output);
            files.add(output);
            return files;
        }
        StringBuilder manifest = new StringBuilder("# file\tframes\tfirst_frame\n");
        for (Shard s : shards) {
            files.add(s.path);
            manifest.append(s.path.getFileName()).append('\t').append(s.frames).append('\t').append(s.firstFrame)
                .append('\n');
        }
        try {
            Files.writeString(tx.stage(manifestPath(output)), manifest.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + manifestPath(output), e);
        }
        return files;
    }
}
