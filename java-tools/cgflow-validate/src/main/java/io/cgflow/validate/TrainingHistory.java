package io.cgflow.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training curve from TRAIN.tsv (cgflow-train): the loss per iteration with the wall time since the start, the
 * best loss and where it was reached, and convergence: the first iteration whose loss is within
 * {@link #CONVERGED_FACTOR} times the best one (with its wall time), so that architectures are compared by the
 * cost of reaching their own plateau.
 */
public record TrainingHistory(int[] iterations, double[] loss, double[] wallSeconds, List<String> stateColumns,
                              List<double[]> stateLoss, double bestLoss, int bestIteration, int convergedIteration,
                              double convergedSeconds, double totalSeconds) {
    public static final double CONVERGED_FACTOR = 1.1;

    public TrainingHistory {
        stateColumns = List.copyOf(stateColumns);
        stateLoss = List.copyOf(stateLoss);
    }

    public static TrainingHistory read(Path file) {
        Table t = Table.read(file);
        double[] it = t.increasing("iteration");
        double[] loss = t.numbers("loss");
        double[] wall = t.numbers("wall_s");
        int[] iterations = new int[it.length];
        for (int i = 0; i < it.length; i++) {
            iterations[i] = (int) it[i];
        }
        List<String> cols = new ArrayList<>();
        List<double[]> per = new ArrayList<>();
        for (String c : t.columns()) {
            if (c.startsWith("loss:")) {
                cols.add(c.substring(5));
                per.add(t.numbers(c));
            }
        }
        double best = Double.NaN;
        int bestIt = -1;
        for (int i = 0; i < loss.length; i++) {
            if (Double.isFinite(loss[i]) && (Double.isNaN(best) || loss[i] < best)) {
                best = loss[i];
                bestIt = iterations[i];
            }
        }
        int conv = -1;
        double convS = Double.NaN;
        for (int i = 0; i < loss.length && bestIt >= 0; i++) {
            if (loss[i] <= CONVERGED_FACTOR * best) {
                conv = iterations[i];
                convS = wall[i];
                break;
            }
        }
        return new TrainingHistory(iterations, loss, wall, cols, per, best, bestIt, conv, convS,
            wall.length > 0 ? wall[wall.length - 1] : Double.NaN);
    }

    public int count() {
        return iterations.length;
    }
}
