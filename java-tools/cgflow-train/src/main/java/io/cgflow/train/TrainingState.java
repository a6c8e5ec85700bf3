package io.cgflow.train;

import io.cgflow.analysis.Distribution;
import io.cgflow.analysis.DistributionsFile;
import io.cgflow.analysis.ReferenceDistributions;
import io.cgflow.analysis.SystemSummary;
import io.cgflow.core.InputException;
import io.cgflow.core.Temperature;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.md.MdSettings;
import io.cgflow.md.Rng;
import io.cgflow.md.StartFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One thermodynamic state of a training run: its reference distributions (the target, with the temperature and
 * composition), and the CG system the trainer samples it in — from a start file (a CG H5MD of the mapped reference,
 * which brings molecules, bonds and masses) or, for systems without bonded distributions, a cubic box of about
 * {@code beads} beads at the reference's number densities with beads placed at random apart from each other.
 */
public final class TrainingState {
    /** Relative difference of number densities between a start file and the reference that is still accepted. */
    static final double DENSITY_TOLERANCE = 0.05;
    /** Mass given to beads when neither a start file nor the reference has one, amu (does not change structure). */
    static final double DEFAULT_MASS = 20.0;

    private final Path file;
    private final Path startFile;
    private final ReferenceDistributions reference;
    private final double temperature;
    private final CgTopology topology;
    private final double[] masses;
    private final Box box;
    private final double[] positions;

    private TrainingState(Path file, Path startFile, ReferenceDistributions reference, CgTopology topology,
                          double[] masses, Box box, double[] positions) {
        this.file = file;
        this.startFile = startFile;
        this.reference = reference;
        this.temperature = reference.summary().temperature();
        this.topology = topology;
        this.masses = masses;
        this.box = box;
        this.positions = positions;
    }

    /** A state of a given system (tests and callers that build systems themselves). */
    static TrainingState of(Path file, ReferenceDistributions reference, CgTopology topology, double[] masses, Box box,
                            double[] positions) {
        return new TrainingState(file, null, reference, topology, masses.clone(), box, positions.clone());
    }

    /** Reads a reference file and checks what training needs of it. */
    public static ReferenceDistributions readReference(Path file) {
        ReferenceDistributions ref = DistributionsFile.read(file);
        double t = ref.summary().temperature();
        if (!(t > 0) || Double.isInfinite(t)) {
            throw InputException.in(file, "the temperature is " + t + " K: training needs the temperature of the"
                + " state (give --temperature to cgflow-reference)");
        }
        if (!Temperature.accepted(t)) {
            throw InputException.in(file, "the temperature is " + t + " K; cgflow works between "
                + Temperature.MIN_KELVIN + " and " + Temperature.MAX_KELVIN + " K");
        }
        for (Distribution d : ref.distributions()) {
            long sum = 0;
            for (long c : d.counts()) {
                sum += c;
            }
            if (sum == 0) {
                throw InputException.in(file, "the " + d.kind().prefix() + " distribution " + d.name()
                    + " is empty (no counts in any bin): nothing to train on");
            }
            for (int k = 0; k < d.value().length; k++) {
                if (!Double.isFinite(d.value()[k]) || d.value()[k] < 0) {
                    throw InputException.in(file, "the " + d.kind().prefix() + " distribution " + d.name()
                        + " has the value " + d.value()[k] + " in bin " + k);
                }
            }
        }
        if (ref.distributions().stream().noneMatch(d -> d.kind() == Distribution.Kind.RDF)) {
            throw InputException.in(file, "has no RDF: nothing for a non-bonded model to reproduce");
        }
        return ref;
    }

    /**
     * The state of reference {@code file}, sampled from {@code start} (may be null: built from the composition with
     * about {@code beads} beads, positions from {@code seed}).
     */
    public static TrainingState load(Path file, ReferenceDistributions ref, Path start, int beads, long seed,
                                     double[] contact) {
        SystemSummary s = ref.summary();
        if (start != null) {
            StartFile sf = StartFile.read(start, -1);
            CgTopology top = sf.topology();
            Set<String> startTypes = new HashSet<>(top.types());
            int[] counts = top.typeCounts();
            for (int t = 0; t < top.types().size(); t++) {
                if (counts[t] > 0 && !s.types().contains(top.types().get(t))) {
                    throw InputException.in(start, "has beads of type " + top.types().get(t) + ", which the reference "
                        + file.getFileName() + " does not have (its types: " + s.types() + ")");
                }
            }
            double volume = Math.abs(sf.box().volume());
            for (int t = 0; t < s.types().size(); t++) {
                String type = s.types().get(t);
                int idx = top.types().indexOf(type);
                int n = idx < 0 ? 0 : counts[idx];
                if (s.typeCounts()[t] > 0 && !startTypes.contains(type)) {
                    throw InputException.in(start, "has no beads of type " + type + ", which the reference "
                        + file.getFileName() + " has");
                }
                double rho = n / volume;
                if (Math.abs(rho - s.densities()[t]) > DENSITY_TOLERANCE * s.densities()[t]) {
                    throw InputException.in(start, String.format(Locale.ROOT, "the number density of %s is %.5g nm⁻³,"
                        + " the reference %s has %.5g nm⁻³: the start file must be at the state's density", type, rho,
                        file.getFileName(), s.densities()[t]));
                }
            }
            double[] masses = new double[top.size()];
            for (int i = 0; i < masses.length; i++) {
                double m = top.mass(i);
                if (!(m > 0) || !Double.isFinite(m)) {
                    int t = s.types().indexOf(top.types().get(top.typeOf(i)));
                    m = s.typeMasses()[t] > 0 ? s.typeMasses()[t] : DEFAULT_MASS;
                }
                masses[i] = m;
            }
            return new TrainingState(file, start, ref, top, masses, sf.box(), sf.positions());
        }
        if (ref.distributions().stream().anyMatch(d -> d.kind() != Distribution.Kind.RDF)) {
            throw InputException.in(file, "has bonded distributions: give its molecules with --start (a CG H5MD, e.g."
                + " cgflow-reference --cg-output)");
        }
        return fromComposition(file, ref, beads, seed, contact);
    }

    private static TrainingState fromComposition(Path file, ReferenceDistributions ref, int beads, long seed,
                                                 double[] contact) {
        SystemSummary s = ref.summary();
        int types = s.types().size();
        int total = s.beads();
        int[] n = new int[types];
        int sum = 0;
        double density = 0;
        for (int t = 0; t < types; t++) {
            n[t] = s.typeCounts()[t] == 0 ? 0 : Math.max(1, (int) Math.round((double) beads * s.typeCounts()[t] / total));
            sum += n[t];
            density += s.typeCounts()[t] == 0 ? 0 : s.densities()[t];
        }
        // the reference's number density of all beads: the rounding of a rare type's count (one solute among 1000
        // beads: 1 of 512, twice its share) changes the composition a little, never the density. Averaging the
        // volumes n_t/ρ_t of the types instead gave that box 0.76 of the reference volume for 0.51 of its beads, a
        // liquid sampled at 68 % of its density, and the model fitted the reference's RDFs there
        double volume = sum / density;
        double edge = Math.cbrt(volume);
        Box box = Box.orthorhombic(edge, edge, edge);
        int[] typeOf = new int[sum];
        int[] molecule = new int[sum];
        String[] names = new String[sum];
        double[] masses = new double[sum];
        int i = 0;
        for (int t = 0; t < types; t++) {
            for (int k = 0; k < n[t]; k++) {
                typeOf[i] = t;
                molecule[i] = i;
                names[i] = s.types().get(t);
                masses[i] = s.typeMasses()[t] > 0 ? s.typeMasses()[t] : DEFAULT_MASS;
                i++;
            }
        }
        CgTopology top = new CgTopology(s.types(), typeOf, molecule, names, masses, List.of(), List.of(), List.of(),
            Set.of());
        double[] x = randomPositions(typeOf, types, edge, contact, seed);
        return new TrainingState(file, null, ref, top, masses, box, x);
    }

    /**
     * Beads placed one after another at random in a cube of edge {@code edge}, each at least 0.85 × the contact
     * distance of its type pair from every earlier bead (relaxed by 5 % after 2000 failed tries).
     */
    static double[] randomPositions(int[] typeOf, int types, double edge, double[] contact, long seed) {
        Rng rng = new Rng(seed, 0x5354415254L);
        int n = typeOf.length;
        double[] x = new double[3 * n];
        double scale = 0.85;
        for (int i = 0; i < n; i++) {
            int tries = 0;
            while (true) {
                double px = rng.nextDouble() * edge;
                double py = rng.nextDouble() * edge;
                double pz = rng.nextDouble() * edge;
                boolean ok = true;
                for (int j = 0; j < i && ok; j++) {
                    double dx = px - x[3 * j];
                    double dy = py - x[3 * j + 1];
                    double dz = pz - x[3 * j + 2];
                    dx -= edge * Math.rint(dx / edge);
                    dy -= edge * Math.rint(dy / edge);
                    dz -= edge * Math.rint(dz / edge);
                    double d = scale * contact[typeOf[i] * types + typeOf[j]];
                    ok = dx * dx + dy * dy + dz * dz >= d * d;
                }
                if (ok) {
                    x[3 * i] = px;
                    x[3 * i + 1] = py;
                    x[3 * i + 2] = pz;
                    break;
                }
                if (++tries == 2000) {
                    scale *= 0.95;
                    tries = 0;
                }
            }
        }
        return x;
    }

    public Path file() {
        return file;
    }

    /** The start file, or null when the system was built from the composition. */
    public Path startFile() {
        return startFile;
    }

    /** A short name for logs: the reference file's name without {@code .h5}. */
    public String name() {
        return nameOf(file);
    }

    /** The name of the state whose reference is {@code reference}: its file name without {@code .h5}. */
    static String nameOf(Path reference) {
        String f = reference.getFileName().toString();
        return f.endsWith(".h5") ? f.substring(0, f.length() - 3) : f;
    }

    public ReferenceDistributions reference() {
        return reference;
    }

    public double temperature() {
        return temperature;
    }

    /** 1 / (k_B T), mol/kJ. */
    public double beta() {
        return 1 / (MdSettings.KB * temperature);
    }

    public CgTopology topology() {
        return topology;
    }

    public double[] masses() {
        return masses.clone();
    }

    public Box box() {
        return box;
    }

    public double[] positions() {
        return positions.clone();
    }

    /** Half the smallest width of the sampling box, nm. */
    public double halfWidth() {
        return 0.5 * new PeriodicCell(box).minWidth();
    }

    /** Bead types of the state in the reference's order. */
    public List<String> types() {
        return reference.summary().types();
    }

    /** The smallest bead mass, amu. */
    public double minMass() {
        return Arrays.stream(masses).min().orElse(DEFAULT_MASS);
    }

    /**
     * The bead types of one model for all states: those of the first reference, then the others' new ones in their
     * order. A state may lack types of another (a pure solvent beside a solution): it neither informs nor samples
     * their pairs.
     */
    public static List<String> modelTypes(List<ReferenceDistributions> refs) {
        List<String> out = new ArrayList<>();
        for (ReferenceDistributions r : refs) {
            for (String t : r.summary().types()) {
                if (!out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * Checks that every state shares a bead type with the others (one model of unrelated systems is two models) and
     * that all have the same RDF bin width and bonded grids; names both files otherwise.
     */
    public static void checkCompatible(List<Path> files, List<ReferenceDistributions> refs) {
        double width = refs.get(0).distributions().stream().filter(d -> d.kind() == Distribution.Kind.RDF)
            .findFirst().orElseThrow().grid().width();
        for (int s = refs.size() - 1; s >= 0 && refs.size() > 1; s--) {  // from the last: a later file is blamed
            Set<String> others = new HashSet<>();
            for (int o = 0; o < refs.size(); o++) {
                if (o != s) {
                    others.addAll(refs.get(o).summary().types());
                }
            }
            Set<String> types = new HashSet<>(refs.get(s).summary().types());
            if (Collections.disjoint(types, others)) {
                throw InputException.in(files.get(s), "has bead types " + new ArrayList<>(types) + ", which no other"
                    + " reference has (they have " + new ArrayList<>(others) + "): one model is trained for states"
                    + " that share bead types; train unrelated systems apart");
            }
        }
        for (int s = 1; s < refs.size(); s++) {
            for (Distribution d : refs.get(s).distributions()) {
                if (d.kind() == Distribution.Kind.RDF && Math.abs(d.grid().width() - width) > 1e-12 * width) {
                    throw InputException.in(files.get(s), "the RDF " + d.name() + " has bins of " + d.grid().width()
                        + " nm, " + files.get(0).getFileName() + " has " + width + " nm: compute the references on"
                        + " one grid (cgflow-reference --rdf-bin)");
                }
            }
            for (Distribution d : refs.get(s).distributions()) {
                if (d.kind() == Distribution.Kind.RDF) {
                    continue;
                }
                Path other = files.get(s);
                refs.get(0).find(d.kind(), d.name()).ifPresent(o -> {
                    if (!o.grid().equals(d.grid())) {
                        throw InputException.in(other, "the " + d.kind().prefix() + " distribution " + d.name()
                            + " has the grid " + d.grid() + ", " + files.get(0).getFileName() + " has " + o.grid()
                            + ": compute the references on one grid");
                    }
                });
            }
        }
    }
}
