package io.cgflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.Activation;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Request;
import io.cgflow.potentials.Term;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The network potential: both backends agree, pairs and exclusions come from the list, types are matched by name. */
class NetworkPotentialTest {
    private static final double CUTOFF = 0.8;
    private static final double SKIN = 0.1;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** {@code n} single-bead molecules of types A and B. */
    static CgTopology beads(int n, long seed) {
        int[] types = TestSystems.types(n, 2, seed);
        int[] molecule = new int[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            molecule[i] = i;
            names[i] = "P";
        }
        return new CgTopology(List.of("A", "B"), types, molecule, names, new double[n], List.of(), List.of(), List.of(),
            Set.of());
    }

    private static Evaluation evaluate(NetworkPotential p, double[] x, Box box, NeighbourList list, Request request) {
        Evaluation out = new Evaluation(x.length / 3, p.parameterCount());
        p.evaluate(x, box, list, request, out);
        return out;
    }

    static Stream<Arguments> architectures() {
        List<Arguments> list = new ArrayList<>();
        List<int[]> shapes = List.of(new int[0], new int[] {1}, new int[] {20}, new int[] {64}, new int[] {20, 20},
            new int[] {64, 64}, new int[] {32, 64, 8}, new int[] {64, 40, 20});
        for (int[] hidden : shapes) {
            for (Activation a : hidden.length == 0 ? List.of(Activation.TANH)
                    : List.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID)) {
                for (String box : List.of("ortho", "triclinic")) {
                    list.add(Arguments.of(a, hidden, box));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("architectures")
    void plainAndDl4jBackendsAgree(Activation activation, int[] hidden, String boxKind) {
        TrainedModel model = TestModels.random(List.of("B", "A"), CUTOFF, 6, activation, hidden.length * 10L + 5, hidden);
        Box box = boxKind.equals("ortho") ? TestSystems.orthorhombic() : TestSystems.triclinic();
        int n = 90;
        CgTopology top = beads(n, 3);
        double[] x = TestSystems.positions(box, n, 4);
        NetworkPotential plain = NetworkPotential.of(model, top);
        NetworkPotential dl4j = NetworkPotential.of(model, top, NetworkPotential.Backend.DL4J);
        assertEquals(NetworkPotential.Backend.PLAIN, plain.backend());
        NeighbourList list = new NeighbourList(n, CUTOFF, SKIN, NeighbourList.Kind.HALF, Exclusions.none(n));
        Evaluation a = evaluate(plain, x, box, list, Request.ALL);
        Evaluation b = evaluate(dl4j, x, box, list, Request.ALL);
        assertEquals(a.energy(Term.NETWORK), a.energy());
        assertEquals(a.energy(), b.energy(), 1e-6 * Math.abs(a.energy()), "energy");
        assertTrue(TestSystems.relativeError(b.forces(), a.forces(), 1e-9) < 1e-6, "forces");
        assertTrue(TestSystems.relativeError(b.virial(), a.virial(), 1e-9) < 1e-6, "virial");
        assertTrue(TestSystems.relativeError(b.parameterGradient(), a.parameterGradient(), 1e-9) < 1e-6, "∂E/∂θ");
        double[] theta = plain.parameters();
        assertEquals(theta.length, dl4j.parameters().length);
        assertTrue(TestSystems.relativeError(dl4j.parameters(), theta, 1e-12) < 1e-12, "same θ");
        assertEquals(model.networks().get(0).parameters().length, plain.parameterOffset(1), "θ: type B first");
    }

    @Test
    void energyAndForcesAreThoseOfTheModelOnEveryPairWithinTheCutoff() {
        TrainedModel model = TestModels.random(List.of("A", "B"), CUTOFF, 5, Activation.TANH, 9, 12, 7);
        Box box = TestSystems.triclinic();
        int n = 70;
        CgTopology top = beads(n, 5);
        double[] x = TestSystems.positions(box, n, 6);
        NetworkPotential p = NetworkPotential.of(model, top);
        // a list that reaches past the model's cut-off: the extra pairs must not count
        NeighbourList list = new NeighbourList(n, 0.85, SKIN, NeighbourList.Kind.HALF, Exclusions.none(n));
        Evaluation out = evaluate(p, x, box, list, Request.FORCES);
        PairList pairs = TestSystems.pairs(box, x, CUTOFF);
        double[] f = new double[3 * n];
        double e = model.plainEnergy().energyAndForces(pairs, top.typeIndices(), f, null);
        assertEquals(e, out.energy(), 1e-10 * Math.abs(e));
        assertTrue(TestSystems.relativeError(out.forces(), f, 1e-9) < 1e-10);
    }

    @Test
    void excludedPairsOfTheListStayOutOfTheDescriptors() {
        TrainedModel model = TestModels.random(List.of("A", "B"), CUTOFF, 5, Activation.TANH, 11, 6);
        Box box = TestSystems.orthorhombic();
        int n = 40;
        CgTopology single = beads(n, 7);
        // pairs of consecutive beads form molecules; each pair is excluded
        int[] molecule = new int[n];
        List<CgTopology.Bonded> bonds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            molecule[i] = i / 2;
            if (i % 2 == 1) {
                bonds.add(new CgTopology.Bonded("b", new int[] {i - 1, i}));
            }
        }
        String[] names = new String[n];
        java.util.Arrays.fill(names, "P");
        CgTopology dimers = new CgTopology(List.of("A", "B"), single.typeIndices(), molecule, names, new double[n],
            bonds, List.of(), List.of(), CgTopology.bondedExclusions(bonds, List.of()));
        double[] x = TestSystems.positions(box, n, 8);
        for (int i = 1; i < n; i += 2) {
            for (int d = 0; d < 3; d++) {
                x[3 * i + d] = x[3 * (i - 1) + d] + 0.2 + 0.05 * d;
            }
        }
        NetworkPotential p = NetworkPotential.of(model, dimers);
        double excluded = evaluate(p, x, box, new NeighbourList(n, CUTOFF, SKIN, NeighbourList.Kind.HALF,
            Exclusions.of(dimers)), Request.ENERGY).energy();
        double all = evaluate(p, x, box, new NeighbourList(n, CUTOFF, SKIN, NeighbourList.Kind.HALF,
            Exclusions.none(n)), Request.ENERGY).energy();
        PairList pairs = TestSystems.pairs(box, x, CUTOFF);
        int kept = 0;
        for (int k = 0; k < pairs.size(); k++) {
            if (!dimers.excluded(pairs.i()[k], pairs.j()[k])) {
                pairs.i()[kept] = pairs.i()[k];
                pairs.j()[kept] = pairs.j()[k];
                pairs.dx()[kept] = pairs.dx()[k];
                pairs.dy()[kept] = pairs.dy()[k];
                pairs.dz()[kept] = pairs.dz()[k];
                kept++;
            }
        }
        assertEquals(n / 2, pairs.size() - kept);
        PairList nonBonded = new PairList(n, kept, pairs.i(), pairs.j(), pairs.dx(), pairs.dy(), pairs.dz());
        double expected = model.plainEnergy().energy(nonBonded, dimers.typeIndices());
        assertEquals(expected, excluded, 1e-10 * Math.abs(expected));
        assertNotEquals(all, excluded, 1e-6 * Math.abs(all));
    }

    @Test
    void loadsFromAModelFileAndNamesAnUnknownTypeAndTheFile(@TempDir Path dir) {
        TrainedModel model = TestModels.random(List.of("A", "B"), CUTOFF, 4, Activation.TANH, 13, 5);
        Path file = dir.resolve("model.h5");
        ModelFile.write(file, model);
        CgTopology top = beads(30, 9);
        Box box = TestSystems.orthorhombic();
        double[] x = TestSystems.positions(box, 30, 10);
        NeighbourList list = new NeighbourList(30, CUTOFF, SKIN, NeighbourList.Kind.HALF, Exclusions.none(30));
        NetworkPotential loaded = NetworkPotential.load(file, top);
        assertEquals(List.of("A", "B"), loaded.beadTypes());
        assertEquals(CUTOFF, loaded.modelCutoff());
        assertEquals(evaluate(NetworkPotential.of(model, top), x, box, list, Request.ENERGY).energy(),
            evaluate(loaded, x, box, list, Request.ENERGY).energy());

        int[] types = new int[30];
        types[4] = 2;
        CgTopology other = new CgTopology(List.of("A", "B", "Cx"), types, top.moleculeIndices(), new String[30],
            new double[30], List.of(), List.of(), List.of(), Set.of());
        InputException e = assertThrows(InputException.class, () -> NetworkPotential.load(file, other));
        assertTrue(e.getMessage().contains("Cx") && e.getMessage().contains(file.toString()), e.getMessage());
        // a type no bead has is no error
        types[4] = 0;
        NetworkPotential.load(file, new CgTopology(List.of("A", "B", "Cx"), types, top.moleculeIndices(),
            new String[30], new double[30], List.of(), List.of(), List.of(), Set.of()));
    }

    @Test
    void refusesAListShorterThanTheModel() {
        TrainedModel model = TestModels.random(List.of("A", "B"), CUTOFF, 4, Activation.TANH, 15, 5);
        CgTopology top = beads(20, 11);
        NetworkPotential p = NetworkPotential.of(model, top);
        NeighbourList list = new NeighbourList(20, 0.7, SKIN, NeighbourList.Kind.HALF, Exclusions.none(20));
        Box box = TestSystems.orthorhombic();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> evaluate(p, TestSystems.positions(box, 20, 1), box, list, Request.ENERGY));
        assertTrue(e.getMessage().contains("shorter"), e.getMessage());
    }
}
