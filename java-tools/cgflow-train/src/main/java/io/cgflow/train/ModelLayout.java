package io.cgflow.train;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.core.Provenance;
import io.cgflow.nn.BeadNetwork;
import io.cgflow.nn.BondedTable;
import io.cgflow.nn.PairTablePrior;
import io.cgflow.nn.TrainedModel;
import io.cgflow.nn.descriptor.RadialG2Settings;
import io.cgflow.nn.model.InputScaling;
import io.cgflow.nn.model.MlpArchitecture;
import io.cgflow.nn.model.MlpModel;
import io.cgflow.potentials.BondedKind;
import io.cgflow.potentials.PotentialDefinition;
import io.cgflow.potentials.TabulatedBonded;
import io.cgflow.potentials.TabulatedPair;
import io.cgflow.potentials.Table;
import io.cgflow.potentials.TypePair;
import java.util.ArrayList;
import java.util.List;

/**
 * What is trained and how the parameter vector θ maps onto a model. θ holds the network parameters of every bead type
 * (in the order of the bead types, each in {@link MlpArchitecture} order) followed by the energies at the knots of
 * every bonded table (bonds, then angles, then dihedrals, in the order of {@link #bonded()}). Everything else — the
 * descriptor, the standardisation of its rows, the repulsive prior — is fixed for the run.
 *
 * <p>Standardisation: for bead type a and component (t, m), the mean is the exact average of G over the reference,
 * ρ_t ∫ g_at(r) φ_m(r) 4πr² dr, and the spread is the independent-pair estimate √(ρ_t ∫ g_at φ_m² 4πr² dr), both
 * averaged over the states; so it comes from the reference distributions, not from any one configuration.
 */
public final class ModelLayout {
    /**
     * One bonded table: knots {@code start + k·step}, k &lt; points; {@code trainable[k]} tells whether knot k is
     * trained (it lies where the reference has data) or stays at its initial wall.
     */
    public record BondedSpec(BondedKind kind, String type, double start, double step, int points,
                             boolean[] trainable) {
        public double x(int k) {
            return start + k * step;
        }
    }

    /**
     * Which parameters the optimiser may change: every network parameter except the first-layer weights of inputs
     * without reference data ({@link #supportedInputs}), and bonded knots where data is.
     */
    public boolean[] trainable() {
        boolean[] t = new boolean[parameterCount()];
        java.util.Arrays.fill(t, 0, networkParameters, true);
        int inputs = architecture.inputs();
        for (int a = 0; a < types.size(); a++) {
            boolean[] seen = supported.get(a);
            for (int out = 0; out < architecture.layerOutputs(0); out++) {
                for (int c = 0; c < inputs; c++) {
                    if (!seen[c]) {
                        t[networkOffset(a) + architecture.weightOffset(0) + out * inputs + c] = false;
                    }
                }
            }
        }
        for (int b = 0; b < bonded.size(); b++) {
            boolean[] k = bonded.get(b).trainable();
            System.arraycopy(k, 0, t, bondedOffset(b), k.length);
        }
        return t;
    }

    /**
     * The parameters of the pair stage: {@link #trainable()} less every network parameter but the first-layer weights
     * of hidden unit 0 of each bead type (bonded knots stay). {@link Pretraining} sets a network with hidden layers
     * up as its linear PMF solution, unit 0 of each layer carrying w·z through the linear range of its activation and
     * the other units' outputs weighted zero; changing those weights then changes the energy as the weights of a
     * linear network on the same descriptor would, and the network stays a pair potential. A network without hidden
     * layers trains {@link #trainable()}.
     */
    public boolean[] pairStageTrainable() {
        boolean[] t = trainable();
        if (architecture.hidden().isEmpty()) {
            return t;
        }
        boolean[] pair = t.clone();
        java.util.Arrays.fill(pair, 0, networkParameters, false);
        int inputs = architecture.inputs();
        for (int a = 0; a < types.size(); a++) {
            int w = networkOffset(a) + architecture.weightOffset(0);
            System.arraycopy(t, w, pair, w, inputs);
        }
        return pair;
    }

    private final List<String> types;
    private final RadialG2Settings descriptor;
    private final MlpArchitecture architecture;
    private final List<InputScaling> scalings;
    private final Prior prior;
    private final List<BondedSpec> bonded;
    private final int networkParameters;
    private final List<boolean[]> supported;

    /** A layout whose network inputs are all trained. */
    public ModelLayout(List<String> types, RadialG2Settings descriptor, MlpArchitecture architecture,
                       List<InputScaling> scalings, Prior prior, List<BondedSpec> bonded) {
        this(types, descriptor, architecture, scalings, prior, bonded, null);
    }

    /**
     * A layout that trains the first-layer weights of a bead type's input only where {@code supported} (per bead
     * type, one flag per descriptor component) says so; null trains them all.
     */
    public ModelLayout(List<String> types, RadialG2Settings descriptor, MlpArchitecture architecture,
                       List<InputScaling> scalings, Prior prior, List<BondedSpec> bonded, List<boolean[]> supported) {
        List<boolean[]> flags = new ArrayList<>();
        for (int a = 0; a < types.size(); a++) {
            boolean[] f = new boolean[architecture.inputs()];
            java.util.Arrays.fill(f, true);
            if (supported != null) {
                if (supported.get(a).length != f.length) {
                    throw new IllegalArgumentException(supported.get(a).length + " input flags for " + f.length
                        + " inputs");
                }
                System.arraycopy(supported.get(a), 0, f, 0, f.length);
            }
            flags.add(f);
        }
        this.supported = List.copyOf(flags);
        this.types = List.copyOf(types);
        this.descriptor = descriptor;
        this.architecture = architecture;
        this.scalings = List.copyOf(scalings);
        this.prior = prior;
        this.bonded = List.copyOf(bonded);
        this.networkParameters = types.size() * architecture.parameterCount();
    }

    public List<String> types() {
        return types;
    }

    public RadialG2Settings descriptor() {
        return descriptor;
    }

    public MlpArchitecture architecture() {
        return architecture;
    }

    public List<InputScaling> scalings() {
        return scalings;
    }

    public Prior prior() {
        return prior;
    }

    public List<BondedSpec> bonded() {
        return bonded;
    }

    /** Parameters of the networks of all bead types. */
    public int networkParameters() {
        return networkParameters;
    }

    /** Where the network of bead type t begins in θ. */
    public int networkOffset(int t) {
        return t * architecture.parameterCount();
    }

    /** Where bonded table b begins in θ. */
    public int bondedOffset(int b) {
        int o = networkParameters;
        for (int k = 0; k < b; k++) {
            o += bonded.get(k).points();
        }
        return o;
    }

    /** Length of θ. */
    public int parameterCount() {
        return bondedOffset(bonded.size());
    }

    /** The network parameters of bead type t. */
    public double[] network(double[] theta, int t) {
        return java.util.Arrays.copyOfRange(theta, networkOffset(t), networkOffset(t) + architecture.parameterCount());
    }

    /** The bonded potentials of θ, one {@link TabulatedBonded} per kind present, in the order of θ. */
    public List<PotentialDefinition> bondedDefinitions(double[] theta) {
        List<PotentialDefinition> list = new ArrayList<>();
        for (BondedKind kind : BondedKind.values()) {
            List<TabulatedBonded.Entry> entries = new ArrayList<>();
            for (BondedTable t : bondedTables(theta)) {
                if (t.kind() == kind) {
                    entries.add(new TabulatedBonded.Entry(t.type(), t.table()));
                }
            }
            if (!entries.isEmpty()) {
                list.add(new TabulatedBonded("trained-" + kind.name().toLowerCase(java.util.Locale.ROOT), kind,
                    entries));
            }
        }
        return list;
    }

    /** The bonded tables of θ. */
    public List<BondedTable> bondedTables(double[] theta) {
        List<BondedTable> list = new ArrayList<>();
        for (int b = 0; b < bonded.size(); b++) {
            BondedSpec s = bonded.get(b);
            double[] e = java.util.Arrays.copyOfRange(theta, bondedOffset(b), bondedOffset(b) + s.points());
            String name = s.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + s.type();
            // dihedral tables are periodic (their points cover 360 degrees); bond and angle tables end naturally
            list.add(new BondedTable(s.kind(), s.type(), s.kind() == BondedKind.DIHEDRAL
                ? new Table(name, s.start(), s.step(), e, Table.Boundary.PERIODIC, 0, 0)
                : Table.natural(name, s.start(), s.step(), e)));
        }
        return list;
    }

    /** The model of parameters θ. */
    public TrainedModel model(double[] theta, Provenance provenance) {
        return model(theta, provenance, "");
    }

    /** The model of parameters θ with the settings it was trained with. */
    public TrainedModel model(double[] theta, Provenance provenance, String settings) {
        List<BeadNetwork> networks = new ArrayList<>();
        for (int t = 0; t < types.size(); t++) {
            networks.add(new BeadNetwork(types.get(t), architecture, scalings.get(t), network(theta, t)));
        }
        return new TrainedModel(types, descriptor, networks, prior.description(), bondedTables(theta), provenance,
            settings);
    }

    /** Random network parameters (seeded per bead type) and the given bonded table energies. */
    public double[] initial(long seed, double[] bondedEnergies) {
        double[] theta = new double[parameterCount()];
        for (int t = 0; t < types.size(); t++) {
            double[] p = MlpModel.initialised(architecture, seed + 7919L * t).parameters();
            System.arraycopy(p, 0, theta, networkOffset(t), p.length);
        }
        System.arraycopy(bondedEnergies, 0, theta, networkParameters, bondedEnergies.length);
        return theta;
    }

    /**
     * The standardisation of descriptor rows for each bead type from the reference RDFs of the states (see the class
     * comment).
     */
    public static List<InputScaling> scalings(List<String> types, RadialG2Settings descriptor,
                                              List<TrainingState> states) {
        List<InputScaling> out = new ArrayList<>();
        for (double[][] moments : moments(types, descriptor, states)) {
            double[] std = new double[moments[1].length];
            for (int c = 0; c < std.length; c++) {
                double s = Math.sqrt(moments[1][c]);
                std[c] = s > 1e-9 ? s : 1.0;
            }
            out.add(new InputScaling(moments[0], std));
        }
        return out;
    }

    /**
     * Pairs a Gaussian input must see per sampled frame, Σ over the beads of its type of their weighted neighbours in
     * it (the reference g times the sampled box's counts), to be trained: the pairs of a dilute component at contact
     * (30 solutes among 1000 beads: 15 in the 512-bead box, 0.1 pairs a frame below 0.33 nm) give steps of noise over
     * noise, which dug a B–B well of −6 kJ/mol where the reference g is 0.3 and its LJ +9 kJ/mol, and the solutes
     * clustered.
     */
    static final double MIN_PAIRS_PER_FRAME = 0.5;

    /**
     * Which inputs of each bead type's network the references inform: component (t, m) is supported when the
     * reference g_at(r), averaged over the Gaussian φ_m (ρ_t ∫ g φ_m 4πr² dr over ρ_t ∫ φ_m 4πr² dr), reaches
     * {@code threshold}. A Gaussian below the contact distance, or in a gap of a sparse RDF, sees no sampled pair: its
     * weights have no effect on the observables of the sampled configurations, so the Gauss–Newton step for them is a
     * ratio of two noise terms; a trained peptide model got pair wells of −1 500 to −50 000 kJ/mol there and blew up
     * in MD once a pair reached them. Such weights keep their PMF start (fitted where data is), as bonded knots do.
     * Nor is a component trained whose sampled boxes see fewer than {@code minPairs} weighted pairs in it per frame
     * (the beads of type a there times ρ_t ∫ g φ_m 4πr² dr; {@link #MIN_PAIRS_PER_FRAME}).
     */
    public static List<boolean[]> supportedInputs(List<String> types, RadialG2Settings descriptor,
                                                  List<TrainingState> states, double threshold, double minPairs) {
        List<boolean[]> out = new ArrayList<>();
        List<double[][]> all = moments(types, descriptor, states);
        for (int a = 0; a < all.size(); a++) {
            double[][] moments = all.get(a);
            // beads of type a in the sampled boxes, averaged over the states as the moments are
            double beads = 0;
            for (TrainingState state : states) {
                int idx = state.topology().types().indexOf(types.get(a));
                beads += idx < 0 ? 0 : (double) state.topology().typeCounts()[idx] / states.size();
            }
            boolean[] f = new boolean[moments[0].length];
            for (int c = 0; c < f.length; c++) {
                f[c] = moments[2][c] > 0 && moments[0][c] >= threshold * moments[2][c]
                    && beads * moments[0][c] >= minPairs;
            }
            out.add(f);
        }
        return out;
    }

    /**
     * Per bead type a: {mean, second moment, ideal-gas mean} of every component (t, m), the first two with the
     * reference g_at, the last with g = 1 (pairs without an RDF count as g = 1 in all three).
     */
    private static List<double[][]> moments(List<String> types, RadialG2Settings descriptor,
                                            List<TrainingState> states) {
        int nt = types.size();
        int m = descriptor.gaussians();
        double[] eta = descriptor.eta();
        double[] centres = descriptor.centres();
        double rc = descriptor.cutoff();
        List<double[][]> out = new ArrayList<>();
        for (int a = 0; a < nt; a++) {
            double[] mean = new double[nt * m];
            double[] var = new double[nt * m];
            double[] ideal = new double[nt * m];
            for (TrainingState state : states) {
                ReferenceDistributions ref = state.reference();
                List<String> st = ref.summary().types();
                for (int t = 0; t < nt; t++) {
                    int ia = st.indexOf(types.get(a));
                    int it = st.indexOf(types.get(t));
                    if (ia < 0 || it < 0) {
                        continue;
                    }
                    int count = ref.summary().typeCounts()[it];
                    double rho = (a == t ? count - 1 : count) / ref.summary().meanVolume();
                    Distribution g = ref.rdf(types.get(a), types.get(t)).orElse(null);
                    double dr = g != null ? g.grid().width() : 0.002;
                    for (double r = 0.5 * dr; r < rc; r += dr) {
                        int k = (int) Math.floor(r / dr);
                        double gr = g == null ? 1 : k < g.value().length ? g.value()[k] : 1;
                        double fc = 0.5 * (Math.cos(Math.PI * r / rc) + 1);
                        double free = 4 * Math.PI * r * r * dr * rho;
                        double shell = free * gr;
                        for (int j = 0; j < m; j++) {
                            double u = r - centres[j];
                            double phi = Math.exp(-eta[j] * u * u) * fc;
                            mean[t * m + j] += shell * phi / states.size();
                            var[t * m + j] += shell * phi * phi / states.size();
                            ideal[t * m + j] += free * phi / states.size();
                        }
                    }
                }
            }
            out.add(new double[][] {mean, var, ideal});
        }
        return out;
    }

    /**
     * The fixed repulsive prior: for each type pair, u(r) = s·k_BT·[(r0/r)^12 − 1 − 12(1 − r/r0)] below the contact
     * distance r0 of the pair (zero value and slope at r0), zero beyond; tabulated from r0/2 in steps of
     * {@link #PRIOR_STEP} to the largest r0. Pairs of overlapping beads (r0 = 0) have none.
     */
    public record Prior(List<String> types, double[] contact, double kT, double strength) {
        public static final double PRIOR_STEP = 0.001;

        public double energy(int a, int b, double r) {
            double r0 = contact[a * types.size() + b];
            if (r >= r0) {
                return 0;
            }
            double q = r0 / r;
            double q6 = q * q * q * q * q * q;
            return strength * kT * (q6 * q6 - 1 - 12 * (1 - r / r0));
        }

        /** −r du/dr of the pair (its share of the virial Σ r·F), kJ/mol. */
        public double virial(int a, int b, double r) {
            double r0 = contact[a * types.size() + b];
            if (r >= r0) {
                return 0;
            }
            double q = r0 / r;
            double q6 = q * q * q * q * q * q;
            return strength * kT * 12 * (q6 * q6 - r / r0);
        }

        public double cutoff() {
            double c = 0;
            for (double r : contact) {
                c = Math.max(c, r);
            }
            return c;
        }

        public io.cgflow.nn.PriorDescription description() {
            double cut = cutoff();
            if (strength == 0 || cut == 0) {
                return io.cgflow.nn.PriorDescription.NONE;
            }
            List<TabulatedPair.Entry> entries = new ArrayList<>();
            int n = types.size();
            for (int a = 0; a < n; a++) {
                for (int b = a; b < n; b++) {
                    double r0 = contact[a * n + b];
                    if (r0 == 0) {
                        continue;
                    }
                    double start = Math.floor(0.5 * r0 / PRIOR_STEP) * PRIOR_STEP;
                    int points = (int) Math.ceil((cut - start) / PRIOR_STEP + 1e-9) + 1;
                    double[] e = new double[points];
                    for (int k = 0; k < points; k++) {
                        e[k] = energy(a, b, start + k * PRIOR_STEP);
                    }
                    entries.add(new TabulatedPair.Entry(TypePair.of(types.get(a), types.get(b)),
                        Table.natural("prior " + types.get(a) + "-" + types.get(b), start, PRIOR_STEP, e)));
                }
            }
            return PairTablePrior.of(entries, cut);
        }
    }
}
