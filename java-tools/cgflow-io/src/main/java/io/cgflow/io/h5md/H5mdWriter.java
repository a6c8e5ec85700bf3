package io.cgflow.io.h5md;

import io.cgflow.core.Provenance;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.Topology;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes one H5MD 1.1 file from a block of frames (docs/formats.md describes the layout). A file is built from
 * frames held in memory (callers bound that memory by sharding) in two steps: jhdf writes everything but the
 * frames as soon as the particles are known ({@link #open}), then the frames' data are appended in one go
 * ({@link Pending#write}). Positions are float32 [T][N][3] in chunks of one frame (cheap single-frame reads),
 * deflate-compressed with shuffle when a compression level above 0 is asked for.
 */
public final class H5mdWriter {
    /** The particle group cgflow writes (H5MD's conventional name for all particles). */
    public static final String GROUP = "all";

    private H5mdWriter() {
    }

    /** Settings of a write: deflate level 0–9 and the program recorded as H5MD creator. */
    public record Options(int compression, String creator, String creatorVersion, int threads) {
        public Options {
            if (compression < 0 || compression > 9) {
                throw new IllegalArgumentException("compression level must be 0-9, not " + compression);
            }
        }
    }

    /** Where a shard sits in the whole converted trajectory. */
    public record ShardInfo(int index, long firstFrame) {
    }

    /**
     * Writes {@code frames} of the particles {@code topology}; {@code cg}, when not null, is recorded as the
     * CG connectivity ({@code /connectivity}: bonds, angles, dihedrals with their type names, molecule of each
     * bead, excluded pairs).
     */
    public static void write(Path file, Topology topology, CgTopology cg, List<Frame> frames, Provenance provenance,
                             ShardInfo shard, Options options) {
        open(file, topology, cg, provenance, shard, options).write(frames);
    }

    /**
     * Writes {@code file} but for its frames (particles, topology, connectivity, provenance, and the headers of
     * the frame datasets), so that this part of the work can run while the frames are still being read;
     * {@link Pending#write} appends them.
     */
    public static Pending open(Path file, Topology topology, CgTopology cg, Provenance provenance, ShardInfo shard,
                               Options options) {
        return new Pending(file, topology, cg, provenance, shard, options);
    }

    /**
     * A file written by {@link #open} that waits for its frames: jhdf has written and closed it with the object
     * headers of the frame datasets in place (one frame, no data); the frames' data go after its end, the
     * headers are written again for them, and the variable-length strings come last.
     */
    public static final class Pending {
        private final Path file;
        private final StringAttributes text = new StringAttributes();
        private final FrameSeriesDataset edges;
        private final FrameSeriesDataset edgeSteps;
        private final FrameSeriesDataset edgeTimes;
        private final FrameChunkedDataset positions;
        private final FrameSeriesDataset positionSteps;
        private final FrameSeriesDataset positionTimes;
        private final int atoms;
        private boolean written;

        private Pending(Path file, Topology topology, CgTopology cg, Provenance provenance, ShardInfo shard,
                        Options options) {
            this.file = file;
            this.atoms = topology.size();
            int n = atoms;
            int[] ids = new int[n];
            String[] names = new String[n];
            String[] residueNames = new String[n];
            int[] residueIds = new int[n];
            String[] elements = new String[n];
            float[] masses = new float[n];
            for (int i = 0; i < n; i++) {
                ids[i] = i + 1;
                names[i] = topology.atom(i).name();
                residueNames[i] = topology.atom(i).residueName();
                residueIds[i] = topology.atom(i).residueId();
                elements[i] = topology.atom(i).element();
                masses[i] = (float) topology.atom(i).mass();
            }
            try (WritableHdfFile h5 = HdfFile.write(file)) {
                WritableGroup h5md = h5.putGroup("h5md");
                h5md.putAttribute("version", new int[] {1, 1});
                WritableGroup author = h5md.putGroup("author");
                text.put(author, "name", System.getProperty("user.name", "unknown"));
                WritableGroup creator = h5md.putGroup("creator");
                text.put(creator, "name", options.creator());
                text.put(creator, "version", options.creatorVersion());

                WritableGroup particles = h5.putGroup("particles").putGroup(GROUP);
                WritableGroup box = particles.putGroup("box");
                box.putAttribute("dimension", 3);
                text.put(box, "boundary", new String[] {"periodic", "periodic", "periodic"});
                WritableGroup edgesGroup = box.putGroup("edges");
                edges = put(edgesGroup, FrameSeriesDataset.edges("value", edgesGroup));
                text.put(edges, "unit", "nm");
                edgeSteps = put(edgesGroup, FrameSeriesDataset.steps("step", edgesGroup));
                edgeTimes = put(edgesGroup, FrameSeriesDataset.times("time", edgesGroup));
                text.put(edgeTimes, "unit", "ps");

                WritableGroup position = particles.putGroup("position");
                positions = put(position, new FrameChunkedDataset(n, "value", position, options.compression(),
                    options.threads()));
                text.put(positions, "unit", "nm");
                positionSteps = put(position, FrameSeriesDataset.steps("step", position));
                positionTimes = put(position, FrameSeriesDataset.times("time", position));
                text.put(positionTimes, "unit", "ps");

                particles.putDataset("species", topology.species());
                text.put(particles.putDataset("mass", masses), "unit", "amu");
                particles.putDataset("id", ids);

                WritableGroup parameters = h5.putGroup("parameters");
                WritableGroup topo = parameters.putGroup("topology");
                StringColumnDataset.put(topo, "atom_names", names);
                StringColumnDataset.put(topo, "residue_names", residueNames);
                topo.putDataset("residue_ids", residueIds);
                StringColumnDataset.put(topo, "elements", elements);
                StringColumnDataset.put(topo, "species_names", topology.speciesNames().toArray(new String[0]));
                if (topology.bondCount() > 0) {
                    topo.putDataset("bonds", atomBonds(topology));
                }

                if (cg != null) {
                    writeConnectivity(h5.putGroup("connectivity"), cg, text);
                }

                WritableGroup prov = ProvenanceGroup.write(parameters.putGroup("provenance"), provenance, text);
                prov.putAttribute("shard_index", shard.index());
                prov.putAttribute("first_frame", shard.firstFrame());
            }
        }

        private static <D extends DeferredDataset> D put(WritableGroup group, D dataset) {
            group.putDataset(dataset.getName(), dataset);
            return dataset;
        }

        /** Appends the frames (positions, box, step, time) and completes the file; a file takes frames once. */
        public void write(List<Frame> frames) {
            if (written) {
                throw new IllegalStateException(file + " already has its frames");
            }
            if (frames.isEmpty()) {
                throw new IllegalArgumentException("an H5MD file needs at least one frame");
            }
            written = true;
            int t = frames.size();
            List<float[]> x = new java.util.ArrayList<>(t);
            float[][][] boxes = new float[t][3][3];
            long[] steps = new long[t];
            double[] times = new double[t];
            for (int f = 0; f < t; f++) {
                Frame frame = frames.get(f);
                if (frame.positions().length != 3 * atoms) {
                    throw new IllegalArgumentException("frame " + f + " has " + frame.positions().length / 3
                        + " atoms, topology " + atoms);
                }
                x.add(frame.positions());
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        boxes[f][r][c] = (float) frame.box().get(r, c);
                    }
                }
                steps[f] = frame.step();
                times[f] = frame.time();
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long at = positions.append(ch, x, ch.size());
                at = edges.append(ch, boxes, at);
                at = edgeSteps.append(ch, steps, at);
                at = edgeTimes.append(ch, times, at);
                at = positionSteps.append(ch, steps, at);
                positionTimes.append(ch, times, at);
                text.complete(ch, file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** The atomistic bonds as [M][2] 0-based particle indices. */
    private static int[][] atomBonds(Topology topology) {
        int[] flat = topology.bonds();
        int[][] pairs = new int[flat.length / 2][];
        for (int k = 0; k < pairs.length; k++) {
            pairs[k] = new int[] {flat[2 * k], flat[2 * k + 1]};
        }
        return pairs;
    }

    private static void writeConnectivity(WritableGroup group, CgTopology cg, StringAttributes text) {
        text.put(group, "particles_group", "/particles/" + GROUP);
        group.putDataset("molecule", cg.moleculeIndices());
        writeBonded(group, "bonds", cg.bonds());
        writeBonded(group, "angles", cg.angles());
        writeBonded(group, "dihedrals", cg.dihedrals());
        if (!cg.excludedPairs().isEmpty()) {
            long[] keys = cg.excludedPairs().stream().mapToLong(Long::longValue).sorted().toArray();
            int[][] pairs = new int[keys.length][2];
            for (int i = 0; i < keys.length; i++) {
                pairs[i][0] = (int) (keys[i] >>> 32);
                pairs[i][1] = (int) keys[i];
            }
            group.putDataset("exclusions", pairs);
        }
    }

    private static void writeBonded(WritableGroup group, String name, List<CgTopology.Bonded> bonded) {
        if (bonded.isEmpty()) {
            return;
        }
        int[][] beads = new int[bonded.size()][];
        String[] types = new String[bonded.size()];
        for (int i = 0; i < beads.length; i++) {
            beads[i] = bonded.get(i).beads();
            types[i] = bonded.get(i).name();
        }
        group.putDataset(name, beads);
        StringColumnDataset.put(group, name.substring(0, name.length() - 1) + "_types", types);
    }
}
