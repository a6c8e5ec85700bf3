package io.cgflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.Grid;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.md.MdSettings;
import io.cgflow.nn.PriorDescription;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.Activation;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.TypePair;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Beads that overlap (soft, penetrable beads: a polymer coil or a cluster of molecules mapped to one bead, g(0) &gt; 0)
 * have no core: no wall of the prior, Gaussians of the descriptor from r = 0, a time step from the PMF's slope rather
 * than from a contact distance, and RDF bins near r = 0, which hold few pairs, weighted by r².
 */
class OverlappingBeadsTest {
    private static final double T = 300;
    private static final double MASS = 40;
    private static final int BEADS = 300;
    private static final double EDGE = 3.6;

    @Test
    void beadsThatOverlapHaveNoCoreNoPriorAndTheFullStep() {
        TrainingState state = idealGas(60);
        double threshold = 0.01;
        double[] contact = TrainSettingsFile.contacts(List.of("S"), List.of(state.reference()), threshold);
        assertEquals(0, contact[0], "g above the threshold within the first 0.05 nm: overlapping, contact 0");
        TrainSettings s = TrainSettingsFile.empty().resolve(List.of(state), contact, BEADS);
        assertEquals(0, s.descriptorMin(), "the Gaussians start at r = 0, where pairs are sampled");
        // the contact rule would give 0.003 × 0.005 nm / √(k_BT/m), below the 0.5 fs floor: 200 times too many steps
        assertEquals(0.005, s.dt(), 1e-12, "g(r) without steep parts: the longest default step");
        double kT = MdSettings.KB * T;
        assertEquals(PriorDescription.NONE, new ModelLayout.Prior(List.of("S"), contact, kT, 1).description(),
            "no wall for beads that overlap");
        // a hard pair beside a soft one keeps its wall, the soft pair has none
        double[] mixed = {0.3, 0.35, 0.35, 0};
        ModelLayout.Prior prior = new ModelLayout.Prior(List.of("A", "S"), mixed, kT, 1);
        assertEquals(List.of("cutoff", "A|A", "A|S"), List.copyOf(prior.description().parameters().keySet()));
        assertEquals(0, prior.energy(1, 1, 1e-3));
        assertTrue(prior.energy(0, 0, 0.25) > 0);

        Observables obs = Observables.of(state, s);
        Observables.Segment rdf = obs.segments().get(0);
        double[] w = obs.weights();
        double full = w[rdf.offset() + rdf.bins() - 1];
        for (int k = 0; k < rdf.bins(); k++) {
            double x = rdf.x(k);
            double expected = full * Math.min(1, Math.pow(x / TrainSettingsFile.OVERLAP, 2));
            assertEquals(expected, w[rdf.offset() + k], 1e-12 * full, "weight of the bin at " + x + " nm");
        }
        assertTrue(rdf.x(0) < 0.03, "the fit starts at the first bin above the threshold: " + rdf.x(0));
    }

    @Test
    void theStepOfSoftBeadsFollowsTheSteepestSlopeOfLnG() {
        // g = exp(−a (0.6 − r)) below 0.6 nm (0.30 at r = 0), 1 beyond: ln g rises with slope a, the PMF by k_BT every 1/a
        double a = 2;
        Grid grid = new Grid(0, 0.01, 150);
        double[] x = new double[150];
        double[] g = new double[150];
        long[] counts = new long[150];
        for (int k = 0; k < 150; k++) {
            x[k] = 0.005 + 0.01 * k;
            g[k] = Math.exp(-a * Math.max(0, 0.6 - x[k]));
            counts[k] = 1000;
        }
        Distribution rdf = new Distribution(Distribution.Kind.RDF, "S-S", "S", "S", grid, x, g, new double[150],
            counts, 1, 0);
        TrainingState state = idealGas(4);
        double[] masses = new double[BEADS];
        java.util.Arrays.fill(masses, MASS);
        TrainingState soft = TrainingState.of(Path.of("soft.h5"), new ReferenceDistributions(
            state.reference().summary(), List.of(rdf), state.reference().provenance()), state.topology(),
            masses, state.box(), new double[3 * BEADS]);
        double kT = MdSettings.KB * T;
        double dt = TrainSettingsFile.overlapTimeStep(List.of(soft), 0.01, kT, MASS);
        double expected = 0.15 / a / Math.sqrt(kT / MASS);
        assertEquals(expected, dt, 1e-9 * expected, "0.15/a over the thermal speed");
        assertEquals(2 * expected, TrainSettingsFile.overlapTimeStep(List.of(soft), 0.01, kT, 4 * MASS), 1e-9,
            "four times the mass, twice the step");
    }

    @Test
    void pairTablesWithThePriorStartAtZeroForOverlappingPairsAndAtHalfTheContactBesideThem() {
        List<String> types = List.of("A", "S");
        RadialG2Settings descriptor = RadialG2Settings.evenlySpaced(types, 0.9, 0, 10, 0.04);
        int inputs = descriptor.length();
        double[] mean = new double[inputs];
        double[] std = new double[inputs];
        java.util.Arrays.fill(std, 1);
        InputScaling scaling = new InputScaling(mean, std);
        // A-A has a core (0.3 nm), S-S overlaps, A-S too
        ModelLayout layout = new ModelLayout(types, descriptor, MlpArchitecture.of(inputs, Activation.TANH),
            List.of(scaling, scaling), new ModelLayout.Prior(types, new double[] {0.3, 0, 0, 0}, MdSettings.KB * T, 1),
            List.of());
        TabulatedPair tables = LinearPairTables.tables(layout, layout.initial(1, new double[0]), true);
        for (TabulatedPair.Entry e : tables.tables()) {
            boolean core = e.types().equals(TypePair.of("A", "A"));
            assertEquals(core ? 0.15 : 0, e.table().start(), 1e-12, e.types() + ": the table's first distance");
            for (double energy : e.table().energies()) {
                assertTrue(Double.isFinite(energy), e.types() + ": the prior diverges at r = 0, not on the table");
            }
        }
    }

    /** Frames of {@link #BEADS} beads placed at random: g = 1 from r = 0 but for sampling noise. */
    private static TrainingState idealGas(int frames) {
        return IdealGas.state(List.of("S"), new int[] {BEADS}, MASS, EDGE, frames, T, 5);
    }
}
