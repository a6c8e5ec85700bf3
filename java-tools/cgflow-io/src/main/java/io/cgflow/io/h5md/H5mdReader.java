package io.cgflow.io.h5md;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.Topology;
import io.cgflow.core.topology.TypeNames;

import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;

/**
 * Reads H5MD 1.1 files: cgflow's own and those of other writers (MDAnalysis, LAMMPS {@code dump h5md},
 * GROMACS). The particle group is {@code /particles/all} or else the first (by name) that has positions.
 * Steps and times are explicit [T] datasets or fixed-interval scalars with an {@code offset} attribute
 * (step of frame k = offset + k·step); the box is described by {@link H5mdBox}. Species and masses are
 * optional, fixed or time-dependent (the first frame's values are used). Units (nm, Å, pm; ps, fs, ns) are
 * read from fixed- or variable-length {@code unit} strings. Shapes and counts are checked when the file is
 * opened, and every failure to read a frame, and every non-finite coordinate or box element, is an
 * {@link InputException} naming the file, the frame and the dataset or particle.
 */
public final class H5mdReader implements TrajectoryReader {
    private final Path path;
    private final HdfFile file;
    private final Group particles;
    private final Dataset position;
    private final int frames;
    private final int natoms;
    private final long[] steps;
    private final double[] times;
    private final double lengthScale;
    private final H5mdBox box;
    private int next;

    public H5mdReader(Path path) {
        this.path = path;
        InputException.requireFile(path);
        try {
            this.file = new HdfFile(path);
        } catch (RuntimeException e) {
            throw InputException.in(path, "not a readable HDF5 file: " + describe(e));
        }
        try {
            // absolute, user block included, as the HDF5 library writes it (see Hdf5Files)
            long end = file.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
            if (file.size() < end) {
                throw InputException.in(path, "truncated: the file has " + file.size() + " bytes, its superblock says "
                    + end);
            }
            this.particles = particleGroup();
            this.position = dataset(particles, "position/value");
            int[] dims = position.getDimensions();
            if (dims.length != 3 || dims[2] != 3) {
                throw InputException.in(path, position.getPath() + " has shape " + Arrays.toString(dims)
                    + ", expected [frames][particles][3]");
            }
            if (dims[0] == 0) {
                throw InputException.in(path, position.getPath() + " has no frames");
            }
            this.frames = dims[0];
            this.natoms = dims[1];
            this.lengthScale = lengthScale(position);
            Group element = (Group) child(particles, "position");
            this.steps = steps(element, frames);
            this.times = times(element, frames);
            this.box = box();
        } catch (InputException e) {
            file.close();
            throw e;
        } catch (RuntimeException e) {
            file.close();
            throw InputException.in(path, "malformed H5MD: " + describe(e));
        }
    }

    private Group particleGroup() {
        if (!(file.getChildren().get("particles") instanceof Group all) || all.getChildren().isEmpty()) {
            throw InputException.in(path, "no /particles group: not an H5MD trajectory");
        }
        if (all.getChildren().get(H5mdWriter.GROUP) instanceof Group g && g.getChildren().containsKey("position")) {
            return g;
        }
        for (Node n : new TreeMap<>(all.getChildren()).values()) {
            if (n instanceof Group g && g.getChildren().containsKey("position")) {
                return g;
            }
        }
        throw InputException.in(path, "no particle group under /particles has a position element");
    }

    /** Steps of a time-dependent element with {@code count} values; null when it has none. */
    private long[] steps(Group element, int count) {
        Object data = series(element, "step", count);
        if (data == null) {
            return null;
        }
        long[] out = new long[count];
        if (data instanceof Number interval) {
            long offset = offset(element, "step").longValue();
            for (int k = 0; k < count; k++) {
                out[k] = offset + k * interval.longValue();
            }
        } else {
            for (int k = 0; k < count; k++) {
                out[k] = ((Number) Array.get(data, k)).longValue();
            }
        }
        return out;
    }

    /** Times in ps of a time-dependent element with {@code count} values; null when it has none. */
    private double[] times(Group element, int count) {
        Object data = series(element, "time", count);
        if (data == null) {
            return null;
        }
        double scale = timeScale((Dataset) child(element, "time"));
        double[] out = new double[count];
        if (data instanceof Number interval) {
            double offset = offset(element, "time").doubleValue();
            for (int k = 0; k < count; k++) {
                out[k] = (offset + k * interval.doubleValue()) * scale;
            }
        } else {
            for (int k = 0; k < count; k++) {
                out[k] = ((Number) Array.get(data, k)).doubleValue() * scale;
            }
        }
        return out;
    }

    /** A step or time dataset: a Number for a fixed interval (scalar dataset), else a [count] array. */
    private Object series(Group element, String name, int count) {
        Node n = element.getChildren().get(name);
        if (n == null) {
            return null;
        }
        if (!(n instanceof Dataset d)) {
            throw InputException.in(path, n.getPath() + " is not a dataset");
        }
        int[] dims = d.getDimensions();
        if (d.isScalar() || dims.length == 0) {
            Object v = d.getData();
            if (!(v instanceof Number)) {
                throw InputException.in(path, d.getPath() + " is not a number");
            }
            return v;
        }
        if (dims.length != 1 || dims[0] != count) {
            throw InputException.in(path, d.getPath() + " has shape " + Arrays.toString(dims) + " but "
                + pathOf(element) + "/value has " + count + " entries");
        }
        Object flat = d.getDataFlat();
        if (!flat.getClass().isArray() || !flat.getClass().getComponentType().isPrimitive()) {
            throw InputException.in(path, d.getPath() + " is not numeric");
        }
        return flat;
    }

    private Number offset(Group element, String name) {
        Attribute a = child(element, name).getAttribute("offset");
        if (a == null) {
            return 0;
        }
        Object v = a.getData();
        if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
            v = Array.get(v, 0);
        }
        if (!(v instanceof Number number)) {
            throw InputException.in(path, pathOf(element) + "/" + name + " has an offset that is not a number");
        }
        return number;
    }

    private H5mdBox box() {
        Node boxNode = particles.getChildren().get("box");
        String where = pathOf(particles) + "/box";
        if (!(boxNode instanceof Group g)) {
            return new H5mdBox(path, where, false, null, null);
        }
        Attribute dimension = g.getAttribute("dimension");
        if (dimension != null && dimension.getData() instanceof Number d && d.intValue() != 3) {
            throw InputException.in(path, where + " has dimension " + d + ": only 3-D systems are supported");
        }
        boolean periodic = true;
        Attribute boundary = g.getAttribute("boundary");
        if (boundary != null) {
            String[] b = strings(boundary.getData());
            if (b.length != 1 && b.length != 3) {
                throw InputException.in(path, where + " has " + b.length + " boundary entries, expected 3");
            }
            for (String s : b) {
                switch (s.trim()) {
                    case "periodic" -> { }
                    case "none" -> periodic = false;
                    default -> throw InputException.in(path, where + " boundary '" + s
                        + "' is neither 'periodic' nor 'none'");
                }
            }
        }
        Node edges = g.getChildren().get("edges");
        if (edges == null) {
            return new H5mdBox(path, where + "/edges", periodic, null, null);
        }
        if (edges instanceof Dataset d) {
            int[] dims = d.getDimensions();
            boolean vector = dims.length == 1 && dims[0] == 3;
            boolean matrix = dims.length == 2 && dims[0] == 3 && dims[1] == 3;
            if (!vector && !matrix) {
                throw InputException.in(path, d.getPath() + " has shape " + Arrays.toString(dims)
                    + ", expected [3] or [3][3]");
            }
            double[] flat = doubles(d, lengthScale(d));
            return new H5mdBox(path, d.getPath(), periodic, H5mdBox.samples(path, d.getPath(), flat, 1, flat.length),
                null);
        }
        Group element = (Group) edges;
        Dataset value = dataset(element, "value");
        int[] dims = value.getDimensions();
        boolean vectors = dims.length == 2 && dims[1] == 3;
        boolean matrices = dims.length == 3 && dims[1] == 3 && dims[2] == 3;
        if ((!vectors && !matrices) || dims[0] == 0) {
            throw InputException.in(path, value.getPath() + " has shape " + Arrays.toString(dims)
                + ", expected [samples][3] or [samples][3][3]");
        }
        double[][] samples = H5mdBox.samples(path, value.getPath(), doubles(value, lengthScale(value)), dims[0],
            vectors ? 3 : 9);
        long[] boxSteps = steps(element, dims[0]);
        times(element, dims[0]);
        if (boxSteps == null && dims[0] != 1 && dims[0] != frames) {
            throw InputException.in(path, value.getPath() + " has " + dims[0] + " boxes for " + frames
                + " frames and no step dataset");
        }
        if (boxSteps != null && steps == null && dims[0] != 1 && dims[0] != frames) {
            throw InputException.in(path, value.getPath() + " has " + dims[0] + " boxes for " + frames
                + " frames, and the positions have no steps to match them by");
        }
        return new H5mdBox(path, pathOf(element), periodic, samples, boxSteps);
    }

    /** False when the box boundary is {@code none}: frames then carry no box. */
    public boolean periodic() {
        return box.periodic();
    }

    /** The particles of an H5MD file as a structure (names from cgflow's parameters/topology when present). */
    public Structure structure() {
        return guarded(pathOf(particles), this::readStructure);
    }

    private Structure readStructure() {
        int[] species = toInts(perParticle("species"));
        Object massData = perParticle("mass");
        float[] mass = massData == null ? new float[natoms] : toFloats(massData);
        if (species == null) {
            species = new int[natoms];
        }
        String[] speciesNames = names("species_names", -1);
        String[] names = names("atom_names", natoms);
        String[] residues = names("residue_names", natoms);
        String[] elements = names("elements", natoms);
        int[] residueIds = topology("residue_ids") instanceof Dataset d ? toInts(d.getDataFlat()) : new int[natoms];
        if (residueIds.length != natoms) {
            throw InputException.in(path, "/parameters/topology/residue_ids has " + residueIds.length
                + " entries for " + natoms + " particles");
        }
        if (speciesNames != null) {
            for (int i = 0; i < natoms; i++) {
                if (species[i] < 0 || species[i] >= speciesNames.length) {
                    throw InputException.in(path, "/particles/" + particles.getName() + "/species of particle " + i
                        + " is " + species[i] + ", but /parameters/topology/species_names has " + speciesNames.length
                        + " entries (0.." + (speciesNames.length - 1) + ")");
                }
            }
        }
        List<Atom> atoms = new ArrayList<>(natoms);
        for (int i = 0; i < natoms; i++) {
            String kind = speciesNames != null ? speciesNames[species[i]] : String.valueOf(species[i]);
            String name = names != null ? names[i] : kind;
            atoms.add(new Atom(name, residues == null ? "" : residues[i], residueIds[i],
                elements == null ? "" : elements[i], name.equals(kind) ? "" : kind, mass[i]));
        }
        return new Structure(path, new Topology(atoms, atomBonds()), box.at(0, steps == null ? Frame.NO_STEP : steps[0]));
    }

    /**
     * A per-particle property ({@code species}, {@code mass}) as a flat array of {@code natoms}: a [N] dataset,
     * or a time-dependent element whose first value is used; null when absent.
     */
    private Object perParticle(String name) {
        Node n = particles.getChildren().get(name);
        if (n == null) {
            return null;
        }
        Dataset d = n instanceof Group g ? dataset(g, "value") : (Dataset) n;
        int[] dims = d.getDimensions();
        boolean fixed = !(n instanceof Group) && dims.length == 1 && dims[0] == natoms;
        boolean timeDependent = n instanceof Group && dims.length == 2 && dims[0] >= 1 && dims[1] == natoms;
        if (!fixed && !timeDependent) {
            throw InputException.in(path, d.getPath() + " has shape " + Arrays.toString(dims) + " but "
                + position.getPath() + " has " + natoms + " particles");
        }
        if (!(d.getDataType() instanceof io.jhdf.object.datatype.FixedPoint
            || d.getDataType() instanceof io.jhdf.object.datatype.FloatingPoint)) {
            throw InputException.in(path, d.getPath() + " holds " + d.getJavaType().getSimpleName()
                + " values; a particle's " + name + " is a number");
        }
        if (fixed) {
            return d.getDataFlat();
        }
        Object first = Array.get(d.getData(new long[] {0, 0}, new int[] {1, natoms}), 0);
        return first;
    }

    private Node topology(String name) {
        return file.getChildren().get("parameters") instanceof Group p
            && p.getChildren().get("topology") instanceof Group t ? t.getChildren().get(name) : null;
    }

    /** A string list of cgflow's /parameters/topology, checked to have {@code count} entries (any when -1). */
    private String[] names(String name, int count) {
        if (!(topology(name) instanceof Dataset d)) {
            return null;
        }
        String[] v = strings(d.getDataFlat());
        if (count >= 0 && v.length != count) {
            throw InputException.in(path, d.getPath() + " has " + v.length + " entries for " + count + " particles");
        }
        return v;
    }

    /** cgflow's atomistic bonds ({@code /parameters/topology/bonds} [M][2], 0-based), or none. */
    private int[] atomBonds() {
        if (!(topology("bonds") instanceof Dataset d)) {
            return new int[0];
        }
        int[] flat = toInts(d.getDataFlat());
        if (flat.length % 2 != 0) {
            throw InputException.in(path, "/parameters/topology/bonds has an odd number of entries; expected [M][2]");
        }
        for (int b : flat) {
            if (b < 0 || b >= natoms) {
                throw InputException.in(path, "/parameters/topology/bonds names particle " + b + " of " + natoms);
            }
        }
        return flat;
    }

    /**
     * The particles as a CG topology: bead types from the species, molecules, bonded interactions and
     * exclusions from {@code /connectivity} (written by cgflow for CG trajectories); without it every
     * particle is its own molecule and nothing is bonded.
     */
    public CgTopology cgTopology() {
        return guarded("/connectivity", this::readCgTopology);
    }

    private CgTopology readCgTopology() {
        Structure s = structure();
        Topology t = s.topology();
        // bead types name files and groups of what is computed from this file: the mapping's rules hold here too
        String[] declared = names("species_names", -1);
        for (String type : declared != null ? List.of(declared) : t.speciesNames()) {
            TypeNames.require(path, declared != null ? "/parameters/topology/species_names" : "particle names",
                "bead type", type);
        }
        if (!(file.getChild("connectivity") instanceof Group c)) {
            return CgTopology.ofParticles(t);
        }
        int n = t.size();
        int[] molecule = c.getChild("molecule") instanceof Dataset d ? integers(d, 1) : null;
        if (molecule == null || molecule.length != n) {
            throw InputException.in(path, "/connectivity/molecule is missing or does not have one entry per particle");
        }
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = t.atom(i).name();
        }
        List<CgTopology.Bonded> bonds = bonded(c, "bonds", "bond_types", 2, n);
        List<CgTopology.Bonded> angles = bonded(c, "angles", "angle_types", 3, n);
        List<CgTopology.Bonded> dihedrals = bonded(c, "dihedrals", "dihedral_types", 4, n);
        java.util.Set<Long> excluded = new java.util.HashSet<>();
        if (c.getChild("exclusions") instanceof Dataset e) {
            int[] flat = integers(e, 2);
            for (int i = 0; i + 1 < flat.length; i += 2) {
                for (int k = i; k < i + 2; k++) {
                    if (flat[k] < 0 || flat[k] >= n) {
                        throw InputException.in(path, "/connectivity/exclusions names particle " + flat[k] + " of " + n);
                    }
                }
                if (flat[i] == flat[i + 1]) {
                    throw InputException.in(path, "/connectivity/exclusions pairs particle " + flat[i] + " with itself");
                }
                excluded.add(CgTopology.pairKey(flat[i], flat[i + 1]));
            }
        }
        return new CgTopology(t.speciesNames(), t.species(), molecule, names, t.masses(), bonds, angles, dihedrals,
            excluded);
    }

    private List<CgTopology.Bonded> bonded(Group c, String name, String typesName, int size, int n) {
        List<CgTopology.Bonded> out = new ArrayList<>();
        if (!(c.getChild(name) instanceof Dataset d)) {
            return out;
        }
        int[] flat = integers(d, size);
        String[] types = c.getChild(typesName) instanceof Dataset td ? strings(td.getDataFlat()) : null;
        if (types == null || flat.length != types.length * size) {
            throw InputException.in(path, "/connectivity/" + name + " and " + typesName + " do not match");
        }
        for (int i = 0; i < types.length; i++) {
            TypeNames.require(path, "/connectivity/" + typesName + "[" + i + "]", name.substring(0, name.length() - 1)
                + " type", types[i]);
            int[] beads = java.util.Arrays.copyOfRange(flat, i * size, (i + 1) * size);
            for (int k = 0; k < size; k++) {
                int b = beads[k];
                if (b < 0 || b >= n) {
                    throw InputException.in(path, "/connectivity/" + name + " names particle " + b + " of " + n);
                }
                for (int j = 0; j < k; j++) {
                    if (beads[j] == b) {
                        throw InputException.in(path, "/connectivity/" + name + "[" + i + "] names particle " + b
                            + " twice");
                    }
                }
            }
            out.add(new CgTopology.Bonded(types[i], beads));
        }
        return out;
    }

    /**
     * An integer dataset of {@code width} columns ([M] when 1, [M][width] otherwise) as a flat array; indices stored
     * as floating-point numbers or in another shape are refused rather than truncated or reinterpreted.
     */
    private int[] integers(Dataset d, int width) {
        if (!(d.getDataType() instanceof io.jhdf.object.datatype.FixedPoint)) {
            throw InputException.in(path, d.getPath() + " holds " + d.getJavaType().getSimpleName()
                + " values; particle indices are integers");
        }
        int[] dims = d.getDimensions();
        boolean ok = width == 1 ? dims.length == 1 : dims.length == 2 && dims[1] == width
            || dims.length == 1 && dims[0] == 0;
        if (!ok) {
            throw InputException.in(path, d.getPath() + " has shape " + Arrays.toString(dims) + "; expected "
                + (width == 1 ? "[N]" : "[M][" + width + "]"));
        }
        return toInts(d.getDataFlat());
    }

    /** Boxes of every frame (cheap: the edges dataset only); null entries when the box is not periodic. */
    public List<Box> boxes() {
        List<Box> out = new ArrayList<>(frames);
        for (int k = 0; k < frames; k++) {
            out.add(box.at(k, steps == null ? Frame.NO_STEP : steps[k]));
        }
        return out;
    }

    public int frameCount() {
        return frames;
    }

    public int atomCount() {
        return natoms;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long bytesRead() {
        return (long) next * 12L * natoms;
    }

    @Override
    public Frame next() {
        if (next >= frames) {
            return null;
        }
        return frameAt(next++);
    }

    @Override
    public boolean skip() {
        if (next >= frames) {
            return false;
        }
        next++;
        return true;
    }

    private Frame frameAt(int k) {
        float[] x;
        try {
            x = frameChunk(k);
            if (x == null) {
                x = frameSlice(k);
            }
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw InputException.at(path, "frame " + k, "cannot read " + position.getPath() + ": " + describe(e));
        }
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(x[i]) <= Frame.MAX_COORDINATE)) {
                throw InputException.at(path, "frame " + k, position.getPath() + ": coordinate " + "xyz".charAt(i % 3)
                    + " of particle " + (i / 3 + 1) + " is " + x[i] + (Float.isFinite(x[i]) ? " nm, beyond ±"
                    + Frame.MAX_COORDINATE + " nm" : ""));
            }
        }
        long step = steps == null ? Frame.NO_STEP : steps[k];
        double time = times == null ? Double.NaN : times[k];
        return new Frame(step, time, box.at(k, step), x);
    }

    /** Frame k straight from its chunk when positions are float32 in chunks of one frame (cgflow's layout). */
    private float[] frameChunk(int k) {
        if (!(position instanceof ChunkedDataset chunked) || !(position.getDataType() instanceof FloatingPoint fp)
            || fp.getSize() != 4) {
            return null;
        }
        int[] chunk = chunked.getChunkDimensions();
        if (chunk.length != 3 || chunk[0] != 1 || chunk[1] != natoms || chunk[2] != 3) {
            return null;
        }
        byte[] bytes = chunkBytes(chunked, k);
        if (bytes.length != 12 * natoms) {
            throw InputException.at(path, "frame " + k, position.getPath() + ": its chunk holds " + bytes.length
                + " bytes, expected " + 12 * natoms);
        }
        java.nio.FloatBuffer fb = ByteBuffer.wrap(bytes).order(fp.getByteOrder()).asFloatBuffer();
        float[] x = new float[3 * natoms];
        fb.get(x);
        if (lengthScale != 1.0) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] * lengthScale);
            }
        }
        return x;
    }

    /** The bytes of frame k's chunk; deflated chunks (cgflow's and h5py's gzip) are decoded strictly. */
    private byte[] chunkBytes(ChunkedDataset chunked, int k) {
        int[] offset = {k, 0, 0};
        List<Integer> filters = position.getFilters().stream().map(f -> f.getId()).toList();
        int shuffle = filters.equals(List.of(2, 1)) ? 4 : filters.equals(List.of(1)) ? 0 : -1;
        if (shuffle < 0) {
            return chunked.getDecompressedChunk(offset);
        }
        ByteBuffer raw = chunked.getRawChunkBuffer(offset);
        byte[] stored = new byte[raw.remaining()];
        raw.get(stored);
        try {
            return FilteredChunk.decode(stored, shuffle, 12 * natoms);
        } catch (DataFormatException e) {
            throw InputException.at(path, "frame " + k, position.getPath() + ": corrupt compressed chunk: "
                + e.getMessage());
        }
    }

    private float[] frameSlice(int k) {
        Object data = position.getData(new long[] {k, 0, 0}, new int[] {1, natoms, 3});
        float[] x = new float[3 * natoms];
        Object frame = Array.get(data, 0);
        if (frame instanceof float[][] rows) {
            for (int i = 0; i < natoms; i++) {
                for (int d = 0; d < 3; d++) {
                    x[3 * i + d] = lengthScale == 1.0 ? rows[i][d] : (float) (rows[i][d] * lengthScale);
                }
            }
        } else for (int i = 0; i < natoms; i++) {
            Object atom = Array.get(frame, i);
            for (int d = 0; d < 3; d++) {
                x[3 * i + d] = (float) (((Number) Array.get(atom, d)).doubleValue() * lengthScale);
            }
        }
        return x;
    }

    /** Runs a read of {@code what}, turning any failure of the HDF5 layer into an InputException. */
    private <T> T guarded(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw InputException.in(path, "cannot read " + what + ": " + describe(e));
        }
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(m)) {
            m = (m == null ? "" : m + ": ") + cause.getMessage();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static Node child(Group g, String relative) {
        Node n = g;
        for (String part : relative.split("/")) {
            if (!(n instanceof Group group)) {
                return null;
            }
            n = group.getChildren().get(part);
        }
        return n;
    }

    private Dataset dataset(Group g, String relative) {
        if (!(child(g, relative) instanceof Dataset d)) {
            throw InputException.in(path, "missing dataset " + pathOf(g) + "/" + relative);
        }
        return d;
    }

    private static String[] strings(Object data) {
        if (data instanceof String s) {
            return new String[] {s};
        }
        if (data instanceof String[] a) {
            return a;
        }
        throw new IllegalArgumentException("expected strings, found " + data.getClass().getSimpleName());
    }

    private static String unit(Node n) {
        Attribute a = n.getAttribute("unit");
        if (a == null) {
            return "";
        }
        Object v = a.getData();
        if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
            v = Array.get(v, 0);
        }
        return v instanceof String s ? s.trim() : String.valueOf(v).trim();
    }

    private double lengthScale(Node n) {
        String unit = unit(n);
        return switch (unit) {
            case "", "nm" -> 1.0;
            case "Angstrom", "angstrom", "A", "Å", "\u212b" -> 0.1;
            case "pm" -> 0.001;
            default -> throw InputException.in(path, n.getPath() + ": length unit '" + unit
                + "' is not supported (nm, Angstrom, pm)");
        };
    }

    private double timeScale(Node n) {
        String unit = unit(n);
        return switch (unit) {
            case "", "ps" -> 1.0;
            case "fs" -> 1e-3;
            case "ns" -> 1e3;
            default -> throw InputException.in(path, n.getPath() + ": time unit '" + unit
                + "' is not supported (ps, fs, ns)");
        };
    }

    /** A numeric dataset as flat doubles times {@code scale}. */
    private double[] doubles(Dataset d, double scale) {
        Object flat = d.getDataFlat();
        if (!flat.getClass().isArray() || !flat.getClass().getComponentType().isPrimitive()) {
            throw InputException.in(path, d.getPath() + " is not numeric");
        }
        int n = Array.getLength(flat);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(flat, i)).doubleValue() * scale;
        }
        return out;
    }

    private static int[] toInts(Object flat) {
        if (flat == null) {
            return null;
        }
        int n = Array.getLength(flat);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(flat, i)).intValue();
        }
        return out;
    }

    /** A node's path without the trailing slash jhdf gives groups, for messages that append to it. */
    private static String pathOf(Node n) {
        String p = n.getPath();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static float[] toFloats(Object flat) {
        int n = Array.getLength(flat);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(flat, i)).floatValue();
        }
        return out;
    }

    @Override
    public void close() {
        file.close();
    }
}
