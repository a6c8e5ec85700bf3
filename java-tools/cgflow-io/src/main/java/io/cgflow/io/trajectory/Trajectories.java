package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.io.h5md.H5mdReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens trajectory and structure files by format. */
public final class Trajectories {
    private Trajectories() {
    }

    /** How to interpret files that do not carry their own units or time (LAMMPS, DCD, PDB, XYZ). */
    public record ReadOptions(LammpsUnits lammpsUnits, double timestepPs) {
        public static final ReadOptions DEFAULT = new ReadOptions(LammpsUnits.REAL, Double.NaN);
    }

    public static TrajectoryReader open(Path file, TrajectoryFormat format, ReadOptions options) {
        if (!Files.isRegularFile(file)) {
            throw InputException.in(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        return switch (format) {
            case XTC -> new XtcReader(file);
            case TRR -> new TrrReader(file);
            case GRO -> new GroReader(file);
            case PDB -> new PdbReader(file);
            case XYZ -> new XyzReader(file);
            case LAMMPSDUMP -> new LammpsDumpReader(file, options.lammpsUnits(), options.timestepPs());
            case DCD -> new DcdReader(file, options.timestepPs());
            case H5MD -> new H5mdReader(file);
        };
    }

    /** Reads a structure: GRO, PDB, LAMMPS data ({@code .data}, {@code .lmp}, {@code data.*}) or H5MD. */
    public static Structure readStructure(Path file, ReadOptions options) {
        if (!Files.isRegularFile(file)) {
            throw InputException.in(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gro")) {
            return GroReader.readStructure(file);
        }
        if (name.endsWith(".pdb") || name.endsWith(".ent")) {
            return PdbReader.readStructure(file);
        }
        if (name.endsWith(".data") || name.endsWith(".lmp") || name.endsWith(".lammps") || name.startsWith("data.")) {
            return LammpsDataReader.read(file, options.lammpsUnits());
        }
        if (name.endsWith(".h5") || name.endsWith(".h5md") || name.endsWith(".hdf5")) {
            try (H5mdReader r = new H5mdReader(file)) {
                return r.structure();
            }
        }
        throw InputException.in(file, "unknown structure format (GRO .gro, PDB .pdb, LAMMPS data .data/.lmp/"
            + ".lammps/data.*, H5MD .h5)");
    }
}
