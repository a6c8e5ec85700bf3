package io.cgflow.md;

import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.concurrent.Futures;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.Topology;
import io.cgflow.io.h5md.H5mdShardWriter;
import io.cgflow.io.h5md.H5mdWriter;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.potentials.PotentialFile;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one simulation from files to files: start configuration and potential in, H5MD and THERMO.tsv out. */
public final class MdEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MdEngine.class);
    private final String tool;
    private final String version;
    private final String commandLine;
    private final MeterRegistry meters;
    private final PrintStream progress;

    public MdEngine(String tool, String version, String commandLine, MeterRegistry meters, PrintStream progress) {
        this.tool = tool;
        this.version = version;
        this.commandLine = commandLine;
        this.meters = meters;
        this.progress = progress;
    }

    /** What a run produced. */
    public record Result(List<Path> files, long steps, double seconds, int beads) {
    }

    /** The THERMO.tsv header for an integrator. */
    public static String header(Integrator integrator) {
        return "step\ttime_ps\tpotential_kJ_mol\tkinetic_kJ_mol\tconserved_kJ_mol\ttemperature_K\tpressure_bar"
            + "\tvolume_nm3" + (integrator == Integrator.MC ? "\tacceptance\tmove_nm" : "") + "\n";
    }

    static String row(Sample s, Integrator integrator) {
        String line = String.format(Locale.ROOT, "%d\t%.6f\t%.9g\t%.9g\t%.9g\t%.6g\t%.6g\t%.9g", s.step(), s.time(),
            s.potential(), s.kinetic(), s.conserved(), s.temperature(), s.pressure(), s.volume());
        if (integrator == Integrator.MC) {
            line += String.format(Locale.ROOT, "\t%.4f\t%.6g", s.acceptance(), s.moveSize());
        }
        return line + "\n";
    }

    /**
     * The start file's topology for a network model, which carries no masses: every bead must have its mass
     * from the start file (a CG H5MD from {@code cgflow-reference --cg-output} has them).
     */
    private static CgTopology withMasses(CgTopology top, MdRequest r) {
        if (r.start().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gro")) {
            // a GRO file has names, not masses: the reader guessed them from the names as elements
            java.util.Map<String, Double> byType = new java.util.LinkedHashMap<>();
            for (int i = 0; i < top.size(); i++) {
                byType.putIfAbsent(top.types().get(top.typeOf(i)), top.mass(i));
            }
            StringBuilder list = new StringBuilder();
            byType.forEach((type, mass) -> list.append(list.length() > 0 ? ", " : "").append(type).append(' ')
                .append(String.format(Locale.ROOT, "%.3f", mass)));
            LOG.warn("{}: a GRO start file carries no masses, and the model none; the bead masses are guessed from the"
                + " names as elements ({} u): start from a CG H5MD (cgflow-reference --cg-output) for the mapped"
                + " masses", r.start(), list);
        }
        for (int i = 0; i < top.size(); i++) {
            if (!(top.mass(i) > 0) || !Double.isFinite(top.mass(i))) {
                throw InputException.in(r.start(), "bead " + (i + 1) + " (type " + top.types().get(top.typeOf(i))
                    + ") has no mass, and the model " + r.model().getFileName() + " carries none: start from a CG H5MD "
                    + "with masses (cgflow-reference --cg-output), or give --potential POT.yaml instead of --model");
            }
        }
        return top;
    }

    /**
     * The model's forces (network, prior and bonded tables: {@link ModelForces}); a bead type the model has no
     * network for, or a bonded type it has no table for, is named with the model file.
     */
    private static Forces modelForces(TrainedModel model, CgTopology top, double skin, MdRequest r) {
        try {
            return ModelForces.create(model, top, skin, r.threads());
        } catch (InputException e) {
            throw InputException.in(r.model(), e.getMessage().replaceFirst("^the model: ", "") + " (start file "
                + r.start().getFileName() + ")");
        }
    }

    /** The longest pair distance of the model: its network's cut-off or its prior's. */
    private static double modelCutoff(TrainedModel model, MdRequest r) {
        try {
            return ModelForces.cutoff(model);
        } catch (InputException e) {
            throw InputException.in(r.model(), e.getMessage());
        }
    }

    /** What differs between a checkpoint's identity and this run's: {@code name checkpoint-value, here value}. */
    static String differences(String stored, String current) {
        String[] a = stored.split(" ");
        String[] b = current.split(" ");
        if (a.length != b.length) {
            // another version of cgflow-md wrote it, with other fields in its identity (e.g. before the start frame was
            // one): name them rather than print two long lines to compare
            List<String> there = names(a);
            List<String> here = names(b);
            List<String> onlyHere = new ArrayList<>(here);
            onlyHere.removeAll(there);
            List<String> onlyThere = new ArrayList<>(there);
            onlyThere.removeAll(here);
            return "a checkpoint of another version of cgflow-md" + (onlyHere.isEmpty() ? ""
                : ", which did not record " + String.join(", ", onlyHere)) + (onlyThere.isEmpty() ? ""
                : ", with " + String.join(", ", onlyThere) + " that this version does not record");
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < a.length; k++) {
            if (!a[k].equals(b[k])) {
                int eq = a[k].indexOf('=');
                String name = eq < 0 ? "integrator" : a[k].substring(0, eq);
                String why = name.equals("force-field") ? " (the potential file, its tables or the model changed)"
                    : name.equals("types") ? " (the start file's bead types changed)"
                    : name.equals("start") ? " (another start file or --frame: positions or box differ)" : "";
                out.add(name + " " + a[k].substring(eq + 1) + " there, " + b[k].substring(b[k].indexOf('=') + 1)
                    + " here" + why);
            }
        }
        return String.join(", ", out);
    }

    /** The field names of an identity: {@code integrator}, then the part before each {@code =}. */
    private static List<String> names(String[] fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            int eq = f.indexOf('=');
            out.add(eq < 0 ? "integrator" : f.substring(0, eq));
        }
        return out;
    }

    /** The first 16 hex digits of the SHA-256 over the force field's files: the model, or the potential and its tables. */
    private static String forceFieldDigest(MdRequest r, PotentialFile.Contents pot) {
        List<Path> files = new ArrayList<>();
        files.add(r.forceField());
        if (pot != null) {
            files.addAll(pot.tables());
        }
        StringBuilder all = new StringBuilder();
        for (Path f : files) {
            all.append(Provenance.sha256(f)).append('\n');
        }
        return digest(all.toString());
    }

    /** The first 16 hex digits of the SHA-256 of the bead types in bead order. */
    private static String typesDigest(CgTopology top) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < top.size(); i++) {
            all.append(top.types().get(top.typeOf(i))).append('\n');
        }
        return digest(all.toString());
    }

    /**
     * The first 16 hex digits of the SHA-256 of the start frame's box and positions (their bits): a checkpoint
     * continued from another start would be presented, in the trajectory's provenance, as that start's run.
     */
    private static String startDigest(StartFile start) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * (9 + start.positions().length));
        for (double v : start.box().matrix()) {
            bytes.putDouble(v);
        }
        for (double v : start.positions()) {
            bytes.putDouble(v);
        }
        return Provenance.sha256Of(bytes.array()).substring(0, 16);
    }

    private static String digest(String text) {
        return Provenance.sha256Of(text).substring(0, 16);
    }

    public Result run(MdRequest r) {
        long t0 = System.nanoTime();
        MdSettings settings = r.settings();
        if (settings.steps() < 0) {
            throw new InputException("--steps must not be negative, not " + settings.steps());
        }
        PotentialFile.Contents pot = r.model() == null ? PotentialFile.read(r.potential()) : null;
        TrainedModel model = r.model() == null ? null : ModelFile.read(r.model());
        StartFile start = StartFile.read(r.start(), r.frame());
        CgTopology top = pot != null ? pot.apply(start.topology(), r.start()) : withMasses(start.topology(), r);
        if (pot != null) {
            List<String> unused = PotentialFile.unusedBondedEntries(pot, top);
            if (!unused.isEmpty()) {
                progress.println(tool + ": warning: " + r.potential().getFileName() + ": entries for bonded types that "
                    + r.start().getFileName() + " does not have, unused: " + String.join(", ", unused));
            }
        }
        if (top.size() == 1 && (settings.integrator() == Integrator.NVE || settings.integrator() == Integrator.BUSSI)) {
            throw InputException.in(r.start(), "has 1 bead: with its centre of mass at rest, " + settings.integrator()
                .label() + " leaves it no degree of freedom (no temperature); use langevin or mc");
        }
        double cutoff = pot != null ? pot.potential().cutoff() : modelCutoff(model, r);
        double half = 0.5 * new PeriodicCell(start.box()).minWidth();
        if (!(cutoff <= half)) {
            throw InputException.in(r.forceField(), String.format(Locale.ROOT, "the cut-off %.4g nm is longer than half"
                + " the smallest width of the box of %s (%.4g nm)", cutoff, r.start().getFileName(), half));
        }
        double skin = Math.min(settings.skin(), Math.max(0, half - cutoff));
        MdSettings s = new MdSettings(settings.integrator(), settings.temperature(), settings.dt(), settings.steps(),
            settings.seed(), settings.friction(), settings.tau(), settings.outputEvery(), settings.targetAcceptance(),
            settings.equilibration(), skin, settings.forceLimit());
        double[] masses = new double[top.size()];
        for (int i = 0; i < masses.length; i++) {
            masses[i] = top.mass(i);
        }
        // what makes a checkpoint this run's: the Monte Carlo step adaptation (whose default length follows
        // --steps) only for Monte Carlo, so that an MD run continues to more steps from its checkpoint
        boolean mc = s.integrator() == Integrator.MC;
        // and the force field (the potential file and its tables, or the model), the bead types and the start frame, by
        // content: a run continued with another potential or start would join two simulations in one trajectory
        String identity = String.format(Locale.ROOT, "%s beads=%d seed=%d dt=%s T=%s gamma=%s tau=%s every=%d"
            + " acceptance=%s equilibration=%s force-field=%s types=%s start=%s", s.integrator().label(), top.size(), s.seed(),
            s.dt(), s.temperature(), s.integrator() == Integrator.LANGEVIN ? s.friction() : "-",
            s.integrator() == Integrator.BUSSI ? s.tau() : "-", s.outputEvery(), mc ? s.targetAcceptance() : "-",
            mc ? s.equilibration() : "-", forceFieldDigest(r, pot), typesDigest(top), startDigest(start));
        ExecutorService checksums = Executors.newSingleThreadExecutor(Futures.daemon("cgflow-checksum"));
        ExecutorService writer = Executors.newSingleThreadExecutor(Futures.daemon("cgflow-h5md-writer"));
        Forces forces = model != null ? modelForces(model, top, skin, r)
            : KernelForces.supports(pot.potential()) ? new KernelForces(pot.potential(), top, skin, r.threads())
            : new PotentialForces(pot.potential(), top, skin);
        if (model == null && !(forces instanceof KernelForces)) {
            LOG.info("{}: evaluated on one thread; Monte Carlo compares whole-configuration energies",
                pot.potential().name());
        }
        try (OutputTransaction tx = new OutputTransaction(); forces) {
            var provenance = checksums.submit(() -> Provenance.of(tool, version, commandLine,
                List.of(r.start(), r.forceField())));
            Path thermoTemp = tx.stage(r.log());
            Topology beads = beadTopology(top);
            Simulation sim = new Simulation(top, masses, start.box(), start.positions(), s, forces);
            JournalSlot journal = new JournalSlot();
            // THERMO rows go to the staged file as they come (never collected in memory)
            try (java.io.Writer thermo = Files.newBufferedWriter(thermoTemp, StandardCharsets.UTF_8);
                 H5mdShardWriter out = new H5mdShardWriter(r.output(), OptionalInt.empty(), tx, writer, () -> beads, top,
                () -> Futures.await(provenance), new H5mdWriter.Options(0, tool, version, 1)); journal) {
                thermo.write(header(s.integrator()));
                if (r.checkpoint() != null && Files.exists(r.checkpoint())) {
                    Checkpoint c = Checkpoint.read(r.checkpoint());
                    if (!c.identity().equals(identity)) {
                        throw InputException.in(r.checkpoint(), "belongs to another run: " + differences(c.identity(),
                            identity) + "; remove it to start afresh, or continue with the run's own settings");
                    }
                    if (c.state().step() > s.steps()) {
                        throw InputException.in(r.checkpoint(), "is at step " + c.state().step() + ", past --steps "
                            + s.steps());
                    }
                    sim.restore(c.state());
                    // the rows and frames written before the checkpoint, streamed from its journal into the new output
                    journal.value = OutputJournal.resume(OutputJournal.of(r.checkpoint()), c.output(),
                        row -> write(thermo, row, r.log()),
                        f -> out.add(new Frame(f.step(), f.time(), f.box(), f.positions())));
                    LOG.info("continuing from step {} of {}", c.state().step(), r.checkpoint());
                } else if (r.checkpoint() != null) {
                    journal.value = OutputJournal.create(OutputJournal.of(r.checkpoint()));
                    journal.checkpoint = r.checkpoint();
                }
                long firstStep = sim.step();
                long[] last = {System.nanoTime(), 0};
                Simulation.Observer observer = sample -> {
                    String row = row(sample, s.integrator());
                    write(thermo, row, r.log());
                    if (journal.value != null) {
                        journal.value.appendRow(row);
                    }
                    float[] p = new float[sample.positions().length];
                    for (int k = 0; k < p.length; k++) {
                        p[k] = (float) sample.positions()[k];
                    }
                    out.add(new Frame(sample.step(), sample.time(), sample.box(), p));
                    if (journal.value != null) {
                        journal.value.append(new Checkpoint.StoredFrame(sample.step(), sample.time(), sample.box(), p));
                    }
                    long now = System.nanoTime();
                    if (progress != null && now - last[0] > 10_000_000_000L) {
                        if (last[1] == 0) {
                            // a long run's rows can be followed (tail -f) in the staged file, renamed at the end
                            progress.println(tool + ": THERMO rows so far in " + thermoTemp + ", renamed to "
                                + r.log().getFileName() + " when the run ends");
                            last[1] = 1;
                        }
                        last[0] = now;
                        flush(thermo, r.log());
                        progress.println(progressLine(sample.step(), s, firstStep, (now - t0) / 1e9));
                    }
                };
                Runnable checkpoint = r.checkpoint() == null ? null
                    : () -> new Checkpoint(identity, sim.state(), journal.value.sync()).write(r.checkpoint());
                sim.run(observer, r.checkpointEvery(), checkpoint);
                if (checkpoint != null) {
                    checkpoint.run();
                }
                thermo.flush();
                List<Path> files = new ArrayList<>(out.finish());
                files.add(r.log());
                tx.commit();
                double seconds = (System.nanoTime() - t0) / 1e9;
                long steps = sim.step() - firstStep;
                double rate = steps / Math.max(seconds, 1e-9);
                double nsPerDay = rate * s.dt() * 86400 / 1000;
                int n = top.size();
                Gauge.builder("cgflow_md_beads", () -> n).description("beads simulated").register(meters);
                Gauge.builder("cgflow_md_steps", () -> steps).description("MD steps or MC sweeps run").register(meters);
                Gauge.builder("cgflow_md_seconds", () -> seconds).description("wall time of the run loop, s").register(meters);
                Gauge.builder("cgflow_md_steps_per_second", () -> rate).description("steps or sweeps per second")
                    .register(meters);
                Gauge.builder("cgflow_md_ns_per_day", () -> nsPerDay).description("simulated ns per day of wall time")
                    .register(meters);
                if (progress != null) {
                    progress.println(progressLine(sim.step(), s, firstStep, seconds));
                }
                return new Result(files, steps, seconds, n);
            } catch (IOException e) {
                throw new InputException("cannot write " + r.log() + ": " + e.getMessage(), e);
            }
        } finally {
            checksums.shutdownNow();
            writer.shutdownNow();
        }
    }

    private static String progressLine(long step, MdSettings s, long first, double seconds) {
        double rate = (step - first) / Math.max(seconds, 1e-9);
        return String.format(Locale.ROOT, "cgflow-md: step %d of %d (%.1f%%), %.1f steps/s, %.3g ns/day", step,
            s.steps(), 100.0 * step / Math.max(1, s.steps()), rate, rate * s.dt() * 86400 / 1000);
    }

    /** The beads as H5MD particles: bead name, molecule number as residue, bead type as species. */
    static Topology beadTopology(CgTopology cg) {
        List<Atom> atoms = new ArrayList<>(cg.size());
        for (int i = 0; i < cg.size(); i++) {
            atoms.add(new Atom(cg.beadName(i), "", cg.moleculeOf(i) + 1, "", cg.types().get(cg.typeOf(i)), cg.mass(i)));
        }
        return new Topology(atoms);
    }

    /** A THERMO row to the staged log file. */
    private static void flush(java.io.Writer thermo, Path log) {
        try {
            thermo.flush();
        } catch (IOException e) {
            throw new InputException("cannot write " + log + ": " + e.getMessage(), e);
        }
    }

    private static void write(java.io.Writer thermo, String row, Path log) {
        try {
            thermo.write(row);
        } catch (IOException e) {
            throw new InputException("cannot write " + log + ": " + e.getMessage(), e);
        }
    }

    /**
     * The output journal of a checkpointed run, once opened; closed with the run. A journal begun by this run
     * ({@code checkpoint} set) whose checkpoint was never written — the run failed before its first — is deleted:
     * nothing would continue from it.
     */
    private static final class JournalSlot implements AutoCloseable {
        OutputJournal value;
        Path checkpoint;

        @Override
        public void close() {
            if (value == null) {
                return;
            }
            value.close();
            if (checkpoint != null && !Files.exists(checkpoint)) {
                try {
                    Files.deleteIfExists(OutputJournal.of(checkpoint));
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", OutputJournal.of(checkpoint), e.getMessage());
                }
            }
        }
    }
}
