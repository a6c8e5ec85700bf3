package io.cgflow.nn;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.neighbour.NeighbourList;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.nn.descriptor.PairList;
import io.cgflow.nn.dl4j.Dl4jMlpModel;
import io.cgflow.nn.file.ModelFile;
import io.cgflow.nn.model.BeadEnergyModel;
import io.cgflow.potentials.Evaluation;
import io.cgflow.potentials.Potential;
import io.cgflow.potentials.Request;
import io.cgflow.potentials.Term;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link TrainedModel}'s network, E = Σ_i NN_type(i)(G_i), as a {@link Potential} bound to one CG topology: energy
 * in {@link Term#NETWORK}, forces, the virial (W = Σ d ⊗ F_j, as every potential) and ∂E/∂θ.
 *
 * <p><b>Bead types</b> are matched by name: each type of the topology that some bead has must be one of the model's
 * bead types, or construction fails with an {@link InputException} naming the type and the model.
 *
 * <p><b>Pairs</b> come from the caller's half {@link NeighbourList}, whose cut-off must reach the model's; pairs at or
 * beyond the model's cut-off are dropped. The list's exclusions decide which pairs enter descriptors: with
 * {@code Exclusions.of(topology)} (what every engine builds) pairs joined by a bond or an angle within a molecule are
 * left out of G, as they are left out of the non-bonded distributions the model is trained on; build the list without
 * exclusions to have them counted. Descriptors used in training must be computed with the same exclusions. The list's
 * entries are copied into reused pair buffers: nothing is allocated per pair.
 *
 * <p><b>Parameters</b> θ: the flat parameter vectors of the bead types' networks one after another, in the order of
 * the model's bead types ({@link #beadTypes()}), each in the order of {@link io.cgflow.nn.model.MlpArchitecture};
 * {@link #parameterOffset(int)} gives where each begins.
 *
 * <p><b>Prior</b>: this potential is the network alone. A model's {@link TrainedModel#prior() prior} is a separate
 * potential (tabulated or analytic) added beside it in a {@link io.cgflow.potentials.CompositePotential#sum}; its
 * energy then appears in its own term.
 *
 * <p><b>Backends</b>: {@link Backend#PLAIN} (default) evaluates the perceptrons in plain Java with no per-call cost;
 * {@link Backend#DL4J} runs the same weights through Deeplearning4j, one batched call per bead type (all beads of the
 * type at once), for cross-checks and for large batches. Not thread-safe: one instance per thread.
 */
public final class NetworkPotential implements Potential {
    /** Name of the potential in messages and composites. */
    public static final String NAME = "network";

    /** Which implementation evaluates the per-bead networks. */
    public enum Backend {
        /** Plain-Java perceptrons ({@link io.cgflow.nn.model.MlpModel}). */
        PLAIN,
        /** Deeplearning4j networks in double precision ({@link Dl4jMlpModel}), batched per bead type. */
        DL4J
    }

    private final TrainedModel model;
    private final Backend backend;
    private final List<BeadEnergyModel> models;
    private final NetworkEnergy energy;
    private final int[] typeOf;
    private final double cutoff;
    private final int[] offsets;
    private final int parameterCount;
    private final List<double[]> typeGradients = new ArrayList<>();
    private int[] pairI = new int[0];
    private int[] pairJ = new int[0];
    private double[] pairX = new double[0];
    private double[] pairY = new double[0];
    private double[] pairZ = new double[0];
    private double[] scratchForces = new double[0];
    private final double[] scratchVirial = new double[9];

    private NetworkPotential(TrainedModel model, CgTopology topology, Backend backend, String source) {
        this.model = model;
        this.backend = backend;
        this.typeOf = typesOf(model, topology, source);
        this.cutoff = model.cutoff();
        this.models = switch (backend) {
            case PLAIN -> plainModels(model);
            case DL4J -> dl4jModels(model);
        };
        this.energy = model.energy(models);
        this.offsets = new int[models.size() + 1];
        for (int t = 0; t < models.size(); t++) {
            offsets[t + 1] = offsets[t] + models.get(t).parameterCount();
            typeGradients.add(new double[models.get(t).parameterCount()]);
        }
        this.parameterCount = offsets[models.size()];
    }

    /** The network of {@code model} for the beads of {@code topology}, evaluated in plain Java. */
    public static NetworkPotential of(TrainedModel model, CgTopology topology) {
        return of(model, topology, Backend.PLAIN);
    }

    /** The network of {@code model} for the beads of {@code topology}, evaluated by {@code backend}. */
    public static NetworkPotential of(TrainedModel model, CgTopology topology, Backend backend) {
        return new NetworkPotential(model, topology, backend, "the model");
    }

    /** Reads the model file ({@link ModelFile}) and binds its network to {@code topology}, plain Java. */
    public static NetworkPotential load(Path modelFile, CgTopology topology) {
        return load(modelFile, topology, Backend.PLAIN);
    }

    /** Reads the model file ({@link ModelFile}) and binds its network to {@code topology}. */
    public static NetworkPotential load(Path modelFile, CgTopology topology, Backend backend) {
        return new NetworkPotential(ModelFile.read(modelFile), topology, backend, "model file " + modelFile);
    }

    /**
     * The model's bead type index of every bead. Throws InputException when a bead's type is not one of the
     * model's.
     */
    public static int[] typesOf(TrainedModel model, CgTopology topology, String source) {
        List<String> names = topology.types();
        int[] map = new int[names.size()];
        boolean[] used = new boolean[names.size()];
        for (int i = 0; i < topology.size(); i++) {
            used[topology.typeOf(i)] = true;
        }
        for (int a = 0; a < names.size(); a++) {
            map[a] = model.beadTypes().indexOf(names.get(a));
            if (map[a] < 0 && used[a]) {
                throw new InputException(source + ": bead type " + names.get(a) + " of the topology has no network;"
                    + " the model knows " + model.beadTypes());
            }
        }
        int[] types = new int[topology.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = map[topology.typeOf(i)];
        }
        return types;
    }

    private static List<BeadEnergyModel> plainModels(TrainedModel model) {
        List<BeadEnergyModel> list = new ArrayList<>();
        for (BeadNetwork n : model.networks()) {
            list.add(n.plainModel());
        }
        return list;
    }

    private static List<BeadEnergyModel> dl4jModels(TrainedModel model) {
        List<BeadEnergyModel> list = new ArrayList<>();
        for (BeadNetwork n : model.networks()) {
            list.add(Dl4jMlpModel.of(n));
        }
        return list;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The model's cut-off, nm: the neighbour list must reach it. */
    @Override
    public double cutoff() {
        return cutoff;
    }

    /** The model's cut-off, nm (the same as {@link #cutoff()}). */
    public double modelCutoff() {
        return cutoff;
    }

    /** The model's bead types, in the order of its networks and of the parameter vector. */
    public List<String> beadTypes() {
        return model.beadTypes();
    }

    /** The model's type index of bead {@code i}. */
    public int typeOf(int i) {
        return typeOf[i];
    }

    public TrainedModel model() {
        return model;
    }

    public Backend backend() {
        return backend;
    }

    /** Where the parameters of the model's bead type {@code t} begin in θ; {@code t = types} gives the length. */
    public int parameterOffset(int t) {
        return offsets[t];
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public double[] parameters() {
        double[] theta = new double[parameterCount];
        for (int t = 0; t < models.size(); t++) {
            System.arraycopy(models.get(t).parameters(), 0, theta, offsets[t], offsets[t + 1] - offsets[t]);
        }
        return theta;
    }

    @Override
    public void setParameters(double[] theta) {
        if (theta.length != parameterCount) {
            throw new IllegalArgumentException(NAME + ": " + parameterCount + " parameters, not " + theta.length);
        }
        for (int t = 0; t < models.size(); t++) {
            models.get(t).setParameters(Arrays.copyOfRange(theta, offsets[t], offsets[t + 1]));
        }
    }

    @Override
    public void evaluate(double[] x, Box box, NeighbourList list, Request request, Evaluation out) {
        if (x.length != 3 * typeOf.length) {
            throw new IllegalArgumentException(NAME + ": positions for " + x.length / 3 + " beads, the topology has "
                + typeOf.length);
        }
        PairList pairs = pairs(x, box, list);
        double e;
        if (request.forces() || request.virial()) {
            double[] f = out.forces();
            if (!request.forces()) {
                if (scratchForces.length < x.length) {
                    scratchForces = new double[x.length];
                }
                f = scratchForces;
            }
            double[] w = null;
            if (request.virial()) {
                Arrays.fill(scratchVirial, 0);
                w = scratchVirial;
            }
            e = energy.energyAndForces(pairs, typeOf, f, w);
            if (w != null) {
                double[] v = out.virial();
                for (int c = 0; c < 9; c++) {
                    v[c] += w[c];
                }
            }
        } else {
            e = energy.energy(pairs, typeOf);
        }
        out.addEnergy(Term.NETWORK, e);
        if (request.parameterGradient()) {
            for (double[] g : typeGradients) {
                Arrays.fill(g, 0);
            }
            energy.addParameterGradients(pairs, typeOf, typeGradients);
            for (int t = 0; t < typeGradients.size(); t++) {
                double[] g = typeGradients.get(t);
                for (int k = 0; k < g.length; k++) {
                    out.addParameterGradient(offsets[t] + k, g[k]);
                }
            }
        }
    }

    /**
     * The descriptor rows G of every bead of configuration {@code x} ([beads][length], not standardised, a new
     * array), with the pairs of {@code list} as {@link #evaluate} takes them. Training caches these: they do not
     * depend on θ.
     */
    public double[] descriptors(double[] x, Box box, NeighbourList list) {
        return energy.descriptors(pairs(x, box, list), typeOf);
    }

    /**
     * The pairs closer than the model's cut-off of configuration {@code x}, from {@code list} (which applies its
     * exclusions); the arrays are reused by the next call.
     */
    public PairList pairList(double[] x, Box box, NeighbourList list) {
        return pairs(x, box, list);
    }

    /** Copies the list's pairs closer than the model's cut-off into the reused buffers. */
    private PairList pairs(double[] x, Box box, NeighbourList list) {
        if (list == null || list.kind() != NeighbourList.Kind.HALF) {
            throw new IllegalArgumentException(NAME + ": needs a half neighbour list");
        }
        if (list.cutoff() < cutoff * (1 - 1e-12)) {
            throw new IllegalArgumentException(NAME + ": the neighbour list's cut-off " + list.cutoff()
                + " nm is shorter than the model's " + cutoff + " nm");
        }
        list.update(x, box);
        int entries = list.entries();
        if (pairI.length < entries) {
            int size = entries + entries / 4 + 16;
            pairI = new int[size];
            pairJ = new int[size];
            pairX = new double[size];
            pairY = new double[size];
            pairZ = new double[size];
        }
        double rc2 = cutoff * cutoff;
        int size = 0;
        int n = typeOf.length;
        for (int i = 0; i < n; i++) {
            double xi = x[3 * i];
            double yi = x[3 * i + 1];
            double zi = x[3 * i + 2];
            for (int k = list.start(i), end = list.end(i); k < end; k++) {
                int j = list.neighbour(k);
                double dx = x[3 * j] - xi + list.shift(k, 0);
                double dy = x[3 * j + 1] - yi + list.shift(k, 1);
                double dz = x[3 * j + 2] - zi + list.shift(k, 2);
                if (dx * dx + dy * dy + dz * dz >= rc2) {
                    continue;
                }
                pairI[size] = i;
                pairJ[size] = j;
                pairX[size] = dx;
                pairY[size] = dy;
                pairZ[size] = dz;
                size++;
            }
        }
        return new PairList(n, size, pairI, pairJ, pairX, pairY, pairZ);
    }
}
