package io.cgflow.train;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.md.Checkpoint;
import io.cgflow.md.Simulation;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Everything a training run needs to continue exactly after its last completed iteration: θ, the θ to write (the
 * model chosen so far) with its loss and iteration, the lowest trusted loss so far, the optimiser state, the cached
 * frames of every state with their energies at the θ they were sampled with, and every replica's simulation state;
 * plus the log so far. Written atomically (temporary name, rename) after every iteration; a run killed at any point
 * and started again with the same command continues from it and ends with the same bytes.
 *
 * @param identity   what the run is (inputs' checksums, settings, seed): a checkpoint of another run is refused
 * @param iteration  iterations completed (the next one to run)
 * @param bestTheta  the θ of the model chosen so far (docs/training.md, Result), with its loss and iteration
 * @param lowestLoss the lowest loss measured on trusted samples so far, against which the choice is made
 * @param resample   whether the next iteration samples afresh
 */
public record TrainingCheckpoint(String identity, int iteration, double[] theta, double[] bestTheta, double bestLoss,
                                 int bestIteration, double lowestLoss, double damping, double[] optimizerState,
                                 boolean resample, String log, List<StoredState> states,
                                 List<Simulation.State> replicas) {
    private static final long MAGIC = 0x4347465452414E31L;
    private static final int VERSION = 2;

    /** The cached frames of one state. */
    public record StoredState(List<Sampler.Frame> frames, double[] sampledEnergies) {
    }

    public void write(Path file) {
        try (OutputTransaction tx = new OutputTransaction()) {
            Path temp = tx.stage(file);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(
                Files.newOutputStream(temp), 1 << 16), 1 << 16))) {
                out.writeLong(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(identity);
                out.writeInt(iteration);
                Checkpoint.writeDoubles(out, theta);
                Checkpoint.writeDoubles(out, bestTheta);
                out.writeDouble(bestLoss);
                out.writeInt(bestIteration);
                out.writeDouble(lowestLoss);
                out.writeDouble(damping);
                Checkpoint.writeDoubles(out, optimizerState);
                out.writeBoolean(resample);
                byte[] text = log.getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
                out.writeInt(states.size());
                for (StoredState s : states) {
                    out.writeInt(s.frames().size());
                    for (Sampler.Frame f : s.frames()) {
                        Checkpoint.writeDoubles(out, f.x());
                        Checkpoint.writeDoubles(out, f.box().matrix());
                    }
                    Checkpoint.writeDoubles(out, s.sampledEnergies());
                }
                out.writeInt(replicas.size());
                for (Simulation.State r : replicas) {
                    out.writeBoolean(r != null);
                    if (r != null) {
                        Checkpoint.writeState(out, r);
                    }
                }
            } catch (IOException e) {
                throw new InputException("cannot write the training checkpoint " + file + ": " + e.getMessage(), e);
            }
            tx.commit();
        }
    }

    /**
     * Reads a checkpoint. The whole file is decompressed once first, so that the gzip trailer's CRC-32 and length
     * check every byte before anything is believed: a damaged file is refused whatever byte is damaged, rather than
     * read as other numbers.
     */
    public static TrainingCheckpoint read(Path file) {
        try (java.io.InputStream all = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            all.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw damaged(file, e);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(
            Files.newInputStream(file), 1 << 16), 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw InputException.in(file, "not a cgflow-train checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw InputException.in(file, "a checkpoint of another cgflow-train version (format " + version
                    + "; this one reads format " + VERSION + "): remove it to train afresh, or continue with the"
                    + " version that wrote it");
            }
            String identity = in.readUTF();
            int iteration = in.readInt();
            double[] theta = Checkpoint.readDoubles(in);
            double[] best = Checkpoint.readDoubles(in);
            double bestLoss = in.readDouble();
            int bestIteration = in.readInt();
            double lowestLoss = in.readDouble();
            double damping = in.readDouble();
            double[] optimizer = Checkpoint.readDoubles(in);
            boolean resample = in.readBoolean();
            byte[] text = new byte[in.readInt()];
            in.readFully(text);
            int ns = in.readInt();
            List<StoredState> states = new ArrayList<>();
            for (int s = 0; s < ns; s++) {
                int nf = in.readInt();
                List<Sampler.Frame> frames = new ArrayList<>(nf);
                for (int f = 0; f < nf; f++) {
                    double[] x = Checkpoint.readDoubles(in);
                    frames.add(new Sampler.Frame(x, Box.ofMatrix(Checkpoint.readDoubles(in))));
                }
                states.add(new StoredState(frames, Checkpoint.readDoubles(in)));
            }
            int nr = in.readInt();
            List<Simulation.State> replicas = new ArrayList<>();
            for (int r = 0; r < nr; r++) {
                replicas.add(in.readBoolean() ? Checkpoint.readState(in) : null);
            }
            return new TrainingCheckpoint(identity, iteration, theta, best, bestLoss, bestIteration, lowestLoss,
                damping, optimizer, resample, new String(text, StandardCharsets.UTF_8), states, replicas);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            // sizes and counts that make no sense (an array of 2³¹ numbers, a negative length) in a file whose checksum
            // holds: written by another version, or damaged before it was compressed
            throw damaged(file, e);
        }
    }

    private static InputException damaged(Path file, Throwable e) {
        String why = e instanceof java.io.EOFException ? "it ends early"
            : e instanceof java.util.zip.ZipException ? "its compressed data is damaged (" + e.getMessage() + ")"
            : e instanceof OutOfMemoryError ? "a size in it is absurd"
            : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return InputException.in(file, "cannot read the training checkpoint, a damaged or cut-short file (" + why
            + "); remove it to start the training afresh");
    }
}
