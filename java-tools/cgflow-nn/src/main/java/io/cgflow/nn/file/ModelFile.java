package io.cgflow.nn.file;

import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.core.topology.TypeNames;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.PriorDescription;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.DescriptorSettings;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes a {@link TrainedModel} as HDF5 (layout in docs/formats.md, "Trained model"). Every number is
 * stored as float64, so a model loads bit for bit into the plain-Java and the Deeplearning4j models on any backend.
 * Reading checks every field and shape and refuses non-finite numbers with an {@link InputException} naming the
 * file and the field.
 */
public final class ModelFile {
    public static final String FORMAT = "cgflow-model";
    public static final int VERSION = 1;

    private ModelFile() {
    }

    /** Writes {@code model} to {@code target} atomically (temporary name, then rename). */
    public static void write(Path target, TrainedModel model) {
        try (OutputTransaction tx = new OutputTransaction()) {
            writeTo(tx.stage(target), model);
            tx.commit();
        }
    }

    /** Writes {@code model} to {@code file} as it is (callers that stage their own outputs use this). */
    public static void writeTo(Path file, TrainedModel model) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("format", FORMAT);
            h5.putAttribute("format_version", VERSION);
            h5.putAttribute("length_unit", TrainedModel.LENGTH_UNIT);
            h5.putAttribute("energy_unit", TrainedModel.ENERGY_UNIT);
            h5.putDataset("bead_types", model.beadTypes().toArray(new String[0]));
            writeDescriptor(h5.putGroup("descriptor"), model.descriptor());
            WritableGroup networks = h5.putGroup("network");
            for (int t = 0; t < model.networks().size(); t++) {
                writeNetwork(networks.putGroup(Integer.toString(t)), model.networks().get(t));
            }
            WritableGroup prior = h5.putGroup("prior");
            prior.putAttribute("kind", model.prior().kind());
            model.prior().parameters().forEach(prior::putDataset);
            if (!model.bonded().isEmpty()) {
                writeBonded(h5.putGroup("bonded"), model.bonded());
            }
            writeProvenance(h5.putGroup("provenance"), model.provenance());
            if (!model.trainingSettings().isEmpty()) {
                h5.putGroup("training").putDataset("settings", new String[] {model.trainingSettings()});
            }
        }
    }

    /** {@code /bonded/<kind>/<k>}: the tables of each kind in the model's order, k = 0, 1, … */
    private static void writeBonded(WritableGroup g, List<BondedTable> tables) {
        for (BondedKind kind : BondedKind.values()) {
            List<BondedTable> ofKind = tables.stream().filter(b -> b.kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            WritableGroup kindGroup = g.putGroup(BondedTable.label(kind));
            for (int k = 0; k < ofKind.size(); k++) {
                BondedTable b = ofKind.get(k);
                Table t = b.table();
                WritableGroup tg = kindGroup.putGroup(Integer.toString(k));
                tg.putAttribute("type", b.type());
                tg.putAttribute("boundary", t.boundary().name().toLowerCase(Locale.ROOT));
                tg.putAttribute("start", t.start());
                tg.putAttribute("step", t.step());
                tg.putAttribute("x_unit", xUnit(kind));
                if (t.boundary() == Table.Boundary.CLAMPED) {
                    tg.putAttribute("start_slope", t.startSlope());
                    tg.putAttribute("end_slope", t.endSlope());
                }
                tg.putDataset("energies", t.energies()).putAttribute("unit", TrainedModel.ENERGY_UNIT);
            }
        }
    }

    /** The unit of a bonded table's x: nm for bonds, degree for angles and dihedrals. */
    private static String xUnit(BondedKind kind) {
        return kind == BondedKind.BOND ? TrainedModel.LENGTH_UNIT : "degree";
    }

    private static void writeDescriptor(WritableGroup g, DescriptorSettings settings) {
        if (!(settings instanceof RadialG2Settings s)) {
            throw new IllegalArgumentException("no file layout for descriptor kind " + settings.kind());
        }
        g.putAttribute("kind", s.kind());
        g.putAttribute("cutoff", s.cutoff());
        g.putDataset("neighbour_types", s.neighbourTypes().toArray(new String[0]));
        g.putDataset("eta", s.eta()).putAttribute("unit", "nm^-2");
        g.putDataset("centres", s.centres()).putAttribute("unit", "nm");
    }

    private static void writeNetwork(WritableGroup g, BeadNetwork n) {
        MlpArchitecture a = n.architecture();
        double[] theta = n.parameters();
        g.putAttribute("bead_type", n.beadType());
        g.putAttribute("layers", a.layers());
        g.putDataset("input_mean", n.scaling().mean());
        g.putDataset("input_std", n.scaling().std());
        for (int l = 0; l < a.layers(); l++) {
            int nIn = a.layerInputs(l);
            int nOut = a.layerOutputs(l);
            double[][] w = new double[nOut][nIn];
            for (int o = 0; o < nOut; o++) {
                System.arraycopy(theta, a.weightOffset(l) + o * nIn, w[o], 0, nIn);
            }
            WritableGroup layer = g.putGroup("layer_" + l);
            layer.putAttribute("activation", a.activation(l).id());
            layer.putDataset("weight", w);
            layer.putDataset("bias", Arrays.copyOfRange(theta, a.biasOffset(l), a.biasOffset(l) + nOut));
        }
    }

    private static void writeProvenance(WritableGroup g, Provenance p) {
        g.putAttribute("tool", p.tool());
        g.putAttribute("version", p.version());
        g.putAttribute("command_line", p.commandLine());
        if (!p.inputs().isEmpty()) {
            g.putDataset("input_files", p.inputs().stream().map(Provenance.InputFile::path).toArray(String[]::new));
            g.putDataset("input_sha256", p.inputs().stream().map(Provenance.InputFile::sha256).toArray(String[]::new));
        }
    }

    /** Reads a model file; a bad file gives an {@link InputException} that names the file and the field. */
    public static TrainedModel read(Path file) {
        InputException.requireFile(file);
        io.cgflow.core.config.Hdf5Files.requireComplete(file);
        try (HdfFile h5 = new HdfFile(file)) {
            return new Reader(file, h5).read();
        } catch (HdfException e) {
            throw InputException.in(file, "not a readable HDF5 model file: " + e.getMessage());
        }
    }

    /** One read of one file: every failure names {@code file} and the field's path. */
    private record Reader(Path file, HdfFile h5) {
        TrainedModel read() {
            if (h5.getAttribute("format") == null) {
                boolean trajectory = h5.getChildren().containsKey("h5md") || h5.getChildren().containsKey("particles");
                throw InputException.in(file, trajectory ? "is an H5MD trajectory, not a cgflow model file (a model is"
                    + " written by cgflow-train -o)" : "is an HDF5 file but not a cgflow model file (no /format"
                    + " attribute \"" + FORMAT + "\")");
            }
            String format = string(h5, "format");
            if (!FORMAT.equals(format)) {
                throw fail("/format", "expected \"" + FORMAT + "\", found \"" + format + "\" (not a cgflow model file)");
            }
            int version = integer(h5, "format_version");
            if (version != VERSION) {
                throw fail("/format_version", "version " + version + " is not supported (this cgflow reads " + VERSION
                    + ")");
            }
            requireUnit("/length_unit", string(h5, "length_unit"), TrainedModel.LENGTH_UNIT);
            requireUnit("/energy_unit", string(h5, "energy_unit"), TrainedModel.ENERGY_UNIT);
            List<String> types = Arrays.asList(strings(h5, "bead_types"));
            for (int t = 0; t < types.size(); t++) {
                TypeNames.require(file, "/bead_types[" + t + "]", "bead type", types.get(t));
            }
            DescriptorSettings descriptor = descriptor(group(h5, "descriptor"), types);
            Group networkGroup = group(h5, "network");
            List<BeadNetwork> networks = new ArrayList<>();
            for (int t = 0; t < types.size(); t++) {
                networks.add(network(group(networkGroup, Integer.toString(t)), types.get(t), descriptor.length()));
            }
            if (networkGroup.getChildren().size() != types.size()) {
                throw fail("/network", networkGroup.getChildren().size() + " networks for " + types.size()
                    + " bead types");
            }
            PriorDescription prior = prior(group(h5, "prior"), types);
            List<BondedTable> bonded = h5.getChildren().containsKey("bonded") ? bonded(group(h5, "bonded"))
                : List.of();
            Provenance provenance = provenance(group(h5, "provenance"));
            try {
                String settings = "";
                if (h5.getChildren().containsKey("training")) {
                    Group training = group(h5, "training");
                    if (training.getChildren().containsKey("settings")
                        && training.getChild("settings") instanceof io.jhdf.api.Dataset d
                        && d.getDataFlat() instanceof String[] text && text.length == 1) {
                        settings = text[0];
                    } else {
                        throw fail("/training/settings", "must be one string");
                    }
                }
                return new TrainedModel(types, descriptor, networks, prior, bonded, provenance, settings);
            } catch (IllegalArgumentException e) {
                throw fail("/", e.getMessage());
            }
        }

        private void requireUnit(String where, String found, String expected) {
            if (!expected.equals(found)) {
                throw fail(where, "expected \"" + expected + "\", found \"" + found + "\"");
            }
        }

        private DescriptorSettings descriptor(Group g, List<String> types) {
            String kind = string(g, "kind");
            if (!RadialG2Settings.KIND.equals(kind)) {
                throw fail(path(g, "kind"), "unknown descriptor kind \"" + kind + "\"");
            }
            double cutoff = number(g, "cutoff");
            List<String> neighbours = Arrays.asList(strings(g, "neighbour_types"));
            if (!neighbours.equals(types)) {
                throw fail(path(g, "neighbour_types"), neighbours + " differ from /bead_types " + types);
            }
            double[] eta = doubles(g, "eta", -1);
            double[] centres = doubles(g, "centres", eta.length);
            try {
                return new RadialG2Settings(neighbours, cutoff, eta, centres);
            } catch (IllegalArgumentException e) {
                throw fail(g.getPath(), e.getMessage());
            }
        }

        private BeadNetwork network(Group g, String type, int inputs) {
            String beadType = string(g, "bead_type");
            if (!beadType.equals(type)) {
                throw fail(path(g, "bead_type"), "\"" + beadType + "\", expected \"" + type + "\" (order of /bead_types)");
            }
            int layers = integer(g, "layers");
            if (layers < 1) {
                throw fail(path(g, "layers"), "need at least one layer, found " + layers);
            }
            double[] mean = doubles(g, "input_mean", inputs);
            double[] std = doubles(g, "input_std", inputs);
            for (int c = 0; c < std.length; c++) {
                if (!(std[c] > 0)) {
                    throw fail(path(g, "input_std"), "component " + c + " is " + std[c] + ", must be positive");
                }
            }
            List<Integer> hidden = new ArrayList<>();
            List<Activation> activations = new ArrayList<>();
            List<double[]> weights = new ArrayList<>();
            List<double[]> biases = new ArrayList<>();
            int nIn = inputs;
            for (int l = 0; l < layers; l++) {
                Group layer = group(g, "layer_" + l);
                String id = string(layer, "activation");
                Activation activation = Activation.byId(id);
                if (activation == null) {
                    throw fail(path(layer, "activation"), "unknown activation \"" + id + "\"; known: "
                        + Arrays.stream(Activation.values()).map(Activation::id).toList());
                }
                Dataset w = dataset(layer, "weight");
                int[] dims = w.getDimensions();
                if (dims.length != 2 || dims[1] != nIn) {
                    throw fail(path(layer, "weight"), "shape " + Arrays.toString(dims) + ", expected [outputs][" + nIn + "]");
                }
                int nOut = dims[0];
                boolean last = l == layers - 1;
                if (last && nOut != 1) {
                    throw fail(path(layer, "weight"), "the last layer must have one output, found " + nOut);
                }
                if (last && activation != Activation.IDENTITY) {
                    throw fail(path(layer, "activation"), "the last layer must be identity, found " + id);
                }
                weights.add(finite(path(layer, "weight"), flat(w, path(layer, "weight"))));
                biases.add(doubles(layer, "bias", nOut));
                if (!last) {
                    hidden.add(nOut);
                    activations.add(activation);
                }
                nIn = nOut;
            }
            MlpArchitecture architecture = new MlpArchitecture(inputs, hidden, activations);
            double[] theta = new double[architecture.parameterCount()];
            for (int l = 0; l < layers; l++) {
                System.arraycopy(weights.get(l), 0, theta, architecture.weightOffset(l), weights.get(l).length);
                System.arraycopy(biases.get(l), 0, theta, architecture.biasOffset(l), biases.get(l).length);
            }
            return new BeadNetwork(type, architecture, new InputScaling(mean, std), theta);
        }

        private PriorDescription prior(Group g, List<String> types) {
            String kind = string(g, "kind");
            Map<String, double[]> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
                parameters.put(e.getKey(), doubles(g, e.getKey(), -1));
            }
            if (kind.isBlank()) {
                throw fail(path(g, "kind"), "empty");
            }
            PriorDescription prior = new PriorDescription(kind, parameters);
            if (kind.equals(PairTablePrior.KIND)) {
                try {
                    var pairs = PairTablePrior.definition(prior).orElseThrow();
                    for (var e : pairs.tables()) {
                        for (String t : List.of(e.types().a(), e.types().b())) {
                            if (!types.contains(t)) {
                                throw fail(path(g, PairTablePrior.key(e.types())), "type " + t + " is not one of"
                                    + " /bead_types " + types);
                            }
                        }
                    }
                } catch (IllegalArgumentException e) {
                    throw fail(g.getPath(), e.getMessage());
                }
            }
            return prior;
        }

        /** {@code /bonded/<kind>/<k>}, kinds bond, angle, dihedral, k = 0 … n−1 in order. */
        private List<BondedTable> bonded(Group g) {
            List<String> labels = Arrays.stream(BondedKind.values()).map(BondedTable::label).toList();
            for (String name : g.getChildren().keySet()) {
                if (!labels.contains(name)) {
                    throw fail(path(g, name), "unknown bonded kind \"" + name + "\"; known: " + labels);
                }
            }
            List<BondedTable> tables = new ArrayList<>();
            for (BondedKind kind : BondedKind.values()) {
                if (!g.getChildren().containsKey(BondedTable.label(kind))) {
                    continue;
                }
                Group kindGroup = group(g, BondedTable.label(kind));
                int count = kindGroup.getChildren().size();
                for (int k = 0; k < count; k++) {
                    tables.add(bondedTable(group(kindGroup, Integer.toString(k)), kind));
                }
            }
            return tables;
        }

        private BondedTable bondedTable(Group g, BondedKind kind) {
            String type = string(g, "type");
            TypeNames.require(file, path(g, "type"), BondedTable.label(kind) + " type", type);
            String boundaryName = string(g, "boundary");
            Table.Boundary boundary = Arrays.stream(Table.Boundary.values())
                .filter(b -> b.name().toLowerCase(Locale.ROOT).equals(boundaryName)).findFirst()
                .orElseThrow(() -> fail(path(g, "boundary"), "unknown boundary \"" + boundaryName
                    + "\"; known: natural, clamped, periodic"));
            requireUnit(path(g, "x_unit"), string(g, "x_unit"), xUnit(kind));
            double start = number(g, "start");
            double step = number(g, "step");
            double[] energies = doubles(g, "energies", -1);
            double startSlope = boundary == Table.Boundary.CLAMPED ? number(g, "start_slope") : 0;
            double endSlope = boundary == Table.Boundary.CLAMPED ? number(g, "end_slope") : 0;
            try {
                return new BondedTable(kind, type, new Table(type, start, step, energies, boundary, startSlope,
                    endSlope));
            } catch (IllegalArgumentException e) {
                throw fail(g.getPath(), e.getMessage());
            }
        }

        private Provenance provenance(Group g) {
            List<Provenance.InputFile> inputs = new ArrayList<>();
            if (g.getChildren().containsKey("input_files")) {
                String[] paths = strings(g, "input_files");
                String[] sums = strings(g, "input_sha256");
                if (sums.length != paths.length) {
                    throw fail(path(g, "input_sha256"), sums.length + " checksums for " + paths.length + " files");
                }
                for (int k = 0; k < paths.length; k++) {
                    inputs.add(new Provenance.InputFile(paths[k], sums[k]));
                }
            }
            return new Provenance(string(g, "tool"), string(g, "version"), string(g, "command_line"), inputs);
        }

        private InputException fail(String where, String problem) {
            return InputException.at(file, where, problem);
        }

        private static String path(Node parent, String name) {
            String p = parent.getPath();
            return (p.endsWith("/") ? p : p + "/") + name;
        }

        private Group group(Group parent, String name) {
            Node n = parent.getChildren().get(name);
            if (!(n instanceof Group g)) {
                throw fail(path(parent, name), n == null ? "missing group" : "not a group");
            }
            return g;
        }

        private Dataset dataset(Group parent, String name) {
            Node n = parent.getChildren().get(name);
            if (!(n instanceof Dataset d)) {
                throw fail(path(parent, name), n == null ? "missing dataset" : "not a dataset");
            }
            return d;
        }

        private double[] flat(Dataset d, String where) {
            Object data = d.getDataFlat();
            if (data instanceof double[] v) {
                return v;
            }
            if (data instanceof float[] f) {
                double[] v = new double[f.length];
                for (int k = 0; k < f.length; k++) {
                    v[k] = f[k];
                }
                return v;
            }
            throw fail(where, "expected floating-point numbers, found " + d.getJavaType().getSimpleName());
        }

        /** A 1-D dataset of {@code length} finite numbers ({@code length} −1: any length ≥ 1). */
        private double[] doubles(Group parent, String name, int length) {
            String where = path(parent, name);
            Dataset d = dataset(parent, name);
            int[] dims = d.getDimensions();
            if (dims.length != 1 || (length >= 0 && dims[0] != length) || dims[0] == 0) {
                throw fail(where, "shape " + Arrays.toString(dims) + ", expected ["
                    + (length >= 0 ? length : "n ≥ 1") + "]");
            }
            return finite(where, flat(d, where));
        }

        private double[] finite(String where, double[] v) {
            for (int k = 0; k < v.length; k++) {
                if (!Double.isFinite(v[k])) {
                    throw fail(where, "element " + k + " is " + v[k]);
                }
            }
            return v;
        }

        private String[] strings(Group parent, String name) {
            Dataset d = dataset(parent, name);
            if (d.getDataFlat() instanceof String[] s && s.length > 0) {
                return s;
            }
            throw fail(path(parent, name), "expected a non-empty list of strings");
        }

        private Object attribute(Node node, String name) {
            Attribute a = node.getAttribute(name);
            if (a == null) {
                throw fail(path(node, name), "missing attribute");
            }
            Object v = a.getData();
            return v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1
                ? java.lang.reflect.Array.get(v, 0) : v;
        }

        private String string(Node node, String name) {
            Object v = attribute(node, name);
            if (v instanceof String s) {
                return s;
            }
            throw fail(path(node, name), "expected a string, found " + v);
        }

        private double number(Node node, String name) {
            Object v = attribute(node, name);
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                return n.doubleValue();
            }
            throw fail(path(node, name), "expected a finite number, found " + v);
        }

        private int integer(Node node, String name) {
            Object v = attribute(node, name);
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                return ((Number) v).intValue();
            }
            throw fail(path(node, name), "expected an integer, found " + v);
        }
    }
}
