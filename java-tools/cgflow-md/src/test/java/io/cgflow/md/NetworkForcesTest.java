package io.cgflow.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.Exclusions;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.NetworkPotential;
import io.cgflow.nn.PriorDescription;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Single-bead energy changes of the network from cached descriptors equal differences of whole energies. */
class NetworkForcesTest {
    /** A random model of types A and B: G2 from 0.25 nm to {@code cutoff}, tanh networks of the given widths. */
    static TrainedModel model(double cutoff, int gaussians, long seed, int... hidden) {
        return model(List.of("A", "B"), cutoff, gaussians, seed, hidden);
    }

    /** A random model of the given types (see {@link #model(double, int, long, int...)}). */
    static TrainedModel model(List<String> types, double cutoff, int gaussians, long seed, int... hidden) {
        RadialG2Settings settings = RadialG2Settings.evenlySpaced(types, cutoff, 0.25, gaussians,
            0.6 * (cutoff - 0.25) / gaussians + 0.03);
        SplittableRandom random = new SplittableRandom(seed);
        List<BeadNetwork> networks = new ArrayList<>();
        int length = settings.length();
        for (int t = 0; t < types.size(); t++) {
            MlpArchitecture arch = MlpArchitecture.of(length, Activation.TANH, hidden);
            double[] theta = MlpModel.initialised(arch, seed + t).parameters();
            for (int k = 0; k < theta.length; k++) {
                theta[k] += random.nextDouble(-0.3, 0.3);
            }
            double[] mean = new double[length];
            double[] std = new double[length];
            for (int c = 0; c < length; c++) {
                mean[c] = random.nextDouble(0, 1);
                std[c] = random.nextDouble(0.5, 1.5);
            }
            networks.add(new BeadNetwork(types.get(t), arch, new InputScaling(mean, std), theta));
        }
        return new TrainedModel(types, settings, networks, PriorDescription.NONE,
            new Provenance("test", "0", "random model", List.of()));
    }

    /** The orthorhombic or the triclinic box of the whole-configuration tests. */
    private static Box box(String kind) {
        return kind.equals("ortho") ? Box.orthorhombic(2.3, 2.4, 2.5)
            : Box.fromLengthsAndAngles(2.5, 2.4, 2.6, 80, 84, 88);
    }

    /** n beads at random positions in [−1, 3) nm, partly outside the box. */
    private static double[] positions(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[3 * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextDouble(-1, 3);
        }
        return x;
    }

    private static double energy(NetworkPotential p, double[] x, Box box, NeighbourList list) {
        Evaluation out = new Evaluation(x.length / 3, 0);
        p.evaluate(x, box, list, Request.ENERGY, out);
        return out.energy();
    }

    /**
     * Single-bead energy changes equal whole-energy differences over 600 moves, accepted or not: with the moves' full
     * list (ortho, triclinic) and, in a box that leaves it a skin under 0.1 nm ("tight": half-width 0.975 nm, cut-off
     * 0.9 nm), with every bead at the minimum image.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic", "tight"})
    void singleBeadEnergyChangesAreWholeEnergyDifferences(String kind) {
        CgTopology top = KernelForcesTest.chains(40);
        int n = top.size();
        Box box = kind.equals("ortho") ? Box.orthorhombic(2.6, 2.5, 2.4)
            : kind.equals("tight") ? Box.orthorhombic(1.95, 2.0, 2.05)
            : Box.fromLengthsAndAngles(2.7, 2.6, 2.5, 80, 84, 88);
        double skin = kind.equals("tight") ? 0.05 : 0.1;
        SplittableRandom random = new SplittableRandom(kind.hashCode());
        double[] x = new double[3 * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextDouble(0, 2.4);
        }
        TrainedModel model = model(0.9, 6, 5, 16, 8);
        NetworkForces forces = new NetworkForces(model, top, skin);
        assertTrue(forces.hasBeadEnergies());
        NetworkPotential reference = NetworkPotential.of(model, top);
        NeighbourList list = new NeighbourList(n, 0.9, skin, NeighbourList.Kind.HALF, Exclusions.of(top));
        forces.compute(x, box, true);
        double current = energy(reference, x, box, list);
        assertEquals(current, forces.energy(), 1e-12 * Math.abs(current));
        int accepted = 0;
        for (int move = 0; move < 600; move++) {
            int i = random.nextInt(n);
            double size = move % 7 == 0 ? 0.8 : 0.12;
            double ox = x[3 * i];
            double oy = x[3 * i + 1];
            double oz = x[3 * i + 2];
            double tx = ox + random.nextDouble(-size, size);
            double ty = oy + random.nextDouble(-size, size);
            double tz = oz + random.nextDouble(-size, size);
            forces.prepareMove(x, box, i, tx, ty, tz);
            assertEquals(kind.equals("tight"), forces.movesByMinimumImage(), "moves by minimum image");
            double before = forces.beadEnergy(x, box, i);
            x[3 * i] = tx;
            x[3 * i + 1] = ty;
            x[3 * i + 2] = tz;
            double delta = forces.beadEnergy(x, box, i) - before;
            double trial = energy(reference, x, box, list);
            assertEquals(trial - current, delta, 1e-9 * Math.max(1, Math.abs(current)), "move " + move);
            if (random.nextBoolean()) {
                forces.moved(x, box, i);
                current = trial;
                accepted++;
            } else {
                x[3 * i] = ox;
                x[3 * i + 1] = oy;
                x[3 * i + 2] = oz;
            }
            if (move == 300) {
                // an MC run computes whole configurations at output steps; caches start again from there
                forces.compute(x, box, false);
                assertEquals(current, forces.energy(), 1e-9 * Math.abs(current));
            }
        }
        assertTrue(accepted > 200);
        assertEquals(current, forces.cachedEnergy(), 1e-9 * Math.abs(current));
    }

    @Test
    void monteCarloRestoredBetweenOutputsContinuesExactly() {
        int cells = 4;
        int n = 4 * cells * cells * cells;
        CgTopology top = LjSystems.beads(n);
        Box box = LjSystems.box(cells, 0.6);
        TrainedModel model = model(List.of("A"), 0.9, 6, 21, 8);
        MdSettings s = new MdSettings(Integrator.MC, LjSystems.kelvin(1.5), 0.004, 40, 42, 5.0, 0.1, 10, 0.4, 4, 0.08,
            MdSettings.DEFAULT_FORCE_LIMIT);
        List<Sample> whole = new ArrayList<>();
        new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(cells, box), s, new NetworkForces(model, top,
            s.skin())).run(whole::add, 0, null);
        Simulation first = new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(cells, box), s.withSteps(25),
            new NetworkForces(model, top, s.skin()));
        first.run(x -> { }, 0, null);
        Simulation.State saved = first.state();
        List<Sample> rest = new ArrayList<>();
        Simulation second = new Simulation(top, LjSystems.masses(n), box, LjSystems.fcc(cells, box), s,
            new NetworkForces(model, top, s.skin()));
        second.restore(saved);
        second.run(rest::add, 0, null);
        List<Sample> tail = whole.subList(whole.size() - rest.size(), whole.size());
        assertEquals(2, rest.size());
        assertTrue(rest.get(0).acceptance() > 0.05 && rest.get(0).acceptance() < 0.95, "acceptance "
            + rest.get(0).acceptance());
        for (int k = 0; k < rest.size(); k++) {
            assertEquals(tail.get(k).step(), rest.get(k).step());
            org.junit.jupiter.api.Assertions.assertArrayEquals(tail.get(k).positions(), rest.get(k).positions());
            assertEquals(tail.get(k).potential(), rest.get(k).potential());
        }
    }

    @Test
    void runsWithoutDeeplearning4jOnTheClassPath() {
        org.junit.jupiter.api.Assertions.assertThrows(ClassNotFoundException.class,
            () -> Class.forName("org.nd4j.linalg.factory.Nd4j"));
        org.junit.jupiter.api.Assertions.assertThrows(ClassNotFoundException.class,
            () -> Class.forName("org.deeplearning4j.nn.multilayer.MultiLayerNetwork"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ortho", "triclinic"})
    void forcesAreThoseOfTheNetworkPotentialWithTheSameBitsForAnyThreadCount(String kind) {
        CgTopology top = KernelForcesTest.chains(40);
        int n = top.size();
        Box box = box(kind);
        double[] x = positions(n, 3);
        TrainedModel model = model(0.9, 5, 8, 10);
        NetworkPotential reference = NetworkPotential.of(model, top);
        Evaluation out = new Evaluation(n, 0);
        reference.evaluate(x, box, new NeighbourList(n, 0.9, 0.2, NeighbourList.Kind.HALF, Exclusions.of(top)),
            Request.FORCES, out);
        double[] firstForces = null;
        double[] firstVirial = null;
        double firstEnergy = 0;
        for (int threads : new int[] {1, 2, 3}) {
            try (NetworkForces forces = new NetworkForces(model, top, 0.1, threads)) {
                forces.compute(x, box, true);
                assertEquals(out.energy(), forces.energy(), 1e-11 * Math.abs(out.energy()));
                for (int k = 0; k < 3 * n; k++) {
                    assertEquals(out.forces()[k], forces.forces()[k], 1e-9);
                }
                for (int k = 0; k < 9; k++) {
                    assertEquals(out.virial()[k], forces.virial()[k], 1e-9);
                }
                if (threads == 1) {
                    firstForces = forces.forces().clone();
                    firstVirial = forces.virial().clone();
                    firstEnergy = forces.energy();
                } else {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(firstForces, forces.forces(), "bits, " + threads);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(firstVirial, forces.virial(), "bits, " + threads);
                    assertEquals(firstEnergy, forces.energy());
                }
                forces.compute(x, box, false);
                assertEquals(firstEnergy, forces.energy());
            }
        }
    }
}
