package io.cgflow.io.trajectory;

import io.cgflow.core.frame.Frame;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures how fast a trajectory is read and decoded, nothing else (the counterpart of
 * {@code gmx check -f}): {@code java -cp cgflow-convert.jar io.cgflow.io.trajectory.DecodeRate FILE [THREADS]}.
 * Prints frames, atoms, seconds, frames/s and MB/s; used by bench/convert-benchmark.sh.
 */
public final class DecodeRate {
    private DecodeRate() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long start = System.nanoTime();
        long frames = 0;
        int atoms = 0;
        long bytes;
        try (TrajectoryReader reader = Trajectories.open(file, TrajectoryFormat.of(file),
            Trajectories.ReadOptions.DEFAULT)) {
            if (threads > 1 && reader instanceof RawFrameSource raw) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                ArrayDeque<Future<Frame>> window = new ArrayDeque<>();
                for (Object r = raw.nextRaw(); r != null; r = raw.nextRaw()) {
                    Object record = r;
                    window.add(pool.submit(() -> raw.decode(record)));
                    if (window.size() >= 4 * threads) {
                        atoms = window.poll().get().atomCount();
                        frames++;
                    }
                }
                while (!window.isEmpty()) {
                    atoms = window.poll().get().atomCount();
                    frames++;
                }
                pool.shutdown();
            } else {
                for (Frame f = reader.next(); f != null; f = reader.next()) {
                    atoms = f.atomCount();
                    frames++;
                }
            }
            bytes = reader.bytesRead();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d frames of %d atoms in %.3f s: %.1f frames/s, %.1f MB/s (%d thread%s)%n",
            file.getFileName(), frames, atoms, seconds, frames / seconds, bytes / 1e6 / seconds, threads,
            threads == 1 ? "" : "s");
    }
}
