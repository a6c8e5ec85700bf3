package io.cgflow.io.trajectory;

import io.cgflow.core.InputException;
import io.cgflow.core.UsageException;
import io.cgflow.io.binary.InputFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The trajectory formats cgflow reads, with the file extensions that select them. */
public enum TrajectoryFormat {
    XTC("xtc"),
    TRR("trr"),
    GRO("gro"),
    PDB("pdb", "ent"),
    XYZ("xyz", "extxyz"),
    LAMMPSDUMP("lammpstrj", "lammpsdump", "dump"),
    DCD("dcd"),
    H5MD("h5md", "h5", "hdf5");

    private final List<String> extensions;

    TrajectoryFormat(String... extensions) {
        this.extensions = List.of(extensions);
    }

    public List<String> extensions() {
        return extensions;
    }

    /** The format named on the command line ({@code --format}). */
    public static TrajectoryFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown trajectory format '" + name + "'; known: " + names());
        }
    }

    /** The format of a file from its extension (the one before {@code .gz} for a compressed file). */
    public static TrajectoryFormat of(Path file) {
        String name = InputFiles.formatName(file);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        for (TrajectoryFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return f;
            }
        }
        throw InputException.in(file, (ext.isEmpty() ? "no file extension" : "unknown extension '." + ext + "'")
            + ": cannot tell the trajectory format (known: " + Arrays.stream(values())
            .flatMap(f -> f.extensions.stream()).map(e -> "." + e).collect(Collectors.joining(" "))
            + ", each also gzip-compressed as .gz); name it with --format");
    }

    public static String names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
