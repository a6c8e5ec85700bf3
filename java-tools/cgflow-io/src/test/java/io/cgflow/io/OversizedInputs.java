package io.cgflow.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Small files whose headers declare sizes far beyond what they hold (a billion atoms, a gigabyte of
 * compressed coordinates), made from the format fixtures: each must be refused before the reader
 * allocates anything for the declared size.
 */
public final class OversizedInputs {
    private OversizedInputs() {
    }

    /**
     * One crafted file: {@code structure} is the structure to convert it with, {@code expected} the
     * words the message must contain (the field and the declared size).
     */
    public record Case(String name, Path file, Path structure, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Writes every case into {@code dir}. */
    public static List<Case> write(Path dir) throws IOException {
        Path gro = TestData.file("formats/conf.gro");
        Path data = TestData.file("formats/lammps/data-ortho.lammps");
        List<Case> cases = new ArrayList<>();

        byte[] xtc = read("formats/traj.xtc");
        byte[] atoms = xtc.clone();
        putInt(atoms, 4, 20_000_000, ByteOrder.BIG_ENDIAN);
        putInt(atoms, 52, 20_000_000, ByteOrder.BIG_ENDIAN);
        cases.add(write(dir, "xtc atom count", "atoms.xtc", atoms, gro, "frame 0", "XTC header declares 20000000 atoms"));
        byte[] count = xtc.clone();
        putInt(count, 88, 1_000_000_000, ByteOrder.BIG_ENDIAN);
        cases.add(write(dir, "xtc compressed bytes", "bytes.xtc", count, gro, "frame 0",
            "declares 1000000000 compressed bytes but", "remain"));
        byte[] later = xtc.clone();
        int second = 92 + ((ByteBuffer.wrap(xtc, 88, 4).getInt() + 3) & ~3);
        putInt(later, second + 88, 1_000_000_000, ByteOrder.BIG_ENDIAN);
        cases.add(write(dir, "xtc compressed bytes, frame 1", "later.xtc", later, gro, "frame 1 (byte " + second + ")",
            "declares 1000000000 compressed bytes"));
        cases.add(writeGzip(dir, "xtc.gz compressed bytes", "bytes.xtc.gz", count, gro, "frame 0",
            "declares 1000000000 compressed bytes but at most"));

        // within what the compressed bytes could expand to: refused when the data runs out, the buffers
        // having grown only with the data that arrived
        byte[] plausible = xtc.clone();
        putInt(plausible, 88, 5_000_000, ByteOrder.BIG_ENDIAN);
        cases.add(writeGzip(dir, "xtc.gz compressed bytes within the bound", "plausible.xtc.gz", plausible, gro,
            "frame 0", "truncated"));

        byte[] trr = read("formats/traj.trr");
        putInt(trr, 52, 2_000_000_000, ByteOrder.BIG_ENDIAN);
        cases.add(write(dir, "trr position block", "x.trr", trr, gro, "frame 0", "position block 2000000000"));
        byte[] trrAtoms = read("formats/traj.trr");
        putInt(trrAtoms, 64, 700_000_000, ByteOrder.BIG_ENDIAN);
        cases.add(write(dir, "trr atom count", "atoms.trr", trrAtoms, gro, "frame 0", "declares 700000000 atoms"));

        byte[] dcd = read("formats/traj.dcd");
        int title = ByteBuffer.wrap(dcd, 92, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        putInt(dcd, 104 + title, 500_000_000, ByteOrder.LITTLE_ENDIAN);
        cases.add(write(dir, "dcd atom count", "atoms.dcd", dcd, gro, "DCD header declares 500000000 atoms", "remain"));
        byte[] dcdTitle = read("formats/traj.dcd");
        putInt(dcdTitle, 92, 1_000_000, ByteOrder.LITTLE_ENDIAN);
        cases.add(write(dir, "dcd title length", "title.dcd", dcdTitle, gro, "title of 1000000 bytes", "remain"));

        cases.add(write(dir, "gro atom count", "atoms.gro", replaceLine("formats/traj.gro", 1, "2000000000"), gro,
            "line 2", "declares 2000000000 atoms", "bytes remain"));
        cases.add(writeGzip(dir, "gro.gz atom count", "atoms.gro.gz", replaceLine("formats/traj.gro", 1, "2000000000"),
            gro, "line 2", "declares 2000000000 atoms", "but at most"));
        cases.add(writeGzip(dir, "gro.gz atom count within the bound", "plausible.gro.gz",
            replaceLine("formats/traj.gro", 1, "1000000"), gro, "of 1000000 of frame 0", "truncated"));
        cases.add(write(dir, "gro structure atom count", "conf-atoms.gro", replaceLine("formats/conf.gro", 1,
            "1500000000"), null, "line 2", "declares 1500000000 atoms"));
        cases.add(write(dir, "xyz atom count", "atoms.xyz", replaceLine("formats/traj.xyz", 0, "1000000000"), gro,
            "line 1", "XYZ atom count line", "declares 1000000000 atoms"));
        cases.add(write(dir, "lammps dump atom count", "atoms.lammpstrj",
            replaceLine("formats/lammps/dump-ortho.lammpstrj", 3, "1000000000"), data, "ITEM: NUMBER OF ATOMS",
            "declares 1000000000 atoms"));
        cases.add(write(dir, "lammps data atom count", "atoms.data",
            replaceText("formats/lammps/data-ortho.lammps", "200 atoms", "1000000000 atoms"), null,
            "declares 1000000000 atoms"));
        return cases;
    }

    private static byte[] read(String relative) throws IOException {
        return Files.readAllBytes(TestData.file(relative));
    }

    private static void putInt(byte[] b, int at, int v, ByteOrder order) {
        ByteBuffer.wrap(b, at, 4).order(order).putInt(v);
    }

    private static byte[] replaceLine(String relative, int index, String line) throws IOException {
        List<String> lines = Files.readAllLines(TestData.file(relative), StandardCharsets.ISO_8859_1);
        lines.set(index, line);
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] replaceText(String relative, String from, String to) throws IOException {
        String s = Files.readString(TestData.file(relative), StandardCharsets.ISO_8859_1);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Case write(Path dir, String name, String file, byte[] content, Path structure, String... expected)
        throws IOException {
        Path p = Files.write(dir.resolve(file), content);
        return new Case(name, p, structure, List.of(expected));
    }

    private static Case writeGzip(Path dir, String name, String file, byte[] content, Path structure,
                                  String... expected) throws IOException {
        Path p = dir.resolve(file);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content);
        }
        return new Case(name, p, structure, List.of(expected));
    }

    /** Gzip-compresses {@code file} into {@code dir} under its name plus {@code .gz}. */
    public static Path gzip(Path file, Path dir) throws IOException {
        Path p = dir.resolve(file.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            Files.copy(file, out);
        }
        return p;
    }
}
