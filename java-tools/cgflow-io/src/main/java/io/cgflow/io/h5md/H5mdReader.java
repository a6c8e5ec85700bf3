package io.cgflow.io.h5md;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.Topology;

import io.cgflow.io.trajectory.Structure;
import io.cgflow.io.trajectory.TrajectoryReader;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads H5MD files: cgflow's own and those of other writers (MDAnalysis, LAMMPS {@code dump h5md}).
 * Positions are read one frame at a time; the box may be time-dependent ({@code edges/value} [T][3][3]
 * or [T][3]) or fixed ({@code edges} [3][3] or [3]). Units other than nm/ps are converted when the
 * {@code unit} attribute says Å or fs.
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
    private final Dataset edges;
    private final boolean edgesTimeDependent;
    private final Box fixedBox;
    private int next;

    public H5mdReader(Path path) {
        this.path = path;
        if (!Files.exists(path)) {
            throw InputException.in(path, "file not found");
        }
        try {
            this.file = new HdfFile(path);
        } catch (HdfException | IllegalArgumentException e) {
            throw InputException.in(path, "not a readable HDF5 file: " + e.getMessage());
        }
        try {
            Node particlesNode = file.getChild("particles");
            if (!(particlesNode instanceof Group all) || all.getChildren().isEmpty()) {
                throw InputException.in(path, "no /particles group: not an H5MD trajectory");
            }
            Node groupNode = all.getChild(H5mdWriter.GROUP);
            if (groupNode == null) {
                groupNode = all.getChildren().values().iterator().next();
            }
            this.particles = (Group) groupNode;
            this.position = dataset(particles, "position/value");
            int[] dims = position.getDimensions();
            if (dims.length != 3 || dims[2] != 3) {
                throw InputException.in(path, particles.getPath() + "/position/value has shape "
                    + java.util.Arrays.toString(dims) + ", expected [frames][atoms][3]");
            }
            this.frames = dims[0];
            this.natoms = dims[1];
            this.lengthScale = lengthScale(unit(position));
            Dataset stepSet = optionalDataset(particles, "position/step");
            Dataset timeSet = optionalDataset(particles, "position/time");
            this.steps = stepSet == null ? null : toLongs(stepSet.getDataFlat());
            this.times = timeSet == null ? null : toDoubles(timeSet.getDataFlat(), timeScale(unit(timeSet)));
            Node edgesNode = particles.getByPath("box/edges");
            if (edgesNode instanceof Group g) {
                this.edges = dataset(g, "value");
                this.edgesTimeDependent = true;
                this.fixedBox = null;
            } else if (edgesNode instanceof Dataset d) {
                this.edges = null;
                this.edgesTimeDependent = false;
                this.fixedBox = boxFrom(toDoubles(d.getDataFlat(), lengthScale(unit(d))));
            } else {
                this.edges = null;
                this.edgesTimeDependent = false;
                this.fixedBox = null;
            }
        } catch (HdfException | ClassCastException e) {
            file.close();
            throw InputException.in(path, "malformed H5MD: " + e.getMessage());
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The particles of an H5MD file as a structure (names from cgflow's parameters/topology when present). */
    public Structure structure() {
        int[] species = optionalDataset(particles, "species") == null ? new int[natoms]
            : toInts(dataset(particles, "species").getDataFlat());
        float[] mass = optionalDataset(particles, "mass") == null ? new float[natoms]
            : toFloats(dataset(particles, "mass").getDataFlat());
        String[] speciesNames = strings("parameters/topology/species_names");
        String[] names = strings("parameters/topology/atom_names");
        String[] residues = strings("parameters/topology/residue_names");
        String[] elements = strings("parameters/topology/elements");
        int[] residueIds = file.getByPath("/parameters/topology/residue_ids") instanceof Dataset d
            ? toInts(d.getDataFlat()) : new int[natoms];
        List<Atom> atoms = new ArrayList<>(natoms);
        for (int i = 0; i < natoms; i++) {
            String kind = speciesNames != null && species[i] < speciesNames.length ? speciesNames[species[i]]
                : String.valueOf(species[i]);
            String name = names != null ? names[i] : kind;
            atoms.add(new Atom(name, residues == null ? "" : residues[i], residueIds[i],
                elements == null ? "" : elements[i], name.equals(kind) ? "" : kind, mass[i]));
        }
        Frame first = frames > 0 ? frameAt(0) : null;
        return new Structure(path, new Topology(atoms, atomBonds()), first == null ? fixedBox : first.box());
    }

    /** cgflow's atomistic bonds ({@code /parameters/topology/bonds} [M][2], 0-based), or none. */
    private int[] atomBonds() {
        Dataset d;
        try {
            d = file.getByPath("/parameters/topology/bonds") instanceof Dataset ds ? ds : null;
        } catch (HdfException e) {
            return new int[0];
        }
        if (d == null) {
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
        Structure s = structure();
        Topology t = s.topology();
        if (!(file.getChild("connectivity") instanceof Group c)) {
            return CgTopology.ofParticles(t);
        }
        int n = t.size();
        int[] molecule = c.getChild("molecule") instanceof Dataset d ? toInts(d.getDataFlat()) : null;
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
            int[] flat = toInts(e.getDataFlat());
            for (int i = 0; i + 1 < flat.length; i += 2) {
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
        int[] flat = toInts(d.getDataFlat());
        String[] types = c.getChild(typesName) instanceof Dataset td ? (String[]) td.getDataFlat() : null;
        if (types == null || flat.length != types.length * size) {
            throw InputException.in(path, "/connectivity/" + name + " and " + typesName + " do not match");
        }
        for (int i = 0; i < types.length; i++) {
            int[] beads = java.util.Arrays.copyOfRange(flat, i * size, (i + 1) * size);
            for (int b : beads) {
                if (b < 0 || b >= n) {
                    throw InputException.in(path, "/connectivity/" + name + " names particle " + b + " of " + n);
                }
            }
            out.add(new CgTopology.Bonded(types[i], beads));
        }
        return out;
    }

    /** Boxes of every frame (cheap: the edges dataset only). */
    public List<Box> boxes() {
        List<Box> out = new ArrayList<>(frames);
        if (edgesTimeDependent) {
            double[] all = toDoubles(edges.getData(), lengthScale(unit(edges)));
            int per = all.length / Math.max(1, frames);
            for (int k = 0; k < frames; k++) {
                out.add(boxFrom(java.util.Arrays.copyOfRange(all, k * per, (k + 1) * per)));
            }
        } else {
            for (int k = 0; k < frames; k++) {
                out.add(fixedBox);
            }
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
        return frames == 0 ? 0 : (long) next * 12L * natoms;
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
        float[] x = frameChunk(k);
        if (x == null) {
            x = frameSlice(k);
        }
        Box box = fixedBox;
        if (edgesTimeDependent) {
            int[] dims = edges.getDimensions();
            long[] offset = new long[dims.length];
            offset[0] = k;
            int[] shape = dims.clone();
            shape[0] = 1;
            box = boxFrom(toDoubles(edges.getData(offset, shape), lengthScale(unit(edges))));
        }
        long step = steps == null ? Frame.NO_STEP : steps[k];
        double time = times == null ? Double.NaN : times[k];
        return new Frame(step, time, box, x);
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
        byte[] bytes = chunked.getDecompressedChunk(new int[] {k, 0, 0});
        java.nio.FloatBuffer fb = java.nio.ByteBuffer.wrap(bytes).order(fp.getByteOrder()).asFloatBuffer();
        float[] x = new float[3 * natoms];
        fb.get(x);
        if (lengthScale != 1.0) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] * lengthScale);
            }
        }
        return x;
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

    private Box boxFrom(double[] v) {
        if (v.length == 3) {
            return Box.orthorhombic(v[0], v[1], v[2]);
        }
        if (v.length == 9) {
            return Box.ofMatrix(v);
        }
        throw InputException.in(path, "box edges have " + v.length + " numbers per frame, expected 3 or 9");
    }

    private Dataset dataset(Group g, String relative) {
        Dataset d = optionalDataset(g, relative);
        if (d == null) {
            throw InputException.in(path, "missing dataset " + g.getPath() + relative);
        }
        return d;
    }

    private static Dataset optionalDataset(Group g, String relative) {
        try {
            return g.getByPath(relative) instanceof Dataset d ? d : null;
        } catch (HdfException e) {
            return null;
        }
    }

    private String[] strings(String absolute) {
        try {
            return file.getByPath(absolute) instanceof Dataset d ? (String[]) d.getDataFlat() : null;
        } catch (HdfException e) {
            return null;
        }
    }

    private static String unit(Dataset d) {
        Attribute a = d.getAttribute("unit");
        if (a == null) {
            return "";
        }
        Object v = a.getData();
        return v instanceof String s ? s.trim() : String.valueOf(v).trim();
    }

    private double lengthScale(String unit) {
        return switch (unit) {
            case "", "nm" -> 1.0;
            case "Angstrom", "angstrom", "A", "Å" -> 0.1;
            case "pm" -> 0.001;
            default -> throw InputException.in(path, "length unit '" + unit + "' is not supported (nm, Angstrom, pm)");
        };
    }

    private double timeScale(String unit) {
        return switch (unit) {
            case "", "ps" -> 1.0;
            case "fs" -> 1e-3;
            case "ns" -> 1e3;
            default -> throw InputException.in(path, "time unit '" + unit + "' is not supported (ps, fs, ns)");
        };
    }

    private static long[] toLongs(Object flat) {
        int n = Array.getLength(flat);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(flat, i)).longValue();
        }
        return out;
    }

    private static double[] toDoubles(Object data, double scale) {
        List<Double> values = new ArrayList<>();
        flatten(data, values);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i) * scale;
        }
        return out;
    }

    private static void flatten(Object data, List<Double> out) {
        if (data.getClass().isArray()) {
            int n = Array.getLength(data);
            for (int i = 0; i < n; i++) {
                flatten(Array.get(data, i), out);
            }
        } else {
            out.add(((Number) data).doubleValue());
        }
    }

    private static int[] toInts(Object flat) {
        int n = Array.getLength(flat);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) Array.get(flat, i)).intValue();
        }
        return out;
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
