package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.analysis.ReferenceAccumulator;
import io.cgflow.cli.ToolLauncher;
import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.io.h5md.H5mdReader;
import io.cgflow.nn.NetworkEnergy;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.TableSpline;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PMF pretraining on a system with few beads of a type, as one peptide or a small lipid patch has: Lennard-Jones
 * argon (the mapped test-data trajectory) with every 50th of its 500 beads typed B, so that the B beads of a start
 * configuration (10) are far fewer than a linear network's inputs (2 × the Gaussians + 1). With the default descriptor
 * the linear networks must still reproduce the PMF as a pair potential and sample without blowing up, and a network
 * with hidden layers must give B beads the PMF energies in configurations it was not fitted on. The fits to the beads
 * of the start configuration that pretraining did before fail both: B-B 1.8 k_BT RMS from the PMF (linear), B beads
 * 1.7 kJ/mol RMS from their PMF energies in other frames, whose spread is 0.44 kJ/mol (hidden layers, tanh).
 */
class PretrainingTest {
    private static final double T = 94.4;
    private static final int EVERY = 50;

    @TempDir
    static Path shared;
    /** The mapped argon frames with A/B types. */
    static CgTopology topology;
    static List<Frame> frames;
    static Path reference;

    @BeforeAll
    static void twoTypeArgon() throws Exception {
        Path cg = shared.resolve("lj-cg.h5");
        ArgonReference.make(shared, 200, shared.resolve("lj-ref.h5"), cg);
        frames = new ArrayList<>();
        CgTopology one;
        try (H5mdReader reader = new H5mdReader(cg)) {
            one = reader.cgTopology();
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                frames.add(f);
            }
        }
        int n = one.size();
        int[] typeOf = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        for (int i = 0; i < n; i++) {
            typeOf[i] = i % EVERY == 0 ? 1 : 0;
            names[i] = typeOf[i] == 1 ? "B" : "A";
            masses[i] = one.mass(i);
        }
        topology = new CgTopology(List.of("A", "B"), typeOf, one.moleculeIndices(), names, masses, List.of(),
            List.of(), List.of(), Set.of());
        ReferenceAccumulator acc = new ReferenceAccumulator(topology, new DistributionSettings(1.2,
            DistributionSettings.DEFAULT_RDF_BIN, 1.0, 0.001, 1, 2), 1, frames.size());
        for (int f = 0; f < frames.size(); f++) {
            acc.accept(f, frames.get(f).positions(), frames.get(f).box());
        }
        reference = shared.resolve("ab-ref.h5");
        DistributionsFile.write(reference, acc.result(T, new Provenance("test", "0", "test", List.of())));
    }

    /** The run's setup (layout and settings) with the defaults except {@code settings} (YAML lines). */
    static Trainer.Setup setup(Path dir, String settings) throws Exception {
        Path yaml = dir.resolve("settings.yaml");
        Files.writeString(yaml, settings);
        return Trainer.setup(new TrainRequest(List.of(reference), List.of(), dir.resolve("m.h5"),
            dir.resolve("m.train.tsv"), yaml, null, null, null, 0, 1, 1, null));
    }

    @Test
    void fewBeadsOfATypeGetTheLinearPmfAsPairPotentialAndSample(@TempDir Path dir) throws Exception {
        Trainer.Setup setup = setup(dir, "hidden: linear\nframes: 4\nframe-interval: 10\nequilibration: 25\n");
        ModelLayout layout = setup.layout();
        TrainingState state = mapped(setup);
        List<TrainingState> states = List.of(state);
        int length = layout.descriptor().length();
        assertEquals(10, state.topology().typeCounts()[1], "B beads of the start configuration");
        assertTrue(10 < length + 1, "the configuration-space fit of B would be underdetermined: " + length);
        double[] theta = Pretraining.run(layout, states, setup.settings(), layout.initial(1, setup.initialBonded()));

        // the network's pair energy (two beads, as cgflow-model pair-energy computes it) against the PMF target
        NetworkEnergy network = layout.model(theta, null).plainEnergy();
        Pretraining.Pmf[] pmf = Pretraining.pmfTables(layout, state, setup.settings());
        double kT = 1 / state.beta();
        double rc = layout.descriptor().cutoff();
        TabulatedPair tables = LinearPairTables.tables(layout, theta, false);
        List<String> wrong = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            for (int b = a; b < 2; b++) {
                double contact = layout.prior().contact()[a * 2 + b];
                TypePair key = TypePair.of(layout.types().get(a), layout.types().get(b));
                TableSpline table = new TableSpline(tables.tables().stream().filter(e -> e.types().equals(key))
                    .findFirst().orElseThrow().table());
                double sum = 0;
                double worst = 0;
                int count = 0;
                for (double r = contact; r < rc; r += 0.005) {
                    double u = pairEnergy(network, a, b, r);
                    double t = pmf[a * 2 + b].at(r, rc);
                    sum += (u - t) * (u - t);
                    worst = Math.max(worst, Math.abs(u - t));
                    count++;
                    assertEquals(u, table.value(r), 1e-4 * kT, "the trainer's pair tables of the network at " + r);
                }
                double rms = Math.sqrt(sum / count) / kT;
                String pair = layout.types().get(a) + "-" + layout.types().get(b);
                if (!(rms < 0.1 && worst / kT < 0.5)) {
                    wrong.add(String.format(Locale.ROOT, "%s: RMS deviation from the PMF %.3g k_BT, largest %.3g k_BT",
                        pair, rms, worst / kT));
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("; ", wrong));
        // an isolated bead has energy zero: the network's energy is the sum of its pair energies
        for (int t = 0; t < 2; t++) {
            double alone = network.energy(new PairList(1, 0, new int[0], new int[0], new double[0], new double[0],
                new double[0]), new int[] {t});
            assertEquals(0, alone, 1e-9 * kT, "isolated bead of type " + layout.types().get(t));
        }
        // and it samples: a round of Langevin MD with the network itself does not blow up
        List<Sampler.Frame> sampled = Sampler.sample(layout.model(theta, null), state,
            new Sampler.Replica(0, 0, 1), setup.settings());
        assertEquals(4, sampled.size());
    }

    /**
     * One bead of a type (one solute molecule, one nanoparticle): its reference has no RDF of the type with itself.
     * The run trains the pairs it has data for, keeps the pair it has none for at zero beyond the prior, and ends with
     * a model; it stopped with an internal error before.
     */
    @Test
    void aTypeWithASingleBeadTrainsWithoutItsSelfRdf(@TempDir Path dir) throws Exception {
        int n = topology.size();
        int[] typeOf = new int[n];
        String[] names = new String[n];
        double[] masses = new double[n];
        for (int i = 0; i < n; i++) {
            typeOf[i] = i == 0 ? 1 : 0;
            names[i] = typeOf[i] == 1 ? "B" : "A";
            masses[i] = topology.mass(i);
        }
        CgTopology single = new CgTopology(List.of("A", "B"), typeOf, topology.moleculeIndices(), names, masses,
            List.of(), List.of(), List.of(), Set.of());
        ReferenceAccumulator acc = new ReferenceAccumulator(single, new DistributionSettings(1.2,
            DistributionSettings.DEFAULT_RDF_BIN, 1.0, 0.001, 1, 2), 1, frames.size());
        for (int f = 0; f < frames.size(); f++) {
            acc.accept(f, frames.get(f).positions(), frames.get(f).box());
        }
        Path ref = dir.resolve("one-b-ref.h5");
        DistributionsFile.write(ref, acc.result(T, new Provenance("test", "0", "test", List.of())));
        ReferenceDistributions d = DistributionsFile.read(ref);
        assertTrue(d.rdf("B", "B").isEmpty() && d.rdf("A", "B").isPresent(), "RDFs A-A and A-B only");
        Path yaml = dir.resolve("settings.yaml");
        Files.writeString(yaml, "hidden: linear\nframes: 4\nframe-interval: 10\nequilibration: 25\n");
        Path model = dir.resolve("m.h5");
        ToolLauncher.Outcome o = ToolLauncher.capture(new TrainCommand(), "-i", ref.toString(), "-o", model.toString(),
            "--settings", yaml.toString(), "--max-iterations", "1", "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        List<String> log = Files.readAllLines(dir.resolve("m.train.tsv"));
        assertTrue(log.get(0).contains("rms:one-b-ref:rdf:A-B") && !log.get(0).contains("rdf:B-B"), log.get(0));
        NetworkEnergy network = ModelFile.read(model).plainEnergy();
        for (double r = 0.3; r < 0.9; r += 0.05) {
            assertEquals(0, pairEnergy(network, 1, 1, r), 1e-12, "B-B has no data: no network energy at " + r);
        }
        assertTrue(pairEnergy(network, 0, 1, 0.38) < -0.1, "A-B is fitted: its well at 0.38 nm");

        // beside a state without B (the pure solvent): one model of types A and B for both
        Path pure = dir.resolve("pure-ref.h5");
        ReferenceAccumulator all = new ReferenceAccumulator(new CgTopology(List.of("A"), new int[n],
            topology.moleculeIndices(), java.util.Collections.nCopies(n, "A").toArray(new String[0]), masses,
            List.of(), List.of(), List.of(), Set.of()), new DistributionSettings(1.2,
            DistributionSettings.DEFAULT_RDF_BIN, 1.0, 0.001, 1, 2), 1, frames.size());
        for (int f = 0; f < frames.size(); f++) {
            all.accept(f, frames.get(f).positions(), frames.get(f).box());
        }
        DistributionsFile.write(pure, all.result(T, new Provenance("test", "0", "test", List.of())));
        Path both = dir.resolve("both.h5");
        o = ToolLauncher.capture(new TrainCommand(), "-i", pure.toString(), "-i", ref.toString(), "-o",
            both.toString(), "--settings", yaml.toString(), "--max-iterations", "1", "--threads", "2");
        assertEquals(0, o.exitCode(), o.err());
        assertEquals(List.of("A", "B"), ModelFile.read(both).beadTypes());
        log = Files.readAllLines(dir.resolve("both.train.tsv"));
        assertTrue(log.get(0).contains("rms:pure-ref:rdf:A-A") && log.get(0).contains("rms:one-b-ref:rdf:A-B"),
            log.get(0));
    }

    /** The state of the reference sampled from the first mapped frame (a start file, as the pipeline gives). */
    static TrainingState mapped(Trainer.Setup setup) {
        double[] masses = new double[topology.size()];
        for (int i = 0; i < masses.length; i++) {
            masses[i] = topology.mass(i);
        }
        return TrainingState.of(reference, setup.states().get(0).reference(), topology, masses, frames.get(0).box(),
            toDouble(frames.get(0).positions()));
    }

    /** E(two beads of types a, b at r) − E(apart) of the networks. */
    private static double pairEnergy(NetworkEnergy network, int a, int b, double r) {
        int[] types = {a, b};
        double near = network.energy(new PairList(2, 1, new int[] {0}, new int[] {1}, new double[] {r},
            new double[1], new double[1]), types);
        double apart = network.energy(new PairList(2, 0, new int[] {0}, new int[] {1}, new double[] {r},
            new double[1], new double[1]), types);
        return near - apart;
    }

    /** Per-bead energies of the beads of type {@code type} in the mapped frames 10, 20, … (not the start). */
    private static List<Double> energies(ModelLayout layout, double[] theta, int type) {
        double rc = layout.descriptor().cutoff();
        NetworkPotential net = NetworkPotential.of(layout.model(theta, null), topology);
        NeighbourList list = new NeighbourList(topology.size(), rc, 0, NeighbourList.Kind.HALF,
            Exclusions.of(topology));
        MlpModel model = new MlpModel(layout.architecture(), layout.network(theta, type));
        int length = layout.descriptor().length();
        List<Double> out = new ArrayList<>();
        for (int f = 10; f < frames.size(); f += 10) {
            double[] x = toDouble(frames.get(f).positions());
            list.build(x, frames.get(f).box());
            double[] g = net.descriptors(x, frames.get(f).box(), list);
            for (int i = 0; i < topology.size(); i++) {
                if (topology.typeOf(i) == type) {
                    double[] z = java.util.Arrays.copyOfRange(g, i * length, (i + 1) * length);
                    layout.scalings().get(type).apply(z, 1, z);
                    out.add(model.energy(z));
                }
            }
        }
        return out;
    }

    /** The PMF targets (half the sum of t over the neighbours) of the same beads as {@link #energies}. */
    private static List<Double> targets(ModelLayout layout, TrainingState state, TrainSettings settings, int type) {
        Pretraining.Pmf[] pmf = Pretraining.pmfTables(layout, state, settings);
        double rc = layout.descriptor().cutoff();
        NetworkPotential net = NetworkPotential.of(layout.model(layout.initial(1, new double[0]), null), topology);
        NeighbourList list = new NeighbourList(topology.size(), rc, 0, NeighbourList.Kind.HALF,
            Exclusions.of(topology));
        List<Double> out = new ArrayList<>();
        for (int f = 10; f < frames.size(); f += 10) {
            double[] x = toDouble(frames.get(f).positions());
            list.build(x, frames.get(f).box());
            PairList pairs = net.pairList(x, frames.get(f).box(), list);
            double[] e = new double[topology.size()];
            for (int p = 0; p < pairs.size(); p++) {
                int i = pairs.i()[p];
                int j = pairs.j()[p];
                double v = 0.5 * pmf[topology.typeOf(i) * 2 + topology.typeOf(j)].at(pairs.distance(p), rc);
                e[i] += v;
                e[j] += v;
            }
            for (int i = 0; i < topology.size(); i++) {
                if (topology.typeOf(i) == type) {
                    out.add(e[i]);
                }
            }
        }
        return out;
    }

    private static double rms(List<Double> a, List<Double> b) {
        double sum = 0;
        for (int k = 0; k < a.size(); k++) {
            sum += (a.get(k) - b.get(k)) * (a.get(k) - b.get(k));
        }
        return Math.sqrt(sum / a.size());
    }

    private static double spread(List<Double> a) {
        double mean = a.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return rms(a, java.util.Collections.nCopies(a.size(), mean));
    }

    @Test
    void hiddenLayerNetworksStartAsTheLinearSolutionAndGiveTheRareTypeItsPmfEnergiesElsewhere(@TempDir Path dir)
            throws Exception {
        String rounds = "frames: 4\nframe-interval: 10\nequilibration: 25\n";
        Trainer.Setup linearSetup = setup(Files.createDirectory(dir.resolve("linear")), "hidden: linear\n" + rounds);
        TrainingState state = mapped(linearSetup);
        ModelLayout linearLayout = linearSetup.layout();
        double[] linear = Pretraining.run(linearLayout, List.of(state), linearSetup.settings(),
            linearLayout.initial(1, linearSetup.initialBonded()));
        List<Double> linearB = energies(linearLayout, linear, 1);
        List<Double> targetB = targets(linearLayout, state, linearSetup.settings(), 1);
        double sd = spread(targetB);
        double kT = 1 / state.beta();
        for (String activation : List.of("tanh", "sigmoid", "softplus", "relu")) {
            Trainer.Setup setup = setup(Files.createDirectory(dir.resolve(activation)), "hidden: [8, 8]\nactivation: "
                + activation + "\n" + rounds);
            ModelLayout layout = setup.layout();
            double[] theta = Pretraining.run(layout, List.of(state), setup.settings(),
                layout.initial(1, setup.initialBonded()));
            // the B beads in mapped frames the networks never saw: their PMF energies, as the linear solution has them
            List<Double> b = energies(layout, theta, 1);
            double error = rms(b, targetB);
            assertTrue(error < 0.25 * sd, String.format(Locale.ROOT, "%s: B beads of %d mapped frames: RMS error %.3g"
                + " kJ/mol, spread of the targets %.3g kJ/mol (linear solution: %.3g kJ/mol)", activation,
                targetB.size() / 10, error, sd, rms(linearB, targetB)));
            assertEquals(0, rms(b, linearB), 0.02 * kT, activation + ": the linear solution, B beads");
            assertEquals(0, rms(energies(layout, theta, 0), energies(linearLayout, linear, 0)), 0.02 * kT,
                activation + ": the linear solution, A beads");
            if (activation.equals("tanh")) {
                // and it samples: a round of Langevin MD with the network does not blow up
                assertEquals(4, Sampler.sample(layout.model(theta, null), state, new Sampler.Replica(0, 0, 1),
                    setup.settings()).size());
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
