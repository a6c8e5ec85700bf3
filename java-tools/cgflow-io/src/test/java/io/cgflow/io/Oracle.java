package io.cgflow.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer program's reading of a trajectory, as written by test-data/scripts (format in
 * test-data/formats/README.md): per frame the step, time (ps), box rows (nm) and positions (nm).
 */
public record Oracle(String program, int atoms, List<OracleFrame> frames) {

    public record OracleFrame(Long step, Double time, double[] box, double[] positions) {
    }

    public static Oracle read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String program = lines.get(0).replaceFirst("^#\\s*oracle:\\s*", "");
        int atoms = -1;
        List<OracleFrame> frames = new ArrayList<>();
        int i = 1;
        while (i < lines.size()) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                i++;
                continue;
            }
            String[] t = line.split("\\s+");
            if (t[0].equals("natoms")) {
                atoms = Integer.parseInt(t[1]);
                i++;
            } else if (t[0].equals("frame")) {
                Long step = t[3].equals("-") ? null : Long.parseLong(t[3]);
                Double time = t[5].equals("-") ? null : Double.parseDouble(t[5]);
                String[] b = lines.get(i + 1).trim().split("\\s+");
                double[] box = null;
                if (!b[1].equals("-")) {
                    box = new double[9];
                    for (int k = 0; k < 9; k++) {
                        box[k] = Double.parseDouble(b[k + 1]);
                    }
                }
                double[] x = new double[3 * atoms];
                for (int a = 0; a < atoms; a++) {
                    String[] p = lines.get(i + 2 + a).trim().split("\\s+");
                    for (int d = 0; d < 3; d++) {
                        x[3 * a + d] = Double.parseDouble(p[d]);
                    }
                }
                frames.add(new OracleFrame(step, time, box, x));
                i += 2 + atoms;
            } else {
                throw new IOException(file + ": unexpected line " + (i + 1) + ": " + line);
            }
        }
        return new Oracle(program, atoms, frames);
    }

    /** True when the oracle printed positions with only 6 significant digits (gmx dump). */
    public boolean lowPrecision() {
        return program.contains("%12.5e");
    }
}
