package io.cgflow.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.cli.ToolLauncher;
import io.cgflow.io.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted copies of every trajectory fixture (bytes flipped, large numbers written over header
 * fields, the file cut short), made with a fixed seed: each conversion ends with exit code 0 (the
 * damage was harmless) or 2 (bad input, with a message naming the file), never an internal error (3) or
 * an out-of-memory (137).
 */
class ReaderFuzzTest {
    /** Cases per fixture; more with -Dcgflow.fuzzCases=N. */
    private static final int CASES_PER_FILE = Integer.getInteger("cgflow.fuzzCases", 24);

    @TempDir
    Path dir;

    /**
     * A fixture and the structure that goes with it; {@code damaged} says which of the two is corrupted, and
     * {@code gzip} whether the damage is done to its gzip-compressed bytes.
     */
    private record Fixture(String trajectory, String structure, Damaged damaged, boolean gzip) {
        Fixture(String trajectory, String structure) {
            this(trajectory, structure, Damaged.TRAJECTORY, false);
        }
    }

    private enum Damaged { TRAJECTORY, STRUCTURE }

    private static final List<Fixture> FIXTURES = List.of(
        new Fixture("formats/traj.xtc", "formats/conf.gro"),
        new Fixture("formats/traj.trr", "formats/conf.gro"),
        new Fixture("formats/traj-double.trr", "formats/conf.gro"),
        new Fixture("formats/traj.dcd", "formats/conf.gro"),
        new Fixture("formats/traj-bigendian.dcd", "formats/conf.gro"),
        new Fixture("formats/traj.gro", "formats/conf.gro"),
        new Fixture("formats/traj.pdb", "formats/conf.pdb"),
        new Fixture("formats/traj.xyz", "formats/conf.gro"),
        new Fixture("formats/lammps/dump-ortho.lammpstrj", "formats/lammps/data-ortho.lammps"),
        new Fixture("formats/lammps/dump-scaled.lammpstrj", "formats/lammps/data.lammps"),
        new Fixture("formats/lammps/dump-shuffled.lammpstrj", "formats/lammps/data.lammps"),
        new Fixture("formats/traj.xtc", "formats/conf.gro", Damaged.TRAJECTORY, true),
        new Fixture("formats/traj.gro", "formats/conf.gro", Damaged.TRAJECTORY, true),
        new Fixture("formats/lammps/dump-ortho.lammpstrj", "formats/lammps/data-ortho.lammps", Damaged.TRAJECTORY,
            true),
        new Fixture("formats/traj.xtc", "formats/conf.gro", Damaged.STRUCTURE, false),
        new Fixture("formats/traj.xtc", "formats/conf.pdb", Damaged.STRUCTURE, false),
        new Fixture("formats/lammps/dump-ortho.lammpstrj", "formats/lammps/data-ortho.lammps", Damaged.STRUCTURE,
            false));

    @Test
    void corruptedFilesExitWithZeroOrTwo() throws IOException {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int f = 0; f < FIXTURES.size(); f++) {
            Fixture fixture = FIXTURES.get(f);
            String damaged = fixture.damaged() == Damaged.TRAJECTORY ? fixture.trajectory() : fixture.structure();
            byte[] original = Files.readAllBytes(TestData.file(damaged));
            if (fixture.gzip()) {
                original = gzip(original);
            }
            boolean text = !damaged.matches(".*\\.(xtc|trr|dcd)$") && !fixture.gzip();
            Random random = new Random(1000 + f);
            String name = Path.of(damaged).getFileName().toString() + (fixture.gzip() ? ".gz" : "");
            for (int c = 0; c < CASES_PER_FILE; c++) {
                byte[] bytes = mutate(original, c % 6, text, random);
                Path corrupted = Files.write(dir.resolve("case" + c + "-" + name), bytes);
                Path input = fixture.damaged() == Damaged.TRAJECTORY ? corrupted : TestData.file(fixture.trajectory());
                Path structure = fixture.damaged() == Damaged.STRUCTURE ? corrupted : TestData.file(fixture.structure());
                Path out = dir.resolve("out" + c + ".h5");
                ToolLauncher.Outcome o = ConvertFixture.run("-i", input.toString(), "-s", structure.toString(), "-o",
                    out.toString(), "--timestep", "0.002", "--threads", c % 2 == 0 ? "1" : "2");
                cases++;
                boolean ok = o.exitCode() == 0 || o.exitCode() == 2 && o.err().contains(corrupted.getFileName().toString());
                if (!ok) {
                    failures.add(name + " case " + c + " (mutation " + c % 6 + "): exit " + o.exitCode() + ": "
                        + o.err().lines().limit(6).reduce("", (a, b) -> a + "\n    " + b));
                }
                Files.deleteIfExists(corrupted);
                try (var s = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        if (p.getFileName().toString().startsWith("out")) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " corrupted inputs were not exit 0 or 2 "
            + "with the file named:\n" + String.join("\n", failures));
    }

    /**
     * A damaged copy: 0 flips bytes, 1 writes a large number over a field, 2 cuts the file, 3 both 0 and 2,
     * 4 deletes a few bytes (shifting everything after), 5 inserts a few random characters.
     */
    static byte[] mutate(byte[] original, int kind, boolean text, Random random) {
        byte[] b = original.clone();
        switch (kind) {
            case 0 -> flip(b, random);
            case 1 -> {
                if (text) {
                    // replace a run of digits with a huge count or a number of many digits
                    int at = random.nextInt(b.length);
                    while (at < b.length && (b[at] < '0' || b[at] > '9')) {
                        at++;
                    }
                    String s = random.nextBoolean() ? "2000000000" : "99999999999999999999";
                    byte[] big = s.getBytes(StandardCharsets.ISO_8859_1);
                    for (int k = 0; k < big.length && at + k < b.length && b[at + k] >= '0' && b[at + k] <= '9'; k++) {
                        b[at + k] = big[k];
                    }
                    if (at < b.length) {
                        b[at] = '9';
                    }
                } else {
                    int at = random.nextInt(Math.min(b.length, 400) / 4) * 4;
                    int v = switch (random.nextInt(4)) {
                        case 0 -> Integer.MAX_VALUE;
                        case 1 -> 2_000_000_000;
                        case 2 -> -1;
                        default -> random.nextInt();
                    };
                    b[at] = (byte) (v >>> 24);
                    b[at + 1] = (byte) (v >>> 16);
                    b[at + 2] = (byte) (v >>> 8);
                    b[at + 3] = (byte) v;
                    if (random.nextBoolean()) {
                        // the little-endian files read it the other way round
                        for (int k = 0; k < 2; k++) {
                            byte t = b[at + k];
                            b[at + k] = b[at + 3 - k];
                            b[at + 3 - k] = t;
                        }
                    }
                }
            }
            case 2 -> b = Arrays.copyOf(b, 1 + random.nextInt(b.length - 1));
            case 3 -> {
                flip(b, random);
                b = Arrays.copyOf(b, 1 + random.nextInt(b.length - 1));
            }
            case 4 -> {
                int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 512)) : random.nextInt(b.length);
                int n = Math.min(1 + random.nextInt(20), b.length - at);
                byte[] shorter = new byte[b.length - n];
                System.arraycopy(b, 0, shorter, 0, at);
                System.arraycopy(b, at + n, shorter, at, b.length - at - n);
                b = shorter;
            }
            default -> {
                int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 512)) : random.nextInt(b.length);
                byte[] insert = new byte[1 + random.nextInt(12)];
                String alphabet = "0123456789 .-+eE\nabcxyzITEM:";
                for (int k = 0; k < insert.length; k++) {
                    insert[k] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                }
                byte[] longer = new byte[b.length + insert.length];
                System.arraycopy(b, 0, longer, 0, at);
                System.arraycopy(insert, 0, longer, at, insert.length);
                System.arraycopy(b, at, longer, at + insert.length, b.length - at);
                b = longer;
            }
        }
        return b;
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    private static void flip(byte[] b, Random random) {
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
            // most damage near the start, where the headers are
            int at = random.nextBoolean() ? random.nextInt(Math.min(b.length, 512)) : random.nextInt(b.length);
            b[at] ^= (byte) (1 + random.nextInt(255));
        }
    }
}
