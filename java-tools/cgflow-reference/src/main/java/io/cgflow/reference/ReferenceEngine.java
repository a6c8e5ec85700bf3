package io.cgflow.reference;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.DistributionTables;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceAccumulator;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.UsageException;
import io.cgflow.core.concurrent.Futures;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.metrics.Progress;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.h5md.H5mdReader;
import io.cgflow.io.h5md.H5mdShardWriter;
import io.cgflow.io.h5md.H5mdWriter;
import io.cgflow.io.trajectory.Structure;
import io.cgflow.mapping.CgMapper;
import io.cgflow.mapping.MappingReader;
import io.cgflow.mapping.MappingResolver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference engine: streams H5MD frames, maps them to CG beads, computes the observables of each frame
 * (pair counts, bonded values) on {@code threads} threads and adds them to one accumulator in frame order
 * on the reading thread, so the result is the same to the last bit for any thread count and however the
 * trajectory was sharded. Outputs — distributions file, tables, CG trajectory — are staged and appear together.
 */
public final class ReferenceEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceEngine.class);
    private final String tool;
    private final String version;
    private final String commandLine;
    private final MeterRegistry meters;
    private final Progress progress;

    public ReferenceEngine(String tool, String version, String commandLine, MeterRegistry meters, Progress progress) {
        this.tool = tool;
        this.version = version;
        this.commandLine = commandLine;
        this.meters = meters;
        this.progress = progress;
    }

    /** What a run produced. */
    public record Result(ReferenceDistributions distributions, List<Path> files, double seconds) {
    }

    public Result run(ReferenceRequest r) {
        long start = System.nanoTime();
        validate(r);
        ExecutorService checksums = Executors.newSingleThreadExecutor(Futures.daemon("cgflow-checksum"));
        ExecutorService writer = Executors.newSingleThreadExecutor(Futures.daemon("cgflow-h5md-writer"));
        // one thread: everything on this one; more: reading and mapping here, the distributions on the workers
        ExecutorService workers = r.threads() == 1 ? null
            : Executors.newFixedThreadPool(r.threads(), Futures.daemon("cgflow-distributions"));
        try (OutputTransaction tx = new OutputTransaction()) {
            List<Path> checksummed = new ArrayList<>(r.inputs());
            if (r.mapping() != null) {
                checksummed.add(r.mapping());
            }
            Future<Provenance> provenance = checksums.submit(() -> Provenance.of(tool, version, commandLine, checksummed));

            Inputs inputs = Inputs.scan(r.inputs());
            Structure structure = inputs.structure();
            CgMapper mapper = null;
            CgTopology cg;
            if (r.mapping() != null) {
                mapper = MappingResolver.resolve(MappingReader.read(r.mapping()), structure.topology(), r.inputs().get(0));
                cg = mapper.topology();
                if (!mapper.wholeByBonds()) {
                    LOG.info("{} has no bonds: molecules are taken whole as they are in the trajectory (each bead's "
                        + "atoms at the minimum image of its first atom)", r.inputs().get(0).getFileName());
                } else if (mapper.atomsNotReachedByBonds() > 0) {
                    LOG.warn("{} bead atom(s) are not bonded to the first atom of their molecule; they are placed "
                        + "at the minimum image of their bead's first atom", mapper.atomsNotReachedByBonds());
                }
            } else {
                cg = inputs.cgTopology();
            }
            cg = withExclusions(cg, r.exclusions());
            if (cg.size() == 0) {
                throw InputException.in(r.mapping(), "the mapping selects no beads");
            }
            if (r.tables() != null) {
                requireDistinctTableNames(cg);
            }
            long selected = inputs.selectedFrames(r.selection());
            if (selected == 0) {
                throw new InputException("no frames selected: the input has " + inputs.totalFrames() + " frames and "
                    + "the selection (" + r.selection().describe() + ") keeps none");
            }
            double rdfMax = rdfMax(r, inputs);
            int blockFrames = r.blockFrames().orElse((int) Math.max(1, (selected + 9) / 10));
            int blocks = (int) ((selected + blockFrames - 1) / blockFrames);
            DistributionSettings settings = new DistributionSettings(rdfMax, r.rdfBin(), r.bondMax(), r.bondBin(),
                r.angleBin(), r.dihedralBin());
            checkMemory(settings, cg, blocks);
            LOG.info("{} beads of {} type(s), {} bond, {} angle, {} dihedral instance(s); {} frames, {}; RDFs to {} "
                    + "nm", cg.size(), cg.types().size(), cg.bonds().size(), cg.angles().size(), cg.dihedrals().size(),
                selected, describeBlocks(selected, blockFrames), fmt(rdfMax));

            Topology beads = beadTopology(cg);
            try (H5mdShardWriter cgOut = r.cgOutput() == null ? null : new H5mdShardWriter(r.cgOutput(),
                r.cgShardFrames(), tx, writer, () -> beads, cg, () -> Futures.await(provenance),
                new H5mdWriter.Options(0, tool, version, 1))) {
                // observables S(x) on the workers, one observer per thread; sums in frame order on this thread
                ReferenceAccumulator total = new ReferenceAccumulator(cg, settings, blocks, blockFrames);
                ThreadLocal<ReferenceAccumulator.Observer> observer = ThreadLocal.withInitial(total::observer);
                ArrayDeque<Future<ReferenceAccumulator.FrameObservables>> window = new ArrayDeque<>();
                long index = 0;
                long global = 0;
                long bytes = 0;
                long added = 0;
                for (Path input : r.inputs()) {
                    try (H5mdReader reader = new H5mdReader(input)) {
                        for (int k = 0; k < reader.frameCount() && !r.selection().isPast(global); k++, global++) {
                            if (!r.selection().includes(global)) {
                                reader.skip();
                                continue;
                            }
                            Frame frame = reader.next();
                            if (frame.box() == null) {
                                throw InputException.at(input, "frame " + k, "has no box");
                            }
                            Frame cgFrame = mapper != null ? map(mapper, frame, input, k) : frame;
                            if (cgOut != null) {
                                cgOut.add(cgFrame);
                            }
                            long frameIndex = index++;
                            if (workers == null) {
                                total.add(frameIndex, observer.get().observe(cgFrame.positions(), cgFrame.box()));
                                added++;
                            } else {
                                window.add(workers.submit(() -> observer.get().observe(cgFrame.positions(),
                                    cgFrame.box())));
                                if (window.size() >= 2 * r.threads()) {
                                    total.add(added++, Futures.await(window.poll()));
                                }
                            }
                            progress.update(index, bytes + reader.bytesRead());
                        }
                        bytes += reader.bytesRead();
                    }
                }
                while (!window.isEmpty()) {
                    total.add(added++, Futures.await(window.poll()));
                }
                ReferenceDistributions result = total.result(r.temperature(), r.pressure(), Futures.await(provenance));
                DistributionsFile.write(tx.stage(r.output()), result);
                List<Path> files = new ArrayList<>(List.of(r.output()));
                if (r.tables() != null) {
                    stageTables(tx, r.tables(), result);
                }
                if (cgOut != null) {
                    files.addAll(cgOut.finish());
                }
                tx.commit();
                double seconds = (System.nanoTime() - start) / 1e9;
                Counter.builder("cgflow_reference_frames").description("frames analysed").register(meters).increment(index);
                double rate = index / Math.max(seconds, 1e-9);
                int beadCount = cg.size();
                // a gauge over a lambda holds its value strongly (registry.gauge(name, number) does not)
                Gauge.builder("cgflow_reference_beads", () -> beadCount).description("CG beads per frame").register(meters);
                Gauge.builder("cgflow_reference_seconds", () -> seconds).description("wall time of the analysis, s")
                    .register(meters);
                Gauge.builder("cgflow_reference_frames_per_second", () -> rate).description("frames analysed per second")
                    .register(meters);
                return new Result(result, files, seconds);
            }
        } finally {
            checksums.shutdownNow();
            writer.shutdownNow();
            if (workers != null) {
                workers.shutdownNow();
            }
        }
    }

    /** Maps a frame; a molecule the mapper cannot make whole is bad input, named with its file and frame. */
    private static Frame map(CgMapper mapper, Frame frame, Path input, int index) {
        try {
            return mapper.map(frame);
        } catch (CgMapper.BrokenMolecule e) {
            CgMapper.LongBond b = e.detail();
            CgTopology cg = mapper.topology();
            String molecule = "molecule " + (b.molecule() + 1) + " ('" + b.moleculeType() + "', first atom "
                + (b.firstAtom() + 1) + ")";
            String what = b.bond() != null
                ? molecule + ": CG bond '" + b.bond() + "' between beads " + cg.beadName(b.beadA()) + " and "
                    + cg.beadName(b.beadB()) + " is " + fmt(b.length()) + " nm long, more than half the smallest box "
                    + "width (" + fmt(b.halfWidth()) + " nm); the topology's bonds do not join these beads' atoms, or "
                    + "the bond is too long to measure at minimum image in this box (check the mapping and the "
                    + "topology's bonds)"
                : molecule + " is not whole in the trajectory and spans more than half the smallest box width: bead "
                    + cg.beadName(b.beadB()) + " is " + fmt(b.length()) + " nm from bead " + cg.beadName(b.beadA())
                    + " along the CG bonds (half width " + fmt(b.halfWidth()) + " nm), and the input has no bonds to "
                    + "make it whole by; convert with a topology that has bonds (cgflow-convert -p topol.top, or a "
                    + "LAMMPS data file) or make molecules whole first (gmx trjconv -pbc mol)";
            throw InputException.at(input, "frame " + index, what);
        }
    }

    /** Refuses, before any frame is read, distributions whose table files would share a name. */
    private static void requireDistinctTableNames(CgTopology cg) {
        List<Distribution.Kind> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int a = 0; a < cg.types().size(); a++) {
            for (int b = a; b < cg.types().size(); b++) {
                kinds.add(Distribution.Kind.RDF);
                names.add(cg.types().get(a) + "-" + cg.types().get(b));
            }
        }
        for (String n : CgTopology.names(cg.bonds())) {
            kinds.add(Distribution.Kind.BOND);
            names.add(n);
        }
        for (String n : CgTopology.names(cg.angles())) {
            kinds.add(Distribution.Kind.ANGLE);
            names.add(n);
        }
        for (String n : CgTopology.names(cg.dihedrals())) {
            kinds.add(Distribution.Kind.DIHEDRAL);
            names.add(n);
        }
        DistributionTables.fileNames(kinds, names);
    }

    /**
     * Writes every table under a hidden name of the transaction, so that they appear with the other outputs;
     * tables of an earlier run in the same folder that this run does not write are removed on commit.
     */
    private static void stageTables(OutputTransaction tx, Path dir, ReferenceDistributions result) {
        tx.sweepOnCommit(dir, name -> DistributionTables.FILE_NAMES.matcher(name).matches());
        try {
            List<String> names = DistributionTables.fileNames(result.distributions());
            for (int k = 0; k < names.size(); k++) {
                Distribution d = result.distributions().get(k);
                Files.writeString(tx.stage(dir.resolve(names.get(k))), DistributionTables.table(d, result.summary()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tables to " + dir, e);
        }
    }

    private static void validate(ReferenceRequest r) {
        if (r.inputs().isEmpty()) {
            throw new UsageException("no input: give at least one -i/--input H5MD file");
        }
        String name = r.output().getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".h5") && !name.endsWith(".hdf5")) {
            throw new UsageException("--output must end in .h5 or .hdf5, got '" + r.output() + "'");
        }
        if (r.cgOutput() != null && !r.cgOutput().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5")) {
            throw new UsageException("--cg-output must end in .h5, got '" + r.cgOutput() + "'");
        }
    }

    /**
     * Refuses settings whose block histograms could not fit in a quarter of the heap (many blocks of fine
     * bins: {@code --block-frames 1} over a long trajectory, say), before any frame is read.
     */
    /** The block layout in words: full blocks for the error bars, and the frames of a last partial block. */
    static String describeBlocks(long frames, int blockFrames) {
        long full = frames / blockFrames;
        long rest = frames % blockFrames;
        String s = full + " full block(s) of " + blockFrames + " for the error bars";
        return rest == 0 ? s : s + " (the last " + rest + " frame(s) count in the averages only)";
    }

    private static void checkMemory(DistributionSettings settings, CgTopology cg, int blocks) {
        int types = cg.types().size();
        int[] bonded = {CgTopology.names(cg.bonds()).size(), CgTopology.names(cg.angles()).size(),
            CgTopology.names(cg.dihedrals()).size()};
        long bytes = settings.histogramBytes(types * (types + 1) / 2, bonded, blocks);
        long budget = Runtime.getRuntime().maxMemory() / 4;
        if (bytes > budget) {
            throw new UsageException(String.format(Locale.ROOT, "the histograms of %d blocks would take %.1f GiB, "
                + "more than a quarter of the %.1f GiB heap: use a larger --block-frames, wider bins or a shorter "
                + "--rdf-max", blocks, bytes / 1073741824.0, Runtime.getRuntime().maxMemory() / 1073741824.0));
        }
    }

    /** The RDF range: as asked (refused beyond half the shortest box width of any frame) or the largest allowed. */
    private static double rdfMax(ReferenceRequest r, Inputs inputs) {
        Inputs.Narrowest narrowest = inputs.narrowestBox(r.selection());
        double limit = 0.5 * narrowest.width();
        if (r.rdfMax().isPresent()) {
            double asked = r.rdfMax().getAsDouble();
            if (asked > limit * (1 + 1e-9)) {
                throw InputException.at(narrowest.file(), "frame " + narrowest.frame(), "--rdf-max " + fmt(asked)
                    + " nm is beyond half the shortest box width (half of " + fmt(narrowest.width()) + " nm = "
                    + fmt(limit) + " nm), where minimum images are ambiguous; use --rdf-max "
                    + fmt(Math.floor(limit / r.rdfBin() + 1e-9) * r.rdfBin()) + " or less");
            }
            return asked;
        }
        double max = Math.floor(limit / r.rdfBin() + 1e-9) * r.rdfBin();
        if (DistributionSettings.bins(max, r.rdfBin()) > DistributionSettings.MAX_BINS) {
            throw new UsageException("the default RDF range, half the shortest box width (" + fmt(limit) + " nm), "
                + "makes " + DistributionSettings.bins(max, r.rdfBin()) + " bins of " + fmt(r.rdfBin()) + " nm; at most "
                + DistributionSettings.MAX_BINS + " are allowed: give --rdf-max or a wider --rdf-bin");
        }
        if (max < r.rdfBin()) {
            throw InputException.at(narrowest.file(), "frame " + narrowest.frame(), "the box is too small for one "
                + "RDF bin of " + fmt(r.rdfBin()) + " nm");
        }
        return max;
    }

    private static CgTopology withExclusions(CgTopology cg, String policy) {
        if (policy == null) {
            return cg;
        }
        Set<Long> excluded = new HashSet<>();
        switch (policy) {
            case "bonded" -> excluded.addAll(CgTopology.bondedExclusions(cg.bonds(), cg.angles()));
            case "all" -> {
                int n = cg.size();
                int start = 0;
                while (start < n) {
                    int end = start;
                    while (end < n && cg.moleculeOf(end) == cg.moleculeOf(start)) {
                        end++;
                    }
                    for (int i = start; i < end; i++) {
                        for (int j = i + 1; j < end; j++) {
                            excluded.add(CgTopology.pairKey(i, j));
                        }
                    }
                    start = end;
                }
            }
            case "none" -> {
            }
            default -> throw new UsageException("--exclusions must be bonded, none or all, not '" + policy + "'");
        }
        return new CgTopology(cg.types(), cg.typeIndices(), cg.moleculeIndices(), beadNames(cg), masses(cg), cg.bonds(),
            cg.angles(), cg.dihedrals(), excluded);
    }

    private static String[] beadNames(CgTopology cg) {
        String[] names = new String[cg.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = cg.beadName(i);
        }
        return names;
    }

    private static double[] masses(CgTopology cg) {
        double[] m = new double[cg.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = cg.mass(i);
        }
        return m;
    }

    /** The beads as H5MD particles: bead name, molecule number as residue, bead type as species. */
    static Topology beadTopology(CgTopology cg) {
        List<Atom> atoms = new ArrayList<>(cg.size());
        for (int i = 0; i < cg.size(); i++) {
            atoms.add(new Atom(cg.beadName(i), "", cg.moleculeOf(i) + 1, "", cg.types().get(cg.typeOf(i)), cg.mass(i)));
        }
        return new Topology(atoms);
    }

    /** Four significant digits without trailing zeros: 2.5, 1.308, 0.002. */
    static String fmt(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }
}
