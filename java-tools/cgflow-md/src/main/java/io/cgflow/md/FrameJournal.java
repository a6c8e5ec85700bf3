package io.cgflow.md;

import io.cgflow.core.InputException;
import io.cgflow.core.geometry.Box;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The frames of a checkpointed run, beside its checkpoint ({@code CHECKPOINT.frames}): appended as they are written,
 * never held in memory, so that a run continued from its checkpoint writes the same trajectory as one run without
 * the checkpoint growing with it. A checkpoint records how many frames and bytes of the journal it covers and their
 * CRC-32C ({@link Mark}), after the journal is forced to disk; continuing, the journal is read back to that length,
 * checked against the checksum, and cut there (frames written after the checkpoint are written again). Not
 * thread-safe.
 */
public final class FrameJournal implements AutoCloseable {
    /** How much of the journal a checkpoint covers. */
    public record Mark(long frames, long bytes, long crc) {
    }

    private final Path file;
    private final FileChannel channel;
    private final CRC32C crc;
    private final DataOutputStream out;
    private long frames;
    private long bytes;

    private FrameJournal(Path file, FileChannel channel, CRC32C crc, long frames, long bytes) {
        this.file = file;
        this.channel = channel;
        this.crc = crc;
        this.frames = frames;
        this.bytes = bytes;
        OutputStream raw = Channels.newOutputStream(channel);
        this.out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
    }

    /** The journal of a checkpoint file. */
    public static Path of(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + ".frames");
    }

    /** A new, empty journal (an old one of that name is replaced). */
    public static FrameJournal create(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            return new FrameJournal(file, ch, new CRC32C(), 0, 0);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the frames a checkpoint covers into {@code frames}, in order, checks them against the mark, cuts the
     * journal after them and returns it open for appending.
     */
    public static FrameJournal resume(Path file, Mark mark, Consumer<Checkpoint.StoredFrame> frames) {
        if (!Files.isRegularFile(file)) {
            throw InputException.in(file, "the frames of the checkpoint are missing (it needs this file beside it);"
                + " delete the checkpoint to start the run afresh");
        }
        CRC32C crc = new CRC32C();
        try {
            long size = Files.size(file);
            if (size < mark.bytes()) {
                throw damaged(file, "holds " + size + " bytes, the checkpoint covers " + mark.bytes());
            }
            try (DataInputStream in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(
                Files.newInputStream(file), 1 << 16), crc))) {
                long read = 0;
                for (long k = 0; k < mark.frames(); k++) {
                    long step = in.readLong();
                    double time = in.readDouble();
                    double[] box = new double[9];
                    for (int c = 0; c < 9; c++) {
                        box[c] = in.readDouble();
                    }
                    int n = in.readInt();
                    long record = 8 + 8 + 72 + 4 + 4L * n;
                    if (n < 0 || read + record > mark.bytes()) {
                        throw damaged(file, "frame " + k + " runs past the " + mark.bytes() + " bytes the checkpoint"
                            + " covers");
                    }
                    float[] p = new float[n];
                    for (int j = 0; j < n; j++) {
                        p[j] = in.readFloat();
                    }
                    read += record;
                    // a mismatch fails the run, whose output transaction then keeps nothing of what it was given
                    if (k == mark.frames() - 1 && (read != mark.bytes() || crc.getValue() != mark.crc())) {
                        throw damaged(file, "its checksum does not match the checkpoint's");
                    }
                    frames.accept(new Checkpoint.StoredFrame(step, time, Box.ofMatrix(box), p));
                }
                if (mark.frames() == 0 && mark.bytes() != 0) {
                    throw damaged(file, "the checkpoint covers no frames but " + mark.bytes() + " bytes");
                }
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
            ch.truncate(mark.bytes());
            ch.position(mark.bytes());
            return new FrameJournal(file, ch, crc, mark.frames(), mark.bytes());
        } catch (EOFException e) {
            throw damaged(file, "it ends early");
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the checkpoint's frames: " + e.getMessage());
        }
    }

    private static InputException damaged(Path file, String problem) {
        return InputException.in(file, "the checkpoint's frames are damaged (" + problem + "); delete the checkpoint"
            + " and this file to start the run afresh");
    }

    /** Appends a frame. */
    public void append(Checkpoint.StoredFrame f) {
        try {
            out.writeLong(f.step());
            out.writeDouble(f.time());
            for (double v : f.box().matrix()) {
                out.writeDouble(v);
            }
            out.writeInt(f.positions().length);
            for (float v : f.positions()) {
                out.writeFloat(v);
            }
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
        frames++;
        bytes += 8 + 8 + 72 + 4 + 4L * f.positions().length;
    }

    /** Forces what was appended to disk and returns the mark a checkpoint records. */
    public Mark sync() {
        try {
            out.flush();
            channel.force(false);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new Mark(frames, bytes, crc.getValue());
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
