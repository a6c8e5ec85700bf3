package io.cgflow.analysis;

import io.cgflow.core.InputException;
import io.cgflow.core.Provenance;
import io.cgflow.io.h5md.ProvenanceGroup;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HDF5 file of reference distributions (schema in docs/formats.md): {@code /system} (frames, blocks,
 * mean volume, bead types, counts, densities, temperature), one group per distribution under {@code /rdf},
 * {@code /bond}, {@code /angle} and {@code /dihedral} with datasets {@code x value error counts}, and
 * {@code /provenance}. Written to the path given (callers stage it for atomicity); read back by
 * {@link #read}, which the training and validation tools use.
 */
public final class DistributionsFile {
    public static final String FORMAT = "cgflow-distributions";
    public static final int VERSION = 1;

    private DistributionsFile() {
    }

    public static void write(Path file, ReferenceDistributions d) {
        SystemSummary s = d.summary();
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("format", FORMAT);
            h5.putAttribute("format_version", VERSION);
            WritableGroup system = h5.putGroup("system");
            system.putAttribute("frames", s.frames());
            system.putAttribute("blocks", s.blocks());
            system.putAttribute("block_frames", s.blockFrames());
            system.putAttribute("mean_volume", s.meanVolume());
            system.putAttribute("temperature", s.temperature());
            if (Double.isFinite(s.pressure())) {
                system.putAttribute("pressure", s.pressure());
            }
            system.putDataset("bead_types", s.types().toArray(new String[0]));
            system.putDataset("bead_counts", s.typeCounts());
            system.putDataset("densities", s.densities()).putAttribute("unit", "nm^-3");
            if (Arrays.stream(s.typeMasses()).allMatch(Double::isFinite)) {
                system.putDataset("bead_masses", s.typeMasses()).putAttribute("unit", "amu");
            }
            for (Distribution.Kind kind : Distribution.Kind.values()) {
                List<Distribution> of = d.distributions().stream().filter(x -> x.kind() == kind).toList();
                if (of.isEmpty()) {
                    continue;
                }
                WritableGroup group = h5.putGroup(kind.prefix());
                for (Distribution dist : of) {
                    WritableGroup g = group.putGroup(dist.name());
                    g.putDataset("x", dist.x()).putAttribute("unit", kind.unit());
                    g.putDataset("value", dist.value());
                    g.putDataset("error", dist.error());
                    g.putDataset("counts", dist.counts());
                    g.putAttribute("min", dist.grid().min());
                    g.putAttribute("bin_width", dist.grid().width());
                    g.putAttribute("bins", dist.grid().bins());
                    g.putAttribute("norm", dist.norm());
                    g.putAttribute("outside", dist.outside());
                    if (dist.typeA() != null) {
                        g.putAttribute("type_a", dist.typeA());
                        g.putAttribute("type_b", dist.typeB());
                    }
                }
            }
            ProvenanceGroup.write(h5.putGroup("provenance"), d.provenance());
        }
    }

    public static ReferenceDistributions read(Path file) {
        InputException.requireFile(file);
        io.cgflow.core.config.Hdf5Files.requireComplete(file);
        try (HdfFile h5 = new HdfFile(file)) {
            if (!h5.getAttributes().containsKey("format")) {
                boolean trajectory = h5.getChildren().containsKey("h5md") || h5.getChildren().containsKey("particles");
                throw InputException.in(file, trajectory ? "is an H5MD trajectory, not reference distributions (those"
                    + " are written by cgflow-reference -o)" : "is an HDF5 file but not cgflow reference distributions"
                    + " (no /format attribute \"" + FORMAT + "\")");
            }
            if (!FORMAT.equals(attribute(h5, "format"))) {
                throw InputException.in(file, "not a cgflow distributions file (format \"" + attribute(h5, "format")
                    + "\", expected \"" + FORMAT + "\")");
            }
            Group system = (Group) h5.getChild("system");
            String[] types = (String[]) ((Dataset) system.getChild("bead_types")).getDataFlat();
            SystemSummary summary = new SystemSummary(((Number) attribute(system, "frames")).longValue(),
                ((Number) attribute(system, "blocks")).intValue(),
                ((Number) attribute(system, "block_frames")).intValue(),
                ((Number) attribute(system, "mean_volume")).doubleValue(), Arrays.asList(types),
                (int[]) ((Dataset) system.getChild("bead_counts")).getDataFlat(),
                (double[]) ((Dataset) system.getChild("densities")).getDataFlat(),
                ((Number) attribute(system, "temperature")).doubleValue(),
                system.getChildren().containsKey("bead_masses")
                    ? (double[]) ((Dataset) system.getChild("bead_masses")).getDataFlat() : null,
                system.getAttributes().containsKey("pressure")
                    ? ((Number) attribute(system, "pressure")).doubleValue() : Double.NaN);
            if (summary.typeMasses().length != types.length) {
                throw InputException.in(file, "/system/bead_masses has " + summary.typeMasses().length
                    + " values for " + types.length + " bead types");
            }
            List<Distribution> list = new ArrayList<>();
            for (Distribution.Kind kind : Distribution.Kind.values()) {
                Node node = h5.getChild(kind.prefix());
                if (!(node instanceof Group group)) {
                    continue;
                }
                for (Node child : group) {
                    Group g = (Group) child;
                    Grid grid;
                    try {
                        grid = new Grid(((Number) attribute(g, "min")).doubleValue(),
                            ((Number) attribute(g, "bin_width")).doubleValue(),
                            ((Number) attribute(g, "bins")).intValue());
                    } catch (IllegalArgumentException e) {
                        throw InputException.in(file, "/" + kind.prefix() + "/" + g.getName() + ": " + e.getMessage());
                    }
                    list.add(new Distribution(kind, g.getName(), (String) optionalAttribute(g, "type_a"),
                        (String) optionalAttribute(g, "type_b"), grid, doubles(g, "x"), doubles(g, "value"),
                        doubles(g, "error"), (long[]) ((Dataset) g.getChild("counts")).getDataFlat(),
                        ((Number) attribute(g, "norm")).longValue(), ((Number) attribute(g, "outside")).longValue()));
                }
            }
            check(file, summary, list);
            Provenance provenance = ProvenanceGroup.read((Group) h5.getChild("provenance"));
            return new ReferenceDistributions(summary, list, provenance);
        } catch (HdfException | ClassCastException | NullPointerException e) {
            throw InputException.in(file, "malformed distributions file: " + e.getMessage());
        }
    }

    /**
     * What every reader of a distributions file relies on: at least one frame and one bead, a positive volume,
     * per-type counts, densities and masses that fit together, distributions of bead types the system has, with finite
     * values that are not all zero where there were counts. A file that breaks one is refused with the place named,
     * before a trainer or a validation computes anything from it.
     */
    private static void check(Path file, SystemSummary s, List<Distribution> list) {
        int types = s.types().size();
        if (s.frames() < 1) {
            throw InputException.in(file, "/system: frames is " + s.frames() + "; a reference needs at least one frame");
        }
        if (!(s.meanVolume() > 0) || !Double.isFinite(s.meanVolume())) {
            throw InputException.in(file, "/system: mean_volume is " + s.meanVolume() + " nm³; a positive volume is"
                + " needed");
        }
        if (s.typeCounts().length != types || s.densities().length != types) {
            throw InputException.in(file, "/system: bead_counts has " + s.typeCounts().length + " and densities "
                + s.densities().length + " values for " + types + " bead types");
        }
        long beads = 0;
        for (int t = 0; t < types; t++) {
            int count = s.typeCounts()[t];
            double density = s.densities()[t];
            double mass = s.typeMasses()[t];
            if (count < 0 || !(density >= 0) || !Double.isFinite(density) || (count > 0) != (density > 0)) {
                throw InputException.in(file, "/system: bead type " + s.types().get(t) + " has " + count
                    + " beads and density " + density + " nm⁻³; the two must be non-negative and zero together");
            }
            if (!Double.isNaN(mass) && !(mass > 0 && Double.isFinite(mass))) {
                throw InputException.in(file, "/system/bead_masses: bead type " + s.types().get(t) + " has mass "
                    + mass + "; a mass must be positive");
            }
            beads += count;
            double expected = count / s.meanVolume();
            if (Math.abs(density - expected) > DENSITY_TOLERANCE * expected) {
                // the density of a type averaged over frames equals its count over the mean volume up to the
                // volume's relative variance (10⁻⁴ in a liquid under NPT)
                throw InputException.in(file, "/system/densities: bead type " + s.types().get(t) + " has density "
                    + density + " nm⁻³, but " + count + " beads in a mean volume of " + s.meanVolume() + " nm³ give "
                    + expected + " nm⁻³: the summary does not hold together");
            }
        }
        if (beads == 0) {
            throw InputException.in(file, "/system/bead_counts: no beads");
        }
        for (Distribution d : list) {
            String where = "/" + d.kind().prefix() + "/" + d.name();
            for (String type : new String[] {d.typeA(), d.typeB()}) {
                if (type != null && !s.types().contains(type)) {
                    throw InputException.in(file, where + ": bead type " + type + " is not one of the system's "
                        + s.types());
                }
            }
            int bins = d.grid().bins();
            if (d.x().length != bins || d.value().length != bins || d.error().length != bins
                || d.counts().length != bins) {
                throw InputException.in(file, where + ": the grid has " + bins + " bins, but x has " + d.x().length
                    + ", value " + d.value().length + ", error " + d.error().length + " and counts " + d.counts().length
                    + " values");
            }
            for (int k = 0; k < bins; k++) {
                double e = d.error()[k];
                if (!Double.isNaN(e) && !(e >= 0 && Double.isFinite(e))) {
                    throw InputException.in(file, where + "/error: " + e + " in bin " + k
                        + "; an error bar is finite and not negative (NaN: fewer than two blocks)");
                }
                if (d.counts()[k] < 0) {
                    throw InputException.in(file, where + "/counts: " + d.counts()[k] + " in bin " + k);
                }
            }
            double[] v = d.value();
            boolean any = false;
            for (int k = 0; k < v.length; k++) {
                if (!Double.isFinite(v[k])) {
                    throw InputException.in(file, where + "/value: " + v[k] + " in bin " + k);
                }
                any |= v[k] != 0;
            }
            long counted = 0;
            for (long c : d.counts()) {
                counted += c;
            }
            if (counted > 0 && !any) {
                throw InputException.in(file, where + ": " + counted + " counts, but the value is zero in every bin");
            }
        }
    }

    /** How far a type's density may differ from its bead count over the mean volume (relative). */
    private static final double DENSITY_TOLERANCE = 0.02;

    private static double[] doubles(Group g, String name) {
        return (double[]) ((Dataset) g.getChild(name)).getDataFlat();
    }

    private static Object attribute(Node node, String name) {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            throw new HdfException("missing attribute " + name + " on " + node.getPath());
        }
        Object v = a.getData();
        return v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1
            ? java.lang.reflect.Array.get(v, 0) : v;
    }

    private static Object optionalAttribute(Node node, String name) {
        return node.getAttribute(name) == null ? null : attribute(node, name);
    }
}
