package io.cgflow.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TRAIN.tsv: one row per iteration — the loss in total and per state, the per-bin RMS deviation of every observable
 * of every state, the mean pressure (bar) of every state with a pressure target, the part of the loss that sampling
 * noise makes and the frames per replica of the samples (the next round's frames follow from them,
 * {@link #framesForRound}), the smallest effective sample size, the step parameter (Gauss–Newton λ or learning rate),
 * and the wall time of sampling, of the gradient and since the start. Kept as text so that a checkpoint carries it.
 */
public final class TrainLog {
    private final List<TrainingState> states;
    private final List<Observables> observables;
    private final List<double[]> weights;
    private final StringBuilder text = new StringBuilder();

    public TrainLog(List<TrainingState> states, List<Observables> observables) {
        this.states = List.copyOf(states);
        this.observables = List.copyOf(observables);
        this.weights = observables.stream().map(Observables::weights).toList();
        text.append(header());
    }

    private String header() {
        StringBuilder b = new StringBuilder("iteration\tmode\tloss");
        for (TrainingState s : states) {
            b.append("\tloss:").append(s.name());
        }
        for (int st = 0; st < states.size(); st++) {
            for (Observables.Segment seg : observables.get(st).segments()) {
                b.append("\trms:").append(states.get(st).name()).append(':').append(seg.kind().prefix()).append(':')
                    .append(seg.name());
            }
        }
        for (int st = 0; st < states.size(); st++) {
            if (observables.get(st).pressureIndex() >= 0) {
                b.append("\tpressure:").append(states.get(st).name());
            }
        }
        return b.append("\tnoise\tframes\tess\tstep\tsampling_s\tgradient_s\twall_s\n").toString();
    }

    /** Appends the row of one iteration. */
    public void row(int iteration, String mode, double loss, List<Estimate> estimates, double noise, int frames,
                    double ess, double step, double samplingSeconds, double gradientSeconds, double wallSeconds) {
        text.append(iteration).append('\t').append(mode).append('\t').append(fmt(loss));
        for (int st = 0; st < states.size(); st++) {
            text.append('\t').append(fmt(estimates.get(st).loss()));
        }
        for (int st = 0; st < states.size(); st++) {
            for (Observables.Segment seg : observables.get(st).segments()) {
                text.append('\t').append(fmt(estimates.get(st).rms(weights.get(st), seg.offset(),
                    seg.offset() + seg.bins())));
            }
        }
        for (int st = 0; st < states.size(); st++) {
            int p = observables.get(st).pressureIndex();
            if (p >= 0) {
                text.append('\t').append(fmt(estimates.get(st).mean()[p]));
            }
        }
        text.append('\t').append(fmt(noise)).append('\t').append(frames);
        text.append('\t').append(String.format(Locale.ROOT, "%.4f", ess)).append('\t').append(fmt(step))
            .append('\t').append(String.format(Locale.ROOT, "%.3f\t%.3f\t%.3f", samplingSeconds, gradientSeconds,
                wallSeconds)).append('\n');
    }

    /** The largest RDF RMS over the states, and per kind of bonded observable, for progress lines. */
    public String rmsSummary(List<Estimate> estimates) {
        StringBuilder b = new StringBuilder();
        for (String kind : List.of("rdf", "bond", "angle", "dihedral")) {
            double max = -1;
            for (int st = 0; st < states.size(); st++) {
                for (Observables.Segment seg : observables.get(st).segments()) {
                    if (seg.kind().prefix().equals(kind)) {
                        max = Math.max(max, estimates.get(st).rms(weights.get(st), seg.offset(),
                            seg.offset() + seg.bins()));
                    }
                }
            }
            if (max >= 0) {
                b.append(b.length() == 0 ? "" : " ").append(kind).append(" rms ").append(fmt(max));
            }
        }
        double dp = -1;
        for (int st = 0; st < states.size(); st++) {
            int p = observables.get(st).pressureIndex();
            if (p >= 0) {
                dp = Math.max(dp, Math.abs(estimates.get(st).residual()[p]));
            }
        }
        if (dp >= 0) {
            b.append(" |P-Pref| ").append(String.format(Locale.ROOT, "%.1f", dp)).append(" bar");
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    public String text() {
        return text.toString();
    }

    /** Continues a log from a checkpoint. */
    public void restore(String saved) {
        text.setLength(0);
        text.append(saved);
    }

    /** A value as a row of the log holds it (six significant digits). */
    public static double logged(double v) {
        return Double.parseDouble(fmt(v));
    }

    /** The loss of the last iteration logged, or null before the first. */
    public Double lastLoss() {
        String[] lines = text.toString().split("\n");
        return lines.length < 2 ? null : Double.parseDouble(lines[lines.length - 1].split("\t")[2]);
    }

    /**
     * Whether a row sampled afresh (mode {@code resample}) has a loss above {@code factor} times the row before it:
     * the end of the pair stage (factor 1 − gain) or the first rise of a fresh loss (factor 1), found again from the
     * log when a run continues from its checkpoint.
     */
    public boolean resampledLossRose(double factor) {
        return firstResampledRise(factor) >= 0;
    }

    /** The iteration of the first row that {@link #resampledLossRose} finds, or −1. */
    public int firstResampledRise(double factor) {
        String[] lines = text.toString().split("\n");
        for (int k = 2; k < lines.length; k++) {
            String[] row = lines[k].split("\t");
            if (row[1].equals("resample")
                && Double.parseDouble(row[2]) > factor * Double.parseDouble(lines[k - 1].split("\t")[2])) {
                return Integer.parseInt(row[0]);
            }
        }
        return -1;
    }

    /**
     * Why training stops early: {@code kind} ({@code converged} or {@code stalled}, the word the model records) and
     * what was measured; printed as {@code kind: detail}.
     */
    public record Stop(String kind, String detail) {
        @Override
        public String toString() {
            return kind + ": " + detail;
        }
    }

    /**
     * Why training stops after the iteration about to be logged (mode, loss, noise, frames per replica), or null to
     * go on: with {@code patience} &gt; 0 and the frames at {@code maxFrames} (more cannot be sampled), either the
     * fresh loss is within {@link TrainSettings#CONVERGED_NOISE_FACTOR} times its sampling noise (converged), or the
     * last {@code patience} fresh losses from iteration {@code from} on (this one included), all at max-frames,
     * brought none below (1 − {@link TrainSettings#STALL_GAIN}) times the best fresh loss from {@code from} on before
     * them (stalled). Fresh: sampled afresh (mode {@code resample}); a reweighted loss is an estimate from old frames.
     * Values are compared as logged, so that a run continued from its checkpoint stops where the uninterrupted one does.
     */
    public Stop stopReason(boolean resampled, double loss, double noise, int frames, int maxFrames, int patience,
                           int from) {
        if (patience <= 0 || frames < maxFrames || !resampled) {
            return null;
        }
        double l = logged(loss);
        double n = logged(noise);
        if (l <= TrainSettings.CONVERGED_NOISE_FACTOR * n) {
            return new Stop("converged", String.format(Locale.ROOT, "the fresh loss %.4g is within %.3g times its"
                + " sampling noise %.4g at max-frames %d", l, TrainSettings.CONVERGED_NOISE_FACTOR, n, maxFrames));
        }
        String[] lines = text.toString().split("\n");
        int framesColumn = lines.length == 0 ? -1 : List.of(lines[0].split("\t")).indexOf("frames");
        List<double[]> fresh = new ArrayList<>();  // {loss, frames}
        for (int k = 1; k < lines.length; k++) {
            String[] row = lines[k].split("\t");
            if (row[1].equals("resample") && Integer.parseInt(row[0]) >= from) {
                fresh.add(new double[] {Double.parseDouble(row[2]),
                    framesColumn < 0 ? 0 : Integer.parseInt(row[framesColumn])});
            }
        }
        fresh.add(new double[] {l, frames});
        int window = fresh.size() - patience;
        if (window < 1) {
            return null;
        }
        double bestBefore = Double.POSITIVE_INFINITY;
        for (int k = 0; k < window; k++) {
            bestBefore = Math.min(bestBefore, fresh.get(k)[0]);
        }
        double bestSince = Double.POSITIVE_INFINITY;
        for (int k = window; k < fresh.size(); k++) {
            if (fresh.get(k)[1] < maxFrames) {
                return null;
            }
            bestSince = Math.min(bestSince, fresh.get(k)[0]);
        }
        if (bestSince < (1 - TrainSettings.STALL_GAIN) * bestBefore) {
            return null;
        }
        return new Stop("stalled", String.format(Locale.ROOT, "%d fresh losses in a row at max-frames %d, the lowest"
            + " %.4g, none below %d %% of the best before them (%.4g)", patience, maxFrames, bestSince,
            Math.round(100 * (1 - TrainSettings.STALL_GAIN)), bestBefore));
    }

    /**
     * Frames per replica for a new sampling round: {@code first} before any row; otherwise the last row's, doubled (up
     * to {@code max}) when its noise makes more than {@link TrainSettings#NOISE_SHARE} of its loss. Read from the log,
     * so that a run continued from its checkpoint samples the same frames; a log without these columns gives
     * {@code first}.
     */
    public int framesForRound(int first, int max) {
        String[] lines = text.toString().split("\n");
        if (lines.length < 2) {
            return first;
        }
        List<String> header = List.of(lines[0].split("\t"));
        int framesColumn = header.indexOf("frames");
        if (!header.contains("noise") || framesColumn < 0) {
            return first;
        }
        int frames = Integer.parseInt(lines[lines.length - 1].split("\t")[framesColumn]);
        return noisy(TrainSettings.NOISE_SHARE) ? (int) Math.min(max, 2L * frames) : frames;
    }

    /**
     * Whether the last row's sampling noise made more than {@code share} of its loss (false before the first row):
     * the residual is then more noise than structure.
     */
    public boolean noisy(double share) {
        String[] lines = text.toString().split("\n");
        if (lines.length < 2) {
            return false;
        }
        int noiseColumn = List.of(lines[0].split("\t")).indexOf("noise");
        if (noiseColumn < 0) {
            return false;
        }
        String[] row = lines[lines.length - 1].split("\t");
        return Double.parseDouble(row[noiseColumn]) > share * Double.parseDouble(row[2]);
    }

    /** The loss of the first iteration, or null before it. */
    public Double firstLoss() {
        String[] lines = text.toString().split("\n");
        return lines.length < 2 ? null : Double.parseDouble(lines[1].split("\t")[2]);
    }
}
