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

    /** A fixture and the structure that goes with it. */
    private record Fixture(String trajectory, String structure) {
    }

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
        new Fixture("formats/lammps/dump-shuffled.lammpstrj", "formats/lammps/data.lammps"));

    @Test
    void corruptedFilesExitWithZeroOrTwo() throws IOException {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int f = 0; f < FIXTURES.size(); f++) {
            Fixture fixture = FIXTURES.get(f);
            byte[] original = Files.readAllBytes(TestData.file(fixture.trajectory()));
            boolean text = !fixture.trajectory().matches(".*\\.(xtc|trr|dcd)$");
            Random random = new Random(1000 + f);
            String name = Path.of(fixture.trajectory()).getFileName().toString();
            for (int c = 0; c < CASES_PER_FILE; c++) {
                byte[] bytes = mutate(original, c % 4, text, random);
                Path input = Files.write(dir.resolve("case" + c + "-" + name), bytes);
                Path out = dir.resolve("out" + c + ".h5");
                ToolLauncher.Outcome o = ConvertFixture.run("-i", input.toString(), "-s",
                    TestData.file(fixture.structure()).toString(), "-o", out.toString(), "--timestep", "0.002", "--threads",
                    c % 2 == 0 ? "1" : "2");
                cases++;
                boolean ok = o.exitCode() == 0 || o.exitCode() == 2 && o.err().contains(input.getFileName().toString());
                if (!ok) {
                    failures.add(name + " case " + c + " (mutation " + c % 4 + "): exit " + o.exitCode() + ": "
                        + o.err().lines().limit(6).reduce("", (a, b) -> a + "\n    " + b));
                }
                Files.deleteIfExists(input);
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

    /** A damaged copy: 0 flips bytes, 1 writes a large number over a field, 2 cuts the file, 3 both 0 and 2. */
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
            default -> {
                flip(b, random);
                b = Arrays.copyOf(b, 1 + random.nextInt(b.length - 1));
            }
        }
        return b;
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
