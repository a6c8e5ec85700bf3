package io.cgflow.nn.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.NetworkEnergy;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.PriorDescription;
import io.cgflow.nn.TestSystems;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.dl4j.Dl4jMlpModel;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TabulatedBonded;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ModelFileTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static TrainedModel model() {
        List<String> types = List.of("W", "M");
        RadialG2Settings settings = RadialG2Settings.evenlySpaced(types, 0.85, 0.2, 8, 0.04);
        int d = settings.length();
        MlpArchitecture deep = new MlpArchitecture(d, List.of(6, 4), List.of(Activation.SOFTPLUS, Activation.TANH));
        MlpArchitecture linear = MlpArchitecture.of(d, Activation.TANH);
        double[] mean = TestSystems.uniform(d, 0.5, 1);
        double[] std = TestSystems.uniform(d, 0.5, 2);
        for (int c = 0; c < d; c++) {
            mean[c] += 1;
            std[c] += 1;
        }
        BeadNetwork w = new BeadNetwork("W", deep, new InputScaling(mean, std),
            MlpModel.initialised(deep, 3).parameters());
        BeadNetwork m = new BeadNetwork("M", linear, InputScaling.identity(d),
            TestSystems.uniform(linear.parameterCount(), 0.1, 4));
        PriorDescription prior = new PriorDescription("repulsive-power",
            Map.of("epsilon", new double[] {0.5, 0.6, 0.7}, "sigma", new double[] {0.28, 0.3, 0.32}));
        Provenance provenance = new Provenance("cgflow-train", "0.1.0", "cgflow-train -i ref.h5 -o model.h5",
            List.of(new Provenance.InputFile("ref.h5", "ab".repeat(32))));
        return new TrainedModel(types, settings, List.of(w, m), prior, provenance);
    }

    @Test
    void roundTripGivesBitIdenticalPredictions() throws IOException {
        TrainedModel model = model();
        Path file = dir.resolve("model.h5");
        ModelFile.write(file, model);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the finished file is left");
        }
        TrainedModel loaded = ModelFile.read(file);
        assertEquals(model, loaded);
        assertEquals(model.provenance(), loaded.provenance());
        assertEquals(0.85, loaded.cutoff());

        Box box = TestSystems.orthorhombic();
        double[] x = TestSystems.positions(box, 30, 5);
        int[] types = TestSystems.types(30, 2, 6);
        PairList pairs = TestSystems.pairs(box, x, 0.85);
        double[] f1 = new double[90];
        double[] f2 = new double[90];
        double[] w1 = new double[9];
        double[] w2 = new double[9];
        double e1 = model.plainEnergy().energyAndForces(pairs, types, f1, w1);
        double e2 = loaded.plainEnergy().energyAndForces(pairs, types, f2, w2);
        assertEquals(e1, e2, 0);
        assertArrayEquals(f1, f2, 0);
        assertArrayEquals(w1, w2, 0);

        NetworkEnergy before = model.energy(model.networks().stream().map(Dl4jMlpModel::of).toList());
        NetworkEnergy after = loaded.energy(loaded.networks().stream().map(Dl4jMlpModel::of).toList());
        double[] f3 = new double[90];
        double[] f4 = new double[90];
        assertEquals(before.energyAndForces(pairs, types, f3, null), after.energyAndForces(pairs, types, f4, null), 0);
        assertArrayEquals(f3, f4, 0);
        assertEquals(e1, before.energy(pairs, types), 1e-9 * Math.abs(e1), "DL4J and plain Java agree");
    }

    @Test
    void modelWithoutPriorParametersOrInputsRoundTrips() {
        TrainedModel m = model();
        TrainedModel bare = new TrainedModel(m.beadTypes(), m.descriptor(), m.networks(), PriorDescription.NONE,
            new Provenance("t", "v", "c", List.of()));
        Path file = dir.resolve("bare.h5");
        ModelFile.write(file, bare);
        assertEquals(bare, ModelFile.read(file));
    }

    /** Bead types with '-' in their names, a pair-table prior and bond, angle and dihedral tables. */
    static TrainedModel modelWithPriorAndBondedTables() {
        TrainedModel m = model();
        List<String> types = List.of("CH3-a", "CH2");
        RadialG2Settings settings = RadialG2Settings.evenlySpaced(types, 0.85, 0.2, 8, 0.04);
        List<BeadNetwork> networks = List.of(
            new BeadNetwork("CH3-a", m.networks().get(0).architecture(), m.networks().get(0).scaling(),
                m.networks().get(0).parameters()),
            new BeadNetwork("CH2", m.networks().get(1).architecture(), m.networks().get(1).scaling(),
                m.networks().get(1).parameters()));
        PriorDescription prior = PairTablePrior.of(List.of(
            new TabulatedPair.Entry(TypePair.of("CH3-a", "CH3-a"), wall(0.2, 0.01, 0.5)),
            new TabulatedPair.Entry(TypePair.of("CH3-a", "CH2"), wall(0.15, 0.005, 0.5)),
            new TabulatedPair.Entry(TypePair.of("CH2", "CH2"), wall(0.25, 0.02, 0.6))), 0.5);
        double[] bond = new double[21];
        for (int k = 0; k < bond.length; k++) {
            bond[k] = 1000 * Math.pow(0.1 + 0.005 * k - 0.154, 2);
        }
        double[] angle = new double[19];
        for (int k = 0; k < angle.length; k++) {
            angle[k] = 0.01 * Math.pow(10 * k - 114, 2);
        }
        double[] dihedral = new double[36];
        for (int k = 0; k < dihedral.length; k++) {
            dihedral[k] = 2 * (1 + Math.cos(Math.toRadians(-180 + 10 * k)));
        }
        List<BondedTable> bonded = List.of(
            new BondedTable(BondedKind.BOND, "CH3-CH2", Table.natural("b", 0.1, 0.005, bond)),
            new BondedTable(BondedKind.ANGLE, "CH3-CH2-CH3", new Table("a", 0, 10, angle, Table.Boundary.CLAMPED,
                -2.28, 1.32)),
            new BondedTable(BondedKind.DIHEDRAL, "X-CH2-CH2-X", new Table("d", -180, 10, dihedral,
                Table.Boundary.PERIODIC, 0, 0)),
            new BondedTable(BondedKind.BOND, "CH2-CH2", Table.natural("b", 0.12, 0.01, bond)));
        return new TrainedModel(types, settings, networks, prior, bonded, m.provenance());
    }

    /** A repulsive wall from {@code start} to {@code end} nm that reaches 0 at the end. */
    static Table wall(double start, double step, double end) {
        int n = (int) Math.round((end - start) / step) + 1;
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            double r = start + k * step;
            e[k] = 5 * Math.pow(Math.max(0, 0.35 - r) / 0.1, 4);
        }
        return Table.natural("wall", start, step, e);
    }

    @Test
    void priorAndBondedTablesRoundTrip() {
        TrainedModel model = modelWithPriorAndBondedTables();
        Path file = dir.resolve("full.h5");
        ModelFile.write(file, model);
        TrainedModel loaded = ModelFile.read(file);
        assertEquals(model, loaded);
        assertEquals(model.bonded(), loaded.bonded());
        assertEquals(model.prior(), loaded.prior());
        TabulatedPair prior = loaded.priorDefinition().orElseThrow();
        assertEquals(model.priorDefinition().orElseThrow(), prior);
        assertEquals(0.5, prior.cutoff());
        assertEquals(List.of(TypePair.of("CH2", "CH2"), TypePair.of("CH2", "CH3-a"), TypePair.of("CH3-a", "CH3-a")),
            prior.tables().stream().map(TabulatedPair.Entry::types).toList());
        assertEquals(Table.Boundary.NATURAL, prior.tables().get(0).table().boundary());
        var definitions = loaded.bondedDefinitions();
        assertEquals(3, definitions.size());
        TabulatedBonded bonds = (TabulatedBonded) definitions.get(0);
        assertEquals(BondedKind.BOND, bonds.kind());
        assertEquals(List.of("CH3-CH2", "CH2-CH2"), bonds.tables().stream().map(TabulatedBonded.Entry::type).toList());
        assertEquals(BondedKind.ANGLE, ((TabulatedBonded) definitions.get(1)).kind());
        assertEquals(-2.28, ((TabulatedBonded) definitions.get(1)).tables().get(0).table().startSlope());
        assertEquals(BondedKind.DIHEDRAL, ((TabulatedBonded) definitions.get(2)).kind());
        assertEquals(0.85, loaded.cutoff());
    }

    /** A model file cut short (a copy that stopped) is refused with the file named, at any length, never read. */
    @Test
    void truncatedFilesAreRefused() throws IOException {
        Path file = dir.resolve("full.h5");
        ModelFile.write(file, modelWithPriorAndBondedTables());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.h5");
        for (int keep : new int[] {bytes.length - 1, bytes.length - 50, bytes.length - 200, bytes.length / 2, 100}) {
            Files.write(cut, java.util.Arrays.copyOf(bytes, keep));
            InputException e = assertThrows(InputException.class, () -> ModelFile.read(cut), "kept " + keep);
            assertTrue(e.getMessage().contains("cut.h5") && e.getMessage().contains("truncated"), e.getMessage());
        }
        Files.write(cut, java.util.Arrays.copyOf(bytes, 4));
        InputException e = assertThrows(InputException.class, () -> ModelFile.read(cut));
        assertTrue(e.getMessage().contains("not an HDF5 file"), e.getMessage());
    }

    @Test
    void modelsWithoutBondedTablesOrPriorHaveNoDefinitions() {
        TrainedModel m = model();
        assertTrue(m.bondedDefinitions().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, m::priorDefinition);
        assertTrue(e.getMessage().contains("repulsive-power"), e.getMessage());
        TrainedModel bare = new TrainedModel(m.beadTypes(), m.descriptor(), m.networks(), PriorDescription.NONE,
            m.provenance());
        assertTrue(bare.priorDefinition().isEmpty());
        assertEquals(List.of(), bare.bonded());
    }

    @Test
    void pairTablePriorRefusesWhatItCannotStore() {
        Table wall = wall(0.2, 0.01, 0.5);
        assertThrows(IllegalArgumentException.class, () -> PairTablePrior.of(List.of(
            new TabulatedPair.Entry(TypePair.of("A|x", "B"), wall)), 0.5));
        assertThrows(IllegalArgumentException.class, () -> PairTablePrior.of(List.of(
            new TabulatedPair.Entry(TypePair.of("A", "B"), wall)), 0.6), "the table ends before the cut-off");
        assertThrows(IllegalArgumentException.class, () -> PairTablePrior.of(List.of(
            new TabulatedPair.Entry(TypePair.of("A", "B"), new Table("c", 0.2, 0.01, wall.energies(),
                Table.Boundary.CLAMPED, 0, 0))), 0.5));
        assertThrows(IllegalArgumentException.class, () -> PairTablePrior.definition(new PriorDescription(
            PairTablePrior.KIND, Map.of("cutoff", new double[] {0.5}, "AB", new double[] {0.2, 0.1, 1, 2, 3, 4}))));
        TrainedModel m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainedModel(
            m.beadTypes(), m.descriptor(), m.networks(), PairTablePrior.of(List.of(
                new TabulatedPair.Entry(TypePair.of("W", "X"), wall)), 0.5), m.provenance()));
        assertTrue(e.getMessage().contains("X"), e.getMessage());
        Table bond = Table.natural("b", 0.1, 0.01, new double[] {1, 0, 1});
        assertThrows(IllegalArgumentException.class, () -> new TrainedModel(m.beadTypes(), m.descriptor(),
            m.networks(), PriorDescription.NONE, List.of(new BondedTable(BondedKind.BOND, "B", bond),
                new BondedTable(BondedKind.BOND, "B", bond)), m.provenance()));
        assertThrows(IllegalArgumentException.class, () -> new BondedTable(BondedKind.ANGLE, "A",
            Table.natural("a", 100, 10, new double[] {1, 0, 1, 2, 3, 4, 5, 6, 7, 8})), "beyond 180 degrees");
        assertEquals("bond B", new BondedTable(BondedKind.BOND, "B", bond).table().name());
    }

    /** Hand-written files in the documented layout, with one field removed or replaced. */
    static Stream<Arguments> badFiles() {
        Object skip = Layout.SKIP;
        return Stream.of(
            Arguments.of(Map.of("/format", "something-else"), "/format"),
            Arguments.of(Map.of("/format_version", 7), "/format_version"),
            Arguments.of(Map.of("/length_unit", "angstrom"), "/length_unit"),
            Arguments.of(Map.of("/bead_types", skip), "/bead_types"),
            Arguments.of(Map.of("/descriptor/eta", skip), "/descriptor/eta"),
            Arguments.of(Map.of("/descriptor/centres", new double[] {0.3, 0.4}), "/descriptor/centres"),
            Arguments.of(Map.of("/descriptor/cutoff", Double.NaN), "/descriptor/cutoff"),
            Arguments.of(Map.of("/descriptor/kind", "angular-g9"), "/descriptor/kind"),
            Arguments.of(Map.of("/network/1", skip), "/network/1"),
            Arguments.of(Map.of("/network/0/bead_type", "M"), "/network/0/bead_type"),
            Arguments.of(Map.of("/network/0/input_std", new double[] {1, 0}), "/network/0/input_std"),
            Arguments.of(Map.of("/network/0/layer_1/weight", skip), "/network/0/layer_1/weight"),
            Arguments.of(Map.of("/network/0/layer_1/weight", new double[][] {{1, 2}, {3, 4}}),
                "/network/0/layer_1/weight"),
            Arguments.of(Map.of("/network/0/layer_1/bias", new double[] {Double.NaN}), "/network/0/layer_1/bias"),
            Arguments.of(Map.of("/network/0/layer_0/weight", new double[][] {{Double.NaN, 1}, {0, 1}, {1, 1}}),
                "/network/0/layer_0/weight"),
            Arguments.of(Map.of("/network/0/layer_0/activation", "swish"), "/network/0/layer_0/activation"),
            Arguments.of(Map.of("/network/0/layer_1/activation", "tanh"), "/network/0/layer_1/activation"),
            Arguments.of(Map.of("/network/0/layers", 3), "/network/0/layer_2"),
            Arguments.of(Map.of("/prior/kind", skip), "/prior/kind"),
            Arguments.of(Map.of("/prior/kind", "pair-table"), "/prior"),
            Arguments.of(Map.of("/bonded/bond/0/type", skip), "/bonded/bond/0/type"),
            Arguments.of(Map.of("/bonded/bond/0/energies", new double[] {1, Double.NaN, 2}),
                "/bonded/bond/0/energies"),
            Arguments.of(Map.of("/bonded/bond/0/boundary", "periodic"), "/bonded/bond/0"),
            Arguments.of(Map.of("/bonded/bond/0/boundary", "spline"), "/bonded/bond/0/boundary"),
            Arguments.of(Map.of("/bonded/bond/0/boundary", "clamped"), "/bonded/bond/0/start_slope"),
            Arguments.of(Map.of("/bonded/bond/0/x_unit", "angstrom"), "/bonded/bond/0/x_unit"),
            Arguments.of(Map.of("/bonded/bond/0/step", -0.1), "/bonded/bond/0"),
            Arguments.of(Map.of("/provenance", skip), "/provenance"),
            // names that become file names and table rows: the mapping's rules (no path separators, no control
            // characters, not empty)
            Arguments.of(Map.of("/bead_types", new String[] {"A", "../B"}), "/bead_types[1]"),
            Arguments.of(Map.of("/bonded/bond/0/type", "A\nB"), "/bonded/bond/0/type"),
            Arguments.of(Map.of("/bonded/bond/0/type", ""), "/bonded/bond/0/type"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badFilesNameTheFileAndTheField(Map<String, Object> changes, String field) {
        Path file = dir.resolve("bad.h5");
        Layout.write(file, changes);
        InputException e = assertThrows(InputException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(field), "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void handWrittenLayoutIsReadable() {
        Path file = dir.resolve("hand.h5");
        Layout.write(file, Map.of());
        TrainedModel m = ModelFile.read(file);
        assertEquals(List.of("A", "B"), m.beadTypes());
        assertEquals(List.of(3), m.networks().get(0).architecture().hidden());
        assertEquals(1, m.bonded().size());
        assertEquals("A-B", m.bonded().get(0).type());
        assertEquals(0.3, m.bonded().get(0).table().start() + 0.1 * 2, 1e-12);
        Path bare = dir.resolve("bare.h5");
        Layout.write(bare, Map.of("/bonded", Layout.SKIP));
        assertEquals(List.of(), ModelFile.read(bare).bonded(), "a file without /bonded has no bonded tables");
        // W0 = [[1,0],[0,1],[1,1]], b0 = 0, W1 = [1,1,1], b1 = 0.5, identity scaling, linear hidden layer
        assertEquals(1 + 2 + 3 + 0.5, new MlpModel(m.networks().get(0).architecture(),
            m.networks().get(0).parameters()).energy(new double[] {1, 2}), 1e-15);
    }

    @Test
    void notAModelFile() throws IOException {
        Path text = dir.resolve("model.h5");
        Files.writeString(text, "not hdf5");
        InputException e = assertThrows(InputException.class, () -> ModelFile.read(text));
        assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());
        InputException missing = assertThrows(InputException.class, () -> ModelFile.read(dir.resolve("none.h5")));
        assertTrue(missing.getMessage().contains("none.h5"));
    }

    /** Writes the layout of docs/formats.md by hand: two bead types, one Gaussian each, small networks. */
    static final class Layout {
        static final Object SKIP = new Object();

        private final Map<String, Object> changes;

        private Layout(Map<String, Object> changes) {
            this.changes = new HashMap<>(changes);
        }

        static void write(Path file, Map<String, Object> changes) {
            Layout l = new Layout(changes);
            try (WritableHdfFile h5 = HdfFile.write(file)) {
                l.attr(h5, "/", "format", "cgflow-model");
                l.attr(h5, "/", "format_version", 1);
                l.attr(h5, "/", "length_unit", "nm");
                l.attr(h5, "/", "energy_unit", "kJ/mol");
                l.data(h5, "/", "bead_types", new String[] {"A", "B"});
                WritableGroup d = l.group(h5, "/", "descriptor");
                if (d != null) {
                    l.attr(d, "/descriptor/", "kind", "radial-g2");
                    l.attr(d, "/descriptor/", "cutoff", 0.9);
                    l.data(d, "/descriptor/", "neighbour_types", new String[] {"A", "B"});
                    l.data(d, "/descriptor/", "eta", new double[] {100});
                    l.data(d, "/descriptor/", "centres", new double[] {0.3});
                }
                WritableGroup networks = l.group(h5, "/", "network");
                for (int t = 0; t < 2 && networks != null; t++) {
                    String p = "/network/" + t;
                    WritableGroup n = l.group(networks, "/network/", Integer.toString(t));
                    if (n == null) {
                        continue;
                    }
                    l.attr(n, p + "/", "bead_type", t == 0 ? "A" : "B");
                    l.attr(n, p + "/", "layers", 2);
                    l.data(n, p + "/", "input_mean", new double[] {0, 0});
                    l.data(n, p + "/", "input_std", new double[] {1, 1});
                    WritableGroup l0 = l.group(n, p + "/", "layer_0");
                    l.attr(l0, p + "/layer_0/", "activation", "identity");
                    l.data(l0, p + "/layer_0/", "weight", new double[][] {{1, 0}, {0, 1}, {1, 1}});
                    l.data(l0, p + "/layer_0/", "bias", new double[] {0, 0, 0});
                    WritableGroup l1 = l.group(n, p + "/", "layer_1");
                    l.attr(l1, p + "/layer_1/", "activation", "identity");
                    l.data(l1, p + "/layer_1/", "weight", new double[][] {{1, 1, 1}});
                    l.data(l1, p + "/layer_1/", "bias", new double[] {0.5});
                }
                WritableGroup prior = l.group(h5, "/", "prior");
                if (prior != null) {
                    l.attr(prior, "/prior/", "kind", "none");
                }
                WritableGroup bonded = l.group(h5, "/", "bonded");
                if (bonded != null) {
                    WritableGroup b0 = l.group(l.group(bonded, "/bonded/", "bond"), "/bonded/bond/", "0");
                    l.attr(b0, "/bonded/bond/0/", "type", "A-B");
                    l.attr(b0, "/bonded/bond/0/", "boundary", "natural");
                    l.attr(b0, "/bonded/bond/0/", "start", 0.1);
                    l.attr(b0, "/bonded/bond/0/", "step", 0.1);
                    l.attr(b0, "/bonded/bond/0/", "x_unit", "nm");
                    l.data(b0, "/bonded/bond/0/", "energies", new double[] {3, 1, 0, 1, 3});
                }
                WritableGroup prov = l.group(h5, "/", "provenance");
                if (prov != null) {
                    l.attr(prov, "/provenance/", "tool", "hand");
                    l.attr(prov, "/provenance/", "version", "1");
                    l.attr(prov, "/provenance/", "command_line", "by hand");
                }
            }
        }

        private Object value(String path, Object normal) {
            return changes.containsKey(path) ? changes.get(path) : normal;
        }

        private void attr(WritableGroup g, String parent, String name, Object normal) {
            Object v = value(parent + name, normal);
            if (v != SKIP) {
                g.putAttribute(name, v);
            }
        }

        private void data(WritableGroup g, String parent, String name, Object normal) {
            Object v = value(parent + name, normal);
            if (v != SKIP) {
                g.putDataset(name, v);
            }
        }

        private WritableGroup group(WritableGroup g, String parent, String name) {
            return value(parent + name, "") == SKIP ? null : g.putGroup(name);
        }
    }
}
