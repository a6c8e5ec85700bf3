package io.cgflow.analysis;

import io.cgflow.core.Provenance;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates the structural observables of CG frames into block histograms: per frame, the pair counts
 * of every bead-type pair (weighted by V / N_pairs for g(r)) and the bonded values of every bonded type.
 * Frame k (0-based over the selected frames of the whole trajectory) goes to block k / blockFrames.
 *
 * <p>The work is split in two, as in GROMACS's analysis framework: {@link #observe} computes the
 * observables S(x) of one configuration (the expensive part: pair counting and bonded geometry), which
 * may run on any thread with one {@link Observer} per thread; {@link #add} folds one frame's observables
 * into the sums. Adding frames in index order makes every floating-point sum happen in the same order
 * whatever the thread count or sharding, so the result is the same to the last bit. Not thread-safe.
 */
public final class ReferenceAccumulator {
    private final CgTopology topology;
    private final DistributionSettings settings;
    private final int blocks;
    private final int blockFrames;
    private final Grid rdfGrid;
    private Observer ownObserver;
    private final long[] pairNorm;
    private final int[] pairTypeA;
    private final int[] pairTypeB;
    /** [pair][block][bin]: Σ count·V/N_pairs; and raw counts [pair][bin]. */
    private final double[][][] rdfSums;
    private final long[][] rdfCounts;
    private final BondedKind[] bonded;
    private final long[] blockFrameCounts;
    private final double[] blockVolume;
    /** Volume of the spherical shell of each RDF bin, nm³. */
    private final double[] shells;

    /** The bonded types of one kind (bonds, angles or dihedrals) and their block histograms. */
    private static final class BondedKind {
        final Distribution.Kind kind;
        final Grid grid;
        final List<String> names;
        final int[] typeOf;
        final int[][] beads;
        final long[][][] counts;
        final long[] perFrame;
        final long[] outside;

        BondedKind(Distribution.Kind kind, Grid grid, List<CgTopology.Bonded> interactions, int blocks) {
            this.kind = kind;
            this.grid = grid;
            this.names = CgTopology.names(interactions);
            this.typeOf = new int[interactions.size()];
            this.beads = new int[interactions.size()][];
            this.perFrame = new long[names.size()];
            for (int b = 0; b < interactions.size(); b++) {
                typeOf[b] = names.indexOf(interactions.get(b).name());
                beads[b] = interactions.get(b).beads();
                perFrame[typeOf[b]]++;
            }
            this.counts = new long[names.size()][blocks][grid.bins()];
            this.outside = new long[names.size()];
        }
    }

    public ReferenceAccumulator(CgTopology topology, DistributionSettings settings, int blocks, int blockFrames) {
        this.topology = topology;
        this.settings = settings;
        this.blocks = blocks;
        this.blockFrames = blockFrames;
        this.rdfGrid = settings.rdfGrid();
        PairCounter counter = new PairCounter(topology, rdfGrid);
        int types = topology.types().size();
        int[] typeCounts = topology.typeCounts();
        this.pairNorm = new long[counter.pairs()];
        this.pairTypeA = new int[counter.pairs()];
        this.pairTypeB = new int[counter.pairs()];
        for (int a = 0; a < types; a++) {
            for (int b = a; b < types; b++) {
                int p = counter.pair(a, b);
                pairTypeA[p] = a;
                pairTypeB[p] = b;
                pairNorm[p] = a == b ? (long) typeCounts[a] * (typeCounts[a] - 1) / 2 : (long) typeCounts[a] * typeCounts[b];
            }
        }
        this.rdfSums = new double[counter.pairs()][blocks][rdfGrid.bins()];
        this.rdfCounts = new long[counter.pairs()][rdfGrid.bins()];
        this.bonded = new BondedKind[] {
            new BondedKind(Distribution.Kind.BOND, settings.bondGrid(), topology.bonds(), blocks),
            new BondedKind(Distribution.Kind.ANGLE, settings.angleGrid(), topology.angles(), blocks),
            new BondedKind(Distribution.Kind.DIHEDRAL, settings.dihedralGrid(), topology.dihedrals(), blocks)};
        this.blockFrameCounts = new long[blocks];
        this.blockVolume = new double[blocks];
        double w = rdfGrid.width();
        this.shells = new double[rdfGrid.bins()];
        for (int k = 0; k < shells.length; k++) {
            shells[k] = 4.0 / 3.0 * Math.PI * (Math.pow((k + 1) * w, 3) - Math.pow(k * w, 3));
        }
    }

    /** The observables S(x) of one configuration: pair counts per type pair and bin, bonded bins, volume. */
    public record FrameObservables(double volume, long[][] pairCounts, int[][] bondedBins) {
    }

    /**
     * Computes {@link FrameObservables} of configurations of this accumulator's system and grids. Holds the
     * cell list's work arrays: one per thread.
     */
    public final class Observer {
        private final PairCounter counter = new PairCounter(topology, rdfGrid);

        /** The observables of the CG configuration {@code x} (nm) in {@code box}. */
        public FrameObservables observe(float[] x, Box box) {
            counter.count(x, box);
            long[][] counts = counter.counts();
            long[][] copy = new long[counts.length][];
            for (int p = 0; p < counts.length; p++) {
                copy[p] = counts[p].clone();
            }
            int[][] bins = new int[bonded.length][];
            PeriodicCell cell = null;
            for (int kk = 0; kk < bonded.length; kk++) {
                BondedKind kind = bonded[kk];
                bins[kk] = new int[kind.beads.length];
                if (kind.beads.length > 0 && cell == null) {
                    cell = new PeriodicCell(box);
                }
                for (int b = 0; b < kind.beads.length; b++) {
                    int[] q = kind.beads[b];
                    double v = switch (kind.kind) {
                        case BOND -> BondedGeometry.length(x, q[0], q[1], cell);
                        case ANGLE -> BondedGeometry.angle(x, q[0], q[1], q[2], cell);
                        case DIHEDRAL -> dihedralOnGrid(BondedGeometry.dihedral(x, q[0], q[1], q[2], q[3], cell));
                        case RDF -> throw new IllegalStateException();
                    };
                    bins[kk][b] = kind.grid.index(v);
                }
            }
            return new FrameObservables(Math.abs(box.volume()), copy, bins);
        }
    }

    /** A new observer of this accumulator's system (one per thread). */
    public Observer observer() {
        return new Observer();
    }

    /** Adds the CG configuration {@code x} (nm) in {@code box} as frame {@code frameIndex}. */
    public void accept(long frameIndex, float[] x, Box box) {
        if (ownObserver == null) {
            ownObserver = observer();
        }
        add(frameIndex, ownObserver.observe(x, box));
    }

    /**
     * Adds the observables of frame {@code frameIndex}. Frames added in the same order give the same sums to
     * the last bit.
     */
    public void add(long frameIndex, FrameObservables o) {
        int block = (int) Math.min(blocks - 1, frameIndex / blockFrames);
        double volume = o.volume();
        long[][] counts = o.pairCounts();
        for (int p = 0; p < counts.length; p++) {
            if (pairNorm[p] == 0) {
                continue;
            }
            double factor = volume / pairNorm[p];
            double[] sums = rdfSums[p][block];
            long[] c = counts[p];
            long[] total = rdfCounts[p];
            for (int k = 0; k < c.length; k++) {
                if (c[k] != 0) {
                    sums[k] += c[k] * factor;
                    total[k] += c[k];
                }
            }
        }
        for (int kk = 0; kk < bonded.length; kk++) {
            BondedKind kind = bonded[kk];
            int[] bins = o.bondedBins()[kk];
            for (int b = 0; b < bins.length; b++) {
                int k = bins[b];
                if (k < 0) {
                    kind.outside[kind.typeOf[b]]++;
                } else {
                    kind.counts[kind.typeOf[b]][block][k]++;
                }
            }
        }
        blockFrameCounts[block]++;
        blockVolume[block] += volume;
    }

    /** One distribution of {@link #result}, in its order: kind, name and grid. */
    public record Key(Distribution.Kind kind, String name, Grid grid) {
    }

    /** The distributions {@link #result} reports, in its order (RDFs of type pairs with pairs, then bonded types). */
    public List<Key> keys() {
        List<Key> keys = new ArrayList<>();
        List<String> types = topology.types();
        for (int p = 0; p < pairNorm.length; p++) {
            if (pairNorm[p] != 0) {
                keys.add(new Key(Distribution.Kind.RDF, types.get(pairTypeA[p]) + "-" + types.get(pairTypeB[p]),
                    rdfGrid));
            }
        }
        for (BondedKind kind : bonded) {
            for (String name : kind.names) {
                keys.add(new Key(kind.kind, name, kind.grid));
            }
        }
        return keys;
    }

    /**
     * The distributions of one configuration alone, in the order of {@link #keys()}, normalised as {@link #result}
     * normalises the average: g(r) = counts · V / (N_pairs · shell volume), bonded densities = counts / (instances
     * on the grid · bin width). The average of these over frames of one volume is the result's value; training
     * uses them as the per-configuration observables S(x). {@code out[d]} has the bins of key d (overwritten).
     */
    public void frameValues(FrameObservables o, double[][] out) {
        int d = 0;
        long[][] counts = o.pairCounts();
        for (int p = 0; p < pairNorm.length; p++) {
            if (pairNorm[p] == 0) {
                continue;
            }
            double factor = o.volume() / pairNorm[p];
            double[] v = out[d++];
            for (int k = 0; k < v.length; k++) {
                v[k] = counts[p][k] * factor / shells[k];
            }
        }
        for (int kk = 0; kk < bonded.length; kk++) {
            BondedKind kind = bonded[kk];
            int[] bins = o.bondedBins()[kk];
            int first = d;
            long[] inside = new long[kind.names.size()];
            for (int t = 0; t < kind.names.size(); t++) {
                java.util.Arrays.fill(out[first + t], 0);
            }
            for (int b = 0; b < bins.length; b++) {
                if (bins[b] >= 0) {
                    out[first + kind.typeOf[b]][bins[b]] += 1;
                    inside[kind.typeOf[b]]++;
                }
            }
            for (int t = 0; t < kind.names.size(); t++) {
                double norm = inside[t] == 0 ? 0 : 1.0 / (inside[t] * kind.grid.width());
                double[] v = out[first + t];
                for (int k = 0; k < v.length; k++) {
                    v[k] *= norm;
                }
            }
            d += kind.names.size();
        }
    }

    /** Dihedrals live on [−180, 180): +180 is the same angle as −180. */
    private static double dihedralOnGrid(double d) {
        return d >= 180 ? d - 360 : d;
    }

    /** Adds another accumulator of the same system and settings into this one. */
    public void merge(ReferenceAccumulator other) {
        if (other.blocks != blocks || other.blockFrames != blockFrames || other.topology != topology) {
            throw new IllegalArgumentException("accumulators of different systems or block layouts");
        }
        for (int p = 0; p < rdfSums.length; p++) {
            for (int b = 0; b < blocks; b++) {
                add(rdfSums[p][b], other.rdfSums[p][b]);
            }
            add(rdfCounts[p], other.rdfCounts[p]);
        }
        for (int k = 0; k < bonded.length; k++) {
            for (int t = 0; t < bonded[k].names.size(); t++) {
                for (int b = 0; b < blocks; b++) {
                    add(bonded[k].counts[t][b], other.bonded[k].counts[t][b]);
                }
                bonded[k].outside[t] += other.bonded[k].outside[t];
            }
        }
        add(blockFrameCounts, other.blockFrameCounts);
        add(blockVolume, other.blockVolume);
    }

    private static void add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    private static void add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    public long frames() {
        long f = 0;
        for (long c : blockFrameCounts) {
            f += c;
        }
        return f;
    }

    /** The distributions and the system summary, with the provenance to record (no pressure). */
    public ReferenceDistributions result(double temperature, Provenance provenance) {
        return result(temperature, Double.NaN, provenance);
    }

    /** The distributions and the system summary with the state's temperature and pressure (NaN: not given). */
    public ReferenceDistributions result(double temperature, double pressure, Provenance provenance) {
        long frames = frames();
        if (frames == 0) {
            throw new IllegalStateException("no frames accumulated");
        }
        List<Distribution> out = new ArrayList<>();
        double[] x = rdfGrid.centres();
        double[] shell = shells;
        List<String> types = topology.types();
        for (int p = 0; p < rdfSums.length; p++) {
            if (pairNorm[p] == 0) {
                continue;
            }
            double[][] perBlock = new double[blocks][shell.length];
            double[] total = new double[shell.length];
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < shell.length; k++) {
                    total[k] += rdfSums[p][b][k];
                    if (blockFrameCounts[b] > 0) {
                        perBlock[b][k] = rdfSums[p][b][k] / (blockFrameCounts[b] * shell[k]);
                    }
                }
            }
            double[] g = new double[shell.length];
            for (int k = 0; k < shell.length; k++) {
                g[k] = total[k] / (frames * shell[k]);
            }
            String a = types.get(pairTypeA[p]);
            String bType = types.get(pairTypeB[p]);
            out.add(new Distribution(Distribution.Kind.RDF, a + "-" + bType, a, bType, rdfGrid, x, g,
                blockError(perBlock), rdfCounts[p].clone(), pairNorm[p], 0));
        }
        for (BondedKind kind : bonded) {
            for (int t = 0; t < kind.names.size(); t++) {
                long[] counts = new long[kind.grid.bins()];
                double[][] perBlock = new double[blocks][kind.grid.bins()];
                for (int b = 0; b < blocks; b++) {
                    long blockTotal = 0;
                    for (int k = 0; k < counts.length; k++) {
                        counts[k] += kind.counts[t][b][k];
                        blockTotal += kind.counts[t][b][k];
                    }
                    for (int k = 0; k < counts.length; k++) {
                        perBlock[b][k] = blockTotal == 0 ? 0 : kind.counts[t][b][k] / (blockTotal * kind.grid.width());
                    }
                }
                long sum = 0;
                for (long c : counts) {
                    sum += c;
                }
                double[] p = new double[counts.length];
                for (int k = 0; k < counts.length; k++) {
                    p[k] = sum == 0 ? 0 : counts[k] / (sum * kind.grid.width());
                }
                out.add(new Distribution(kind.kind, kind.names.get(t), null, null, kind.grid, kind.grid.centres(), p,
                    blockError(perBlock), counts, kind.perFrame[t], kind.outside[t]));
            }
        }
        double volume = 0;
        for (double v : blockVolume) {
            volume += v;
        }
        volume /= frames;
        int[] typeCounts = topology.typeCounts();
        double[] densities = new double[typeCounts.length];
        for (int t = 0; t < densities.length; t++) {
            densities[t] = typeCounts[t] / volume;
        }
        double[] masses = new double[types.size()];
        for (int i = 0; i < topology.size(); i++) {
            masses[topology.typeOf(i)] += topology.mass(i);
        }
        for (int t = 0; t < masses.length; t++) {
            masses[t] = typeCounts[t] == 0 ? Double.NaN : masses[t] / typeCounts[t];
        }
        return new ReferenceDistributions(new SystemSummary(frames, fullBlocks(), blockFrames, volume, types, typeCounts,
            densities, temperature, masses, pressure), out, provenance);
    }

    /** The blocks that hold {@code blockFrames} frames: the ones the error bars are computed from. */
    public int fullBlocks() {
        int full = 0;
        for (long c : blockFrameCounts) {
            if (c == blockFrames) {
                full++;
            }
        }
        return full;
    }

    /** Standard error of the mean over the full blocks; NaN with fewer than two. */
    private double[] blockError(double[][] perBlock) {
        int bins = perBlock.length == 0 ? 0 : perBlock[0].length;
        List<double[]> full = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            if (blockFrameCounts[b] == blockFrames) {
                full.add(perBlock[b]);
            }
        }
        double[] err = new double[bins];
        int m = full.size();
        for (int k = 0; k < bins; k++) {
            if (m < 2) {
                err[k] = Double.NaN;
                continue;
            }
            double mean = 0;
            for (double[] v : full) {
                mean += v[k];
            }
            mean /= m;
            double ss = 0;
            for (double[] v : full) {
                ss += (v[k] - mean) * (v[k] - mean);
            }
            err[k] = Math.sqrt(ss / (m * (double) (m - 1)));
        }
        return err;
    }
}
