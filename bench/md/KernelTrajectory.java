package io.cgflow.md;

import io.cgflow.potentials.PotentialFile;
import java.nio.file.Path;

/**
 * The force evaluation of cgflow-md alone, along a stored trajectory (bench/md-kernel-benchmark.sh): every frame of
 * TRAJ.h5 in turn through KernelForces, so that list builds and prunes happen as in a run, forward then backward,
 * best of 10 passes; then one frame again and again (no builds, no prunes). Compiled against cgflow-md.jar into the
 * package io.cgflow.md (KernelForces' prune counter is package-private):
 *   javac -cp cgflow-md.jar -d classes KernelTrajectory.java
 *   java -cp classes:cgflow-md.jar io.cgflow.md.KernelTrajectory POT.yaml TRAJ.h5 FRAMES THREADS
 */
public final class KernelTrajectory {
    public static void main(String[] a) {
        PotentialFile.Contents pot = PotentialFile.read(Path.of(a[0]));
        Path trajectory = Path.of(a[1]);
        int frames = Integer.parseInt(a[2]);
        double[][] xs = new double[frames][];
        StartFile first = null;
        for (int k = 0; k < frames; k++) {
            StartFile s = StartFile.read(trajectory, k);
            xs[k] = s.positions().clone();
            first = first == null ? s : first;
        }
        var top = pot.apply(first.topology(), trajectory);
        try (KernelForces f = new KernelForces(pot.potential(), top, 0.1, Integer.parseInt(a[3]))) {
            double moving = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 10; rep++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < frames; k++) {
                    f.computeForces(xs[rep % 2 == 0 ? k : frames - 1 - k], first.box());
                }
                moving = Math.min(moving, (System.nanoTime() - t0) / (frames * 1e6));
            }
            long prunes = f.prunes();
            double fixed = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 10; rep++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < frames; k++) {
                    f.computeForces(xs[0], first.box());
                }
                fixed = Math.min(fixed, (System.nanoTime() - t0) / (frames * 1e6));
            }
            System.out.printf(java.util.Locale.ROOT, "along the trajectory %.3f ms per evaluation (%d prunes in %d "
                + "evaluations); one frame repeated %.3f ms%n", moving, prunes, 10 * frames, fixed);
        }
    }
}
