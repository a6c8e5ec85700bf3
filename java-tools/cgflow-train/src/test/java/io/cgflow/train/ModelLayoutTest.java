package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.DistributionSettings;
import io.cgflow.analysis.ReferenceAccumulator;
import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.md.MdSettings;
import io.cgflow.md.Rng;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trainable bonded tables of a layout, as the trainer lays them out (Trainer.bondedTables). */
class ModelLayoutTest {
    @Test
    void dihedralTablesArePeriodicOverTheFullTurnBondAndAngleTablesNatural() {
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(List.of("A"), 0.9, 0.3, 12, 0.05);
        MlpArchitecture arch = MlpArchitecture.of(12, Activation.TANH, 8);
        boolean[] all36 = new boolean[36];
        java.util.Arrays.fill(all36, true);
        List<ModelLayout.BondedSpec> bonded = List.of(
            new ModelLayout.BondedSpec(BondedKind.BOND, "A-A", 0.3, 0.01, 11, new boolean[11]),
            new ModelLayout.BondedSpec(BondedKind.ANGLE, "A-A-A", 90, 9, 11, new boolean[11]),
            // as Trainer.bondedTables lays out every dihedral: 36 knots from -180 degrees, 10 degrees apart
            new ModelLayout.BondedSpec(BondedKind.DIHEDRAL, "A-A-A-A", -180, 10, 36, all36));
        ModelLayout layout = new ModelLayout(List.of("A"), descriptor, arch, List.of(InputScaling.identity(12)),
            new ModelLayout.Prior(List.of("A"), new double[] {0.3}, MdSettings.KB * 300, 1), bonded);
        double[] theta = layout.initial(1, new double[11 + 11 + 36]);
        List<BondedTable> tables = layout.bondedTables(theta);
        assertEquals(Table.Boundary.NATURAL, tables.get(0).table().boundary());
        assertEquals(Table.Boundary.NATURAL, tables.get(1).table().boundary());
        Table dihedral = tables.get(2).table();
        assertEquals(Table.Boundary.PERIODIC, dihedral.boundary(), "a dihedral table wraps around");
        assertEquals(360.0, dihedral.size() * dihedral.step(), 1e-9);
        // the model of θ (what the trainer writes and samples with) builds; before, a dihedral failed here with
        // "dihedral table ... must be periodic with its points covering 360 degrees"
        assertEquals(3, layout.model(theta, new io.cgflow.core.Provenance("test", "0", "test", List.of()))
            .bonded().size());
        assertEquals(3, layout.bondedDefinitions(theta).size(), "one bond, one angle and one dihedral definition");
        // the pair stage moves the carrier unit's first-layer weights and the bonded knots that are trained
        boolean[] trainable = layout.trainable();
        boolean[] pair = layout.pairStageTrainable();
        for (int q = 0; q < pair.length; q++) {
            boolean expected = q < arch.weightOffset(0) + 12 || q >= layout.networkParameters() && trainable[q];
            assertEquals(expected, pair[q], "parameter " + q);
        }
    }

    /**
     * Two beads whose distances fill 0.45–0.60 and 0.95–1.10 nm: Gaussians below the contact and in the gap see no
     * pair and their first-layer weights are held; every other network parameter is trained.
     */
    @Test
    void networkInputsWithoutReferenceDataAreHeld() {
        CgTopology top = new CgTopology(List.of("A"), new int[] {0, 0}, new int[] {0, 1}, new String[] {"A", "A"},
            new double[] {20, 20}, List.of(), List.of(), List.of(), Set.of());
        Box box = Box.orthorhombic(3, 3, 3);
        ReferenceAccumulator acc = new ReferenceAccumulator(top, new DistributionSettings(1.2, 0.01, 1.0, 0.001, 1, 2),
            1, 2000);
        Rng rng = new Rng(3, 1);
        for (int f = 0; f < 2000; f++) {
            double u = rng.nextDouble();
            double r = u < 0.5 ? 0.45 + 0.3 * u : 0.95 + 0.3 * (u - 0.5);
            acc.accept(f, new float[] {0.1f, 0.1f, 0.1f, (float) (0.1 + r), 0.1f, 0.1f}, box);
        }
        TrainingState state = TrainingState.of(Path.of("gap.h5"), acc.result(300, Double.NaN,
            new Provenance("test", "0", "test", List.of())), top, new double[] {20, 20}, box,
            new double[] {0.1, 0.1, 0.1, 0.6, 0.1, 0.1});
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(List.of("A"), 1.2, 0.1, 22, 0.03);
        List<boolean[]> supported = ModelLayout.supportedInputs(List.of("A"), descriptor, List.of(state),
            Trainer.INPUT_SUPPORT, 0);
        double[] centres = descriptor.centres();
        for (int m = 0; m < centres.length; m++) {
            double c = centres[m];
            if (c < 0.3 || c > 0.74 && c < 0.81) {
                assertTrue(!supported.get(0)[m], "no pair reaches the Gaussian at " + c + " nm");
            }
            if (c >= 0.45 && c <= 0.6 || c >= 0.95 && c <= 1.1) {
                assertTrue(supported.get(0)[m], "pairs fill the Gaussian at " + c + " nm");
            }
        }
        int unsupported = 0;
        for (boolean b : supported.get(0)) {
            unsupported += b ? 0 : 1;
        }
        MlpArchitecture arch = MlpArchitecture.of(22, Activation.TANH, 4);
        ModelLayout layout = new ModelLayout(List.of("A"), descriptor, arch,
            ModelLayout.scalings(List.of("A"), descriptor, List.of(state)),
            new ModelLayout.Prior(List.of("A"), new double[] {0.45}, MdSettings.KB * 300, 1), List.of(), supported);
        boolean[] trainable = layout.trainable();
        int held = 0;
        for (int q = 0; q < trainable.length; q++) {
            boolean firstLayerWeight = q < arch.biasOffset(0);
            boolean expected = !firstLayerWeight || supported.get(0)[q % 22];
            assertEquals(expected, trainable[q], "parameter " + q);
            held += trainable[q] ? 0 : 1;
        }
        assertEquals(4 * unsupported, held, "each unsupported input holds its weight into every hidden unit");
        assertTrue(unsupported >= 6, "Gaussians below 0.3 nm and in the gap: " + unsupported);
        boolean[] pair = layout.pairStageTrainable();
        for (int q = 0; q < pair.length; q++) {
            assertEquals(q < 22 && supported.get(0)[q], pair[q], "pair stage, parameter " + q);
        }
    }

    /**
     * 15 B beads among 1000 (an ideal gas, g = 1 everywhere): the B–B Gaussians at short range see fewer than half a
     * pair a frame and are held, the A–A ones at the same distance see hundreds and are trained; without the rule
     * (minPairs 0) the B–B one is trained as well.
     */
    @Test
    void inputsThatTooFewSampledPairsReachAreHeld() {
        List<String> types = List.of("A", "B");
        TrainingState state = IdealGas.state(types, new int[] {985, 15}, 40, 3.0, 8, 300, 5);
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(types, 1.0, 0.1, 20, 0.03);
        int m = descriptor.gaussians();
        List<boolean[]> supported = ModelLayout.supportedInputs(types, descriptor, List.of(state),
            Trainer.INPUT_SUPPORT, ModelLayout.MIN_PAIRS_PER_FRAME);
        assertTrue(supported.get(0)[0], "A-A at 0.1 nm: hundreds of pairs a frame");
        assertTrue(!supported.get(1)[m], "B-B at 0.1 nm: 0.08 pairs a frame");
        boolean anyBb = false;
        for (int c = m; c < 2 * m; c++) {
            anyBb |= supported.get(1)[c];
        }
        assertTrue(anyBb, "B-B further out, where the shells hold more pairs");
        List<boolean[]> all = ModelLayout.supportedInputs(types, descriptor, List.of(state), Trainer.INPUT_SUPPORT, 0);
        assertTrue(all.get(1)[m], "B-B at 0.1 nm without the rule");
    }
}
