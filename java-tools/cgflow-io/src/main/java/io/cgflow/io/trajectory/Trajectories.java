package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.io.binary.InputFiles;
import io.cgflow.io.h5md.H5mdReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens trajectory and structure files by format, plain or gzip-compressed ({@code .gz}). Every reader
 * is opened behind a {@link GuardedReader}: whatever a corrupt file makes it throw becomes an
 * {@link InputException} naming the file and frame.
 */
public final class Trajectories {
    private Trajectories() {
    }

    /**
     * How to interpret files that do not carry their own units or time (LAMMPS, DCD, PDB, XYZ), and the
     * atom count the trajectory must have (from the structure; 0 when not known), which readers check
     * header counts against before they allocate anything.
     */
    public record ReadOptions(LammpsUnits lammpsUnits, double timestepPs, int atomCount, String structureName) {
        public static final ReadOptions DEFAULT = new ReadOptions(LammpsUnits.REAL, Double.NaN);

        public ReadOptions(LammpsUnits lammpsUnits, double timestepPs) {
            this(lammpsUnits, timestepPs, 0, null);
        }

        /** These options for a trajectory of {@code atoms} atoms. */
        public ReadOptions withAtomCount(int atoms) {
            return new ReadOptions(lammpsUnits, timestepPs, atoms, null);
        }

        /** These options for a trajectory of {@code atoms} atoms, as the structure file {@code name} says. */
        public ReadOptions withAtomCount(int atoms, String name) {
            return new ReadOptions(lammpsUnits, timestepPs, atoms, name);
        }

        /** The expected atom count as readers check it, with the structure's name for their messages. */
        ExpectedAtoms expectedAtoms() {
            return new ExpectedAtoms(atomCount, structureName);
        }
    }

    public static TrajectoryReader open(Path file, TrajectoryFormat format, ReadOptions options) {
        InputException.requireFile(file);
        return GuardedReader.guard(file, () -> switch (format) {
            case XTC -> new XtcReader(file, options.expectedAtoms());
            case TRR -> new TrrReader(file, options.expectedAtoms());
            case GRO -> new GroReader(file, options.expectedAtoms());
            case PDB -> new PdbReader(file);
            case XYZ -> new XyzReader(file, options.expectedAtoms());
            case LAMMPSDUMP -> new LammpsDumpReader(file, options.lammpsUnits(), options.timestepPs(),
                options.expectedAtoms());
            case DCD -> new DcdReader(file, options.timestepPs(), options.expectedAtoms());
            case H5MD -> {
                if (InputFiles.isGzip(file)) {
                    throw InputException.in(file, "gzip-compressed H5MD is not supported (HDF5 needs random "
                        + "access): decompress it first");
                }
                yield new H5mdReader(file);
            }
        });
    }

    /**
     * The atom count a structure file declares, when it can be read without parsing the file (the count line
     * of a GRO file); empty otherwise, or when the file cannot be read (reading the structure then says why).
     */
    public static java.util.OptionalInt declaredAtomCount(Path file) {
        if (!Files.isRegularFile(file) || InputFiles.isGzip(file) || !InputFiles.formatName(file).endsWith(".gro")) {
            return java.util.OptionalInt.empty();
        }
        try (io.cgflow.io.text.TextInput in = new io.cgflow.io.text.TextInput(file)) {
            String title = in.readLine();
            String count = title == null ? null : in.readLine();
            int n = count == null ? -1 : Integer.parseInt(count.trim());
            // a count the file cannot hold is left to the structure reader, which says what is wrong
            boolean plausible = n > 0 && n <= Files.size(file) / GroReader.MIN_ATOM_LINE;
            return plausible ? java.util.OptionalInt.of(n) : java.util.OptionalInt.empty();
        } catch (RuntimeException | java.io.IOException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /**
     * Reads a structure: GRO, PDB, LAMMPS data ({@code .data}, {@code .lmp}, {@code data.*}) or H5MD;
     * all but H5MD also gzip-compressed ({@code .gz}).
     */
    public static Structure readStructure(Path file, ReadOptions options) {
        InputException.requireFile(file);
        String name = InputFiles.formatName(file);
        boolean gzip = InputFiles.isGzip(file);
        return GuardedReader.guardStructure(file, () -> {
            if (name.endsWith(".gro")) {
                return GroReader.readStructure(file);
            }
            if (name.endsWith(".pdb") || name.endsWith(".ent")) {
                return PdbReader.readStructure(file);
            }
            if (name.endsWith(".data") || name.endsWith(".lmp") || name.endsWith(".lammps")
                || name.startsWith("data.")) {
                return LammpsDataReader.read(file, options.lammpsUnits());
            }
            if (!gzip && (name.endsWith(".h5") || name.endsWith(".h5md") || name.endsWith(".hdf5"))) {
                try (H5mdReader r = new H5mdReader(file)) {
                    return r.structure();
                }
            }
            throw InputException.in(file, "unknown structure format (GRO .gro, PDB .pdb, LAMMPS data .data/.lmp/"
                + ".lammps/data.*, each also as .gz; H5MD .h5)");
        });
    }
}
