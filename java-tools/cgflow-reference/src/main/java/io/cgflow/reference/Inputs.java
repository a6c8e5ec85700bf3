package io.cgflow.reference;

import io.cgflow.core.InputException;
import io.cgflow.core.frame.FrameSelection;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.geometry.PeriodicCell;
import io.cgflow.core.topology.CgTopology;
import io.cgflow.io.h5md.H5mdReader;
import io.cgflow.io.trajectory.Structure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The H5MD inputs of one state, looked over before any frame is read: every file has the same particles,
 * frame counts and boxes are known (the narrowest box bounds the RDF range).
 */
final class Inputs {
    private final List<Path> files;
    private final Structure structure;
    private final CgTopology cgTopology;
    private final List<List<Box>> boxes;

    private Inputs(List<Path> files, Structure structure, CgTopology cgTopology, List<List<Box>> boxes) {
        this.files = files;
        this.structure = structure;
        this.cgTopology = cgTopology;
        this.boxes = boxes;
    }

    /** The narrowest box of the selected frames: its file, frame and smallest perpendicular width. */
    record Narrowest(Path file, int frame, double width) {
    }

    static Inputs scan(List<Path> files) {
        Structure structure = null;
        CgTopology cg = null;
        List<List<Box>> boxes = new ArrayList<>();
        for (Path f : files) {
            try (H5mdReader r = new H5mdReader(f)) {
                if (structure == null) {
                    structure = r.structure();
                    cg = r.cgTopology();
                } else if (r.atomCount() != structure.topology().size()) {
                    throw InputException.in(f, "has " + r.atomCount() + " particles but " + files.get(0).getFileName()
                        + " has " + structure.topology().size() + ": inputs must be shards or replicas of one system");
                }
                if (!r.periodic()) {
                    throw InputException.in(f, "the box boundary is 'none' (not periodic): g(r) needs a periodic box");
                }
                List<Box> b = r.boxes();
                for (int k = 0; k < b.size(); k++) {
                    if (b.get(k) == null || !b.get(k).isValid()) {
                        throw InputException.at(f, "frame " + k, "has no valid periodic box");
                    }
                }
                boxes.add(b);
            }
        }
        return new Inputs(files, structure, cg, boxes);
    }

    Structure structure() {
        return structure;
    }

    CgTopology cgTopology() {
        return cgTopology;
    }

    long totalFrames() {
        return boxes.stream().mapToLong(List::size).sum();
    }

    long selectedFrames(FrameSelection selection) {
        long count = 0;
        long total = totalFrames();
        for (long g = 0; g < total; g++) {
            if (selection.includes(g)) {
                count++;
            }
        }
        return count;
    }

    Narrowest narrowestBox(FrameSelection selection) {
        Narrowest best = null;
        long g = 0;
        for (int f = 0; f < files.size(); f++) {
            List<Box> b = boxes.get(f);
            Box previous = null;
            double width = 0;
            for (int k = 0; k < b.size(); k++, g++) {
                if (!selection.includes(g)) {
                    continue;
                }
                if (!b.get(k).equals(previous)) {
                    previous = b.get(k);
                    width = new PeriodicCell(previous).minWidth();
                }
                if (best == null || width < best.width()) {
                    best = new Narrowest(files.get(f), k, width);
                }
            }
        }
        return best;
    }
}
