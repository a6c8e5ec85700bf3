package io.cgflow.md;

import io.cgflow.core.InputException;
import io.cgflow.core.config.TextFiles;
import io.cgflow.core.frame.Frame;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.topology.Atom;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.core.topology.TypeNames;
import io.cgflow.io.h5md.H5mdReader;
import io.cgflow.io.trajectory.GroReader;
import io.cgflow.io.trajectory.Structure;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start configuration: a CG H5MD (its topology from {@code /connectivity}, one frame, the last by default), the
 * shard list of one, or a GRO file (the last frame by default) whose atom names are bead types (every bead its own
 * molecule, nothing bonded).
 */
public record StartFile(CgTopology topology, Box box, double[] positions) {
    /** Reads frame {@code frame} (−1: the last) of {@code file}. */
    public static StartFile read(Path file, int frame) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        CgTopology top;
        Frame f;
        if (name.endsWith(".shards.txt")) {
            return fromShards(file, frame);
        }
        if (name.endsWith(".gro")) {
            Structure s = GroReader.readStructure(file);
            top = CgTopology.ofParticles(s.topology());
            // a GRO file may hold several frames (gmx trjconv -o out.gro): the last, or frame N, as for H5MD; every
            // frame must hold the first frame's beads (count and names), whose types the run takes
            try (GroReader r = new GroReader(file, s.topology().size())) {
                Object chosen = null;
                int count = 0;
                int chosenIndex = -1;
                for (Object next = r.nextRaw(); next != null; next = r.nextRaw()) {
                    if (frame < 0 || count == frame) {
                        chosen = next;
                        chosenIndex = count;
                    }
                    count++;
                    if (count > frame && frame >= 0) {
                        break;
                    }
                }
                if (frame >= count || chosen == null) {
                    throw InputException.in(file, "has " + count + " frame(s); frame " + frame + " asked for");
                }
                List<Atom> atoms = new ArrayList<>();
                f = r.decode(chosen, atoms);
                for (int i = 0; i < atoms.size(); i++) {
                    String atomName = atoms.get(i).name();
                    String first = s.topology().atom(i).name();
                    if (!atomName.equals(first)) {
                        throw InputException.at(file, "frame " + chosenIndex + ", atom " + (i + 1), "named " + atomName
                            + " where the first frame has " + first + ": every frame of a start file must hold the"
                            + " same beads in the same order");
                    }
                }
            }
        } else if (name.endsWith(".h5") || name.endsWith(".h5md") || name.endsWith(".hdf5")) {
            try (H5mdReader r = new H5mdReader(file)) {
                top = r.cgTopology();
                int count = r.frameCount();
                int k = frame < 0 ? count - 1 : frame;
                if (count == 0 || k >= count) {
                    throw InputException.in(file, "has " + count + " frame(s); frame " + k + " asked for");
                }
                for (int j = 0; j < k; j++) {
                    r.skip();
                }
                f = r.next();
            }
        } else {
            throw InputException.in(file, "start files are CG H5MD (.h5, .h5md, .hdf5), the shard list of one"
                + " (OUT.shards.txt) or GRO (.gro)");
        }
        if (f == null || f.box() == null) {
            throw InputException.in(file, "the start frame has no box");
        }
        Box box = f.box();
        if (!box.isValid() || !(box.get(0, 0) > 0 && box.get(1, 1) > 0 && box.get(2, 2) > 0)) {
            throw InputException.in(file, String.format(Locale.ROOT, "the box of the start frame (diagonal %g %g %g nm)"
                + " is not a periodic cell: its edges must be finite and its diagonal positive", box.get(0, 0),
                box.get(1, 1), box.get(2, 2)));
        }
        if (top.size() == 0) {
            throw InputException.in(file, "has no beads");
        }
        // a type of digits is a name like any other (LAMMPS types, analysed without a mapping, are "1", "2", …); the
        // potential or model then has to name it, which the engine checks type by type
        for (String t : top.types()) {
            if (t.isBlank()) {
                throw InputException.in(file, "has no bead types (a blank bead type): give a CG H5MD with species"
                    + " names, or a GRO file whose atom names are the bead types");
            }
        }
        if (name.endsWith(".gro")) {
            // the names a CG H5MD's species must have (the trajectory written from them is read by cgflow-reference)
            for (int i = 0; i < top.size(); i++) {
                TypeNames.require(file, "line " + (i + 3), "bead type (atom name)", top.types().get(top.typeOf(i)));
            }
        }
        float[] p = f.positions();
        double[] x = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            x[k] = p[k];
        }
        return new StartFile(top, f.box(), x);
    }

    /**
     * The shards a shard list {@code OUT.shards.txt} names (relative to the list), for the check that no output
     * replaces one; empty for any other start file, and rows that do not parse are left to {@link #read}.
     */
    public static List<Path> shardsOf(Path start) {
        if (start == null || !start.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".shards.txt")
            || !Files.isRegularFile(start)) {
            return List.of();
        }
        List<Path> shards = new ArrayList<>();
        for (String line : TextFiles.lines(start, "shard list", 1L << 24)) {
            String row = line.strip();
            String[] c = row.split("\t");
            if (!row.isEmpty() && !row.startsWith("#") && c.length == 3 && !c[0].isBlank()) {
                try {
                    shards.add(start.resolveSibling(c[0].strip()));
                } catch (InvalidPathException e) {
                    // reported by read()
                }
            }
        }
        return shards;
    }

    /**
     * Frame {@code frame} (−1: the last) of a sharded trajectory, given by its list {@code OUT.shards.txt} (a
     * header line, then file, frames, first frame per shard, tab-separated; files relative to the list).
     */
    private static StartFile fromShards(Path list, int frame) {
        List<String> lines = TextFiles.lines(list, "shard list", 1L << 24);
        Path chosen = null;
        int within = -1;
        int total = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            int frames;
            try {
                frames = c.length == 3 ? Integer.parseInt(c[1].strip()) : -1;
            } catch (NumberFormatException e) {
                frames = -1;
            }
            if (frames < 0) {
                throw InputException.at(list, "line " + (i + 1), "expected 'file<TAB>frames<TAB>first_frame', got '"
                    + line + "'");
            }
            if (frame < 0 ? frames > 0 : frame >= total && frame < total + frames) {
                chosen = list.resolveSibling(c[0].strip());
                within = frame < 0 ? -1 : frame - total;
            }
            total += frames;
        }
        if (chosen == null) {
            throw InputException.in(list, "lists " + total + " frame(s); frame " + (frame < 0 ? "(the last)" : frame)
                + " asked for");
        }
        return read(chosen, within);
    }
}
