package io.cgflow.convert;

import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.UsageException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.metrics.Progress;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.io.h5md.H5mdShardWriter;
import io.cgflow.io.h5md.H5mdWriter;
import io.cgflow.core.concurrent.Futures;
import io.cgflow.io.trajectory.RawFrameSource;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryFormat;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.cgflow.io.trajectory.Trajectories;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversion engine: streams the frames of one trajectory (possibly in several parts) into H5MD
 * shards of bounded frame count. Memory is bounded by one shard plus a few frames in flight, never by
 * the trajectory's length. Every frame is checked (atom count, finite coordinates, a box with positive
 * volume); all outputs are staged and appear together only when everything succeeded.
 */
public final class TrajectoryConverter {
    private static final Logger LOG = LoggerFactory.getLogger(TrajectoryConverter.class);

    private final String tool;
    private final String version;
    private final String commandLine;
    private final Supplier<MeterRegistry> meters;
    private final Progress progress;

    /**
     * @param meters the run's meter registry, asked for once the conversion is done (it may still be being built
     *               while the conversion starts: see {@code RunMetrics})
     */
    public TrajectoryConverter(String tool, String version, String commandLine, Supplier<MeterRegistry> meters,
                               Progress progress) {
        this.tool = tool;
        this.version = version;
        this.commandLine = commandLine;
        this.meters = meters;
        this.progress = progress;
    }

    public ConversionResult convert(ConversionRequest request) {
        long start = System.nanoTime();
        validate(request);
        ExecutorService checksums = Executors.newSingleThreadExecutor(Futures.daemon("cgflow-checksum"));
        ExecutorService writer = Executors.newSingleThreadExecutor(Futures.daemon("cgflow-h5md-writer"));
        ExecutorService decoders = request.threads() > 1
            ? Executors.newFixedThreadPool(request.threads(), Futures.daemon("cgflow-decode")) : null;
        try (OutputTransaction tx = new OutputTransaction()) {
            List<Path> checksummed = new ArrayList<>(request.inputs());
            if (request.structure() != null) {
                checksummed.add(request.structure());
            }
            if (request.topology() != null) {
                checksummed.add(request.topology());
            }
            Future<Provenance> provenance = checksums.submit(() -> Provenance.of(tool, version, commandLine, checksummed));
            requireStructureSource(request);
            // the structure is parsed on the (still idle) writer thread while the first frames decode
            Future<Structure> structure = writer.submit(() -> {
                Structure st = structure(request);
                LOG.debug("structure read: {} atoms after {} ms", st.topology().size(),
                    (System.nanoTime() - start) / 1_000_000);
                return st;
            });
            Run run = new Run(request, structure, decoders);
            try (H5mdShardWriter output = new H5mdShardWriter(request.output(), request.shardFrames(), tx, writer,
                () -> run.structure().topology(), null, () -> Futures.await(provenance),
                new H5mdWriter.Options(request.compression(), tool, version, request.threads()))) {
                run.output = output;
                try {
                    run.readAll();
                } catch (InputException e) {
                    // frames are checked against the structure: when it is broken too, its error comes first
                    run.structure();
                    throw e;
                }
                LOG.debug("{} frames read after {} ms", output.frames(), (System.nanoTime() - start) / 1_000_000);
                if (output.frames() == 0) {
                    throw new InputException("no frames selected: the trajectory has " + run.globalIndex
                        + " frames and the selection (" + request.selection().describe() + ") keeps none");
                }
                List<Path> files = output.finish();
                tx.commit();
                double seconds = (System.nanoTime() - start) / 1e9;
                int atoms = run.structure().topology().size();
                record(run, files.size(), seconds, atoms);
                return new ConversionResult(files, output.frames(), atoms, run.bytesRead, run.duplicates, seconds);
            }
        } finally {
            checksums.shutdownNow();
            writer.shutdownNow();
            if (decoders != null) {
                decoders.shutdownNow();
            }
        }
    }

    private void record(Run run, int files, double seconds, int atoms) {
        MeterRegistry meters = this.meters.get();
        long written = run.output.frames();
        Counter.builder("cgflow_convert_frames").description("frames written").register(meters).increment(written);
        Counter.builder("cgflow_convert_input_bytes").description("bytes of input read").register(meters)
            .increment(run.bytesRead);
        Counter.builder("cgflow_convert_shards").description("H5MD files written").register(meters).increment(files);
        double frameRate = written / Math.max(seconds, 1e-9);
        double byteRate = run.bytesRead / 1e6 / Math.max(seconds, 1e-9);
        // a gauge over a lambda holds its value strongly (registry.gauge(name, number) does not)
        Gauge.builder("cgflow_convert_atoms", () -> atoms).description("atoms per frame").register(meters);
        Gauge.builder("cgflow_convert_seconds", () -> seconds).description("wall time of the conversion, s").register(meters);
        Gauge.builder("cgflow_convert_frames_per_second", () -> frameRate).description("frames converted per second")
            .register(meters);
        Gauge.builder("cgflow_convert_megabytes_per_second", () -> byteRate).description("MB of input read per second")
            .register(meters);
    }

    private static void validate(ConversionRequest r) {
        if (r.inputs().isEmpty()) {
            throw new UsageException("no input trajectory: give at least one -i/--input");
        }
        String name = r.output().getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".h5") && !name.endsWith(".h5md")) {
            throw new UsageException("--output must end in .h5 or .h5md, got '" + r.output() + "'");
        }
        for (Path in : r.inputs()) {
            if (in.toAbsolutePath().normalize().equals(r.output().toAbsolutePath().normalize())) {
                throw new UsageException("--output " + r.output() + " is also an input");
            }
        }
    }

    private static void requireStructureSource(ConversionRequest r) {
        TrajectoryFormat format = r.format() != null ? r.format() : TrajectoryFormat.of(r.inputs().get(0));
        if (r.structure() == null && format != TrajectoryFormat.H5MD) {
            throw new UsageException("-s/--structure is required for " + format.name().toLowerCase(Locale.ROOT)
                + " input (atom names, residues, masses); only H5MD input carries its own");
        }
    }

    private static Structure structure(ConversionRequest r) {
        Structure s = Trajectories.readStructure(r.structure() != null ? r.structure() : r.inputs().get(0),
            r.readOptions());
        return AtomisticTopology.combine(s, r.topology(), r.readOptions(), LOG);
    }

    /** The state of one conversion. */
    private final class Run {
        private final ConversionRequest request;
        private final Future<Structure> structureFuture;
        private volatile Structure structure;
        private final ExecutorService decoders;
        private H5mdShardWriter output;
        private long globalIndex;
        private long bytesRead;
        private long bytesBefore;
        private long duplicates;
        private long lastStep = Frame.NO_STEP;
        private boolean partStart;
        private boolean warnedNoTime;
        /** The structure's atom count (its declared count while it is being parsed) and its file name. */
        private volatile int expectedAtoms;
        private volatile String structureName;

        Run(ConversionRequest request, Future<Structure> structure, ExecutorService decoders) {
            this.request = request;
            this.structureFuture = structure;
            this.decoders = decoders;
        }

        /** The structure, once parsed (waits for it). */
        Structure structure() {
            Structure st = structure;
            if (st == null) {
                st = Futures.await(structureFuture);
                structure = st;
            }
            return st;
        }

        void readAll() {
            for (int part = 0; part < request.inputs().size() && !request.selection().isPast(globalIndex); part++) {
                Path file = request.inputs().get(part);
                TrajectoryFormat format = request.format() != null ? request.format() : TrajectoryFormat.of(file);
                partStart = part > 0;
                // header sizes are checked against the structure's atom count before anything is allocated; a
                // GRO structure's count line gives it at once, so frames decode while the structure is parsed
                int atoms = structureFuture.isDone() || request.structure() == null ? structure().topology().size()
                    : Trajectories.declaredAtomCount(request.structure()).orElseGet(() -> structure().topology().size());
                Path structureFile = request.structure() != null ? request.structure() : request.inputs().get(0);
                Trajectories.ReadOptions options = request.readOptions().withAtomCount(atoms,
                    structureFile.getFileName().toString());
                expectedAtoms = atoms;
                structureName = structureFile.getFileName().toString();
                try (TrajectoryReader reader = Trajectories.open(file, format, options)) {
                    long framesInFile = readPart(reader);
                    bytesBefore += reader.bytesRead();
                    if (framesInFile == 0) {
                        throw InputException.in(file, "empty trajectory: no frames");
                    }
                }
            }
            bytesRead = bytesBefore;
        }

        private boolean selected(long g) {
            return request.selection().includes(g);
        }

        /** Reads one part; returns the frames it holds (as far as it was read). */
        private long readPart(TrajectoryReader reader) {
            RawFrameSource raw = decoders != null && reader instanceof RawFrameSource s ? s : null;
            ArrayDeque<Future<Frame>> window = new ArrayDeque<>();
            ArrayDeque<Long> windowIndex = new ArrayDeque<>();
            int depth = 4 * request.threads();
            long local = 0;
            while (!request.selection().isPast(globalIndex)) {
                if (!selected(globalIndex)) {
                    if (!reader.skip()) {
                        break;
                    }
                } else if (raw != null) {
                    Object record = raw.nextRaw();
                    if (record == null) {
                        break;
                    }
                    long index = local;
                    window.add(decoders.submit(() -> check(reader.path(), index, raw.decode(record))));
                    windowIndex.add(globalIndex);
                    if (window.size() >= depth) {
                        accept(reader.path(), windowIndex.poll(), Futures.await(window.poll()));
                    }
                } else {
                    Frame f = reader.next();
                    if (f == null) {
                        break;
                    }
                    accept(reader.path(), globalIndex, check(reader.path(), local, f));
                }
                local++;
                globalIndex++;
                progress.update(output.frames() + window.size(), bytesBefore + reader.bytesRead());
            }
            while (!window.isEmpty()) {
                accept(reader.path(), windowIndex.poll(), Futures.await(window.poll()));
            }
            return local;
        }

        /**
         * Validates a frame and completes its box, step and time. Thread-safe. Frames that carry a box are checked
         * against the structure's atom count alone, so that decoding does not wait for the structure to be parsed.
         */
        private Frame check(Path file, long index, Frame f) {
            String where = "frame " + index;
            int atoms = expectedAtoms;
            if (f.atomCount() != atoms) {
                // before blaming the frame, the structure (a broken one says so itself) and its parsed count
                atoms = structure().topology().size();
                if (f.atomCount() != atoms) {
                    throw InputException.at(file, where, "has " + f.atomCount() + " atoms but the structure "
                        + structureName + " has " + atoms);
                }
            }
            float[] x = f.positions();
            final float limit = (float) Frame.MAX_COORDINATE;
            for (int i = 0; i < x.length; i++) {
                float v = x[i];
                // two comparisons, no call: the C1 compiler of short runs does not inline Math.abs(float)
                if (!(v <= limit && v >= -limit)) {
                    throw InputException.at(file, where, "coordinate " + "xyz".charAt(i % 3) + " of atom "
                        + (i / 3 + 1) + " is " + x[i] + (Float.isFinite(x[i]) ? " nm, beyond ±" + Frame.MAX_COORDINATE
                        + " nm" : ""));
                }
            }
            Box box = f.box();
            if (box == null) {
                Structure structure = structure();
                if (structure.box() == null) {
                    throw InputException.at(file, where, "has no periodic box and the structure "
                        + structure.source().getFileName() + " gives none");
                }
                box = structure.box();
            }
            if (!box.isValid()) {
                throw InputException.at(file, where, "box " + describe(box) + " has zero or negative volume");
            }
            return f.withBox(box);
        }

        /** Takes frame number {@code global} (0-based over the concatenated input) into the output. */
        private void accept(Path file, long global, Frame f) {
            if (structure == null && structureFuture.isDone()) {
                structure(); // a structure that failed to parse stops the run here
            }
            if (partStart) {
                partStart = false;
                if (f.hasStep() && lastStep != Frame.NO_STEP && f.step() == lastStep) {
                    duplicates++;
                    LOG.info("dropping the first frame of the next part: it repeats step {} of the previous part",
                        f.step());
                    return;
                }
            }
            long step = f.hasStep() ? f.step() : global;
            if (lastStep != Frame.NO_STEP && step <= lastStep) {
                throw InputException.in(file, "frame " + global + " (counted over all parts) has step " + step
                    + ", not after the previous frame's step " + lastStep
                    + ": H5MD needs increasing steps (parts out of order, or a trajectory that repeats itself?)");
            }
            double time = f.time();
            if (!f.hasTime()) {
                double dt = request.readOptions().timestepPs();
                if (!Double.isNaN(dt)) {
                    time = step * dt;
                } else if (!warnedNoTime) {
                    warnedNoTime = true;
                    LOG.warn("the trajectory stores no time; times are written as NaN (give --timestep to set them)");
                }
            }
            lastStep = step;
            output.add(f.withStepAndTime(step, time));
        }
    }

    private static String describe(Box b) {
        double[] l = b.lengths();
        double[] a = b.angles();
        return String.format(Locale.ROOT, "(a=%.4g b=%.4g c=%.4g nm, α=%.4g β=%.4g γ=%.4g°)", l[0], l[1], l[2], a[0],
            a[1], a[2]);
    }
}
