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
 * The output of a checkpointed run so far — its THERMO rows and frames, in the order they were written — beside its
 * checkpoint ({@code CHECKPOINT.journal}): appended as they are written, never held in memory, so that a run continued
 * from its checkpoint writes the same THERMO bytes and trajectory as one run without the checkpoint growing with the
 * run. A checkpoint records how many records and bytes of the journal it covers and their CRC-32C ({@link Mark}),
 * after the journal is forced to disk; continuing, the journal is read back to that length (rows to the new THERMO
 * file, frames to the new trajectory), checked against the checksum, and cut there (what was written after the
 * checkpoint is written again). Records: a tag byte, then a row (modified UTF-8 with a two-byte length) or a frame
 * (step, time, the box's 9 matrix elements, the number of floats and the float positions). Not thread-safe.
 */
public final class OutputJournal implements AutoCloseable {
    /** How much of the journal a checkpoint covers: records (rows and frames), bytes and their CRC-32C. */
    public record Mark(long records, long bytes, long crc) {
    }

    private static final byte ROW = 'T';
    private static final byte FRAME = 'F';

    /** Bytes of a frame record of n floats: tag, step, time, the 9 box elements, the count, the floats. */
    private static long frameBytes(int n) {
        return 1 + 8 + 8 + 72 + 4 + 4L * n;
    }

    private final Path file;
    private final FileChannel channel;
    private final CRC32C crc;
    private final DataOutputStream out;
    private long records;
    private long bytes;

    private OutputJournal(Path file, FileChannel channel, CRC32C crc, long records, long bytes) {
        this.file = file;
        this.channel = channel;
        this.crc = crc;
        this.records = records;
        this.bytes = bytes;
        OutputStream raw = Channels.newOutputStream(channel);
        this.out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
    }

    /** The journal of a checkpoint file. */
    public static Path of(Path checkpoint) {
        return checkpoint.resolveSibling(checkpoint.getFileName() + ".journal");
    }

    /** A new, empty journal (an old one of that name is replaced). */
    public static OutputJournal create(Path file) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
            return new OutputJournal(file, ch, new CRC32C(), 0, 0);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads what a checkpoint covers, in order — THERMO rows into {@code rows}, frames into {@code frames} — checks it
     * against the mark, cuts the journal after it and returns it open for appending.
     */
    public static OutputJournal resume(Path file, Mark mark, Consumer<String> rows,
                                       Consumer<Checkpoint.StoredFrame> frames) {
        if (!Files.isRegularFile(file)) {
            throw InputException.in(file, "the output of the checkpoint is missing (it needs this file beside it);"
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
                for (long k = 0; k < mark.records(); k++) {
                    byte tag = in.readByte();
                    long record;
                    if (tag == ROW) {
                        int length = in.readUnsignedShort();
                        record = 1 + 2 + length;
                        if (read + record > mark.bytes()) {
                            throw damaged(file, "record " + k + " runs past the " + mark.bytes() + " bytes the"
                                + " checkpoint covers");
                        }
                        byte[] utf = new byte[length];
                        in.readFully(utf);
                        read += record;
                        check(file, mark, k, read, crc);
                        rows.accept(new String(utf, java.nio.charset.StandardCharsets.UTF_8));
                    } else if (tag == FRAME) {
                        long step = in.readLong();
                        double time = in.readDouble();
                        double[] box = new double[9];
                        for (int c = 0; c < 9; c++) {
                            box[c] = in.readDouble();
                        }
                        int n = in.readInt();
                        record = frameBytes(n);
                        if (n < 0 || read + record > mark.bytes()) {
                            throw damaged(file, "record " + k + " runs past the " + mark.bytes() + " bytes the"
                                + " checkpoint covers");
                        }
                        float[] p = new float[n];
                        for (int j = 0; j < n; j++) {
                            p[j] = in.readFloat();
                        }
                        read += record;
                        check(file, mark, k, read, crc);
                        frames.accept(new Checkpoint.StoredFrame(step, time, Box.ofMatrix(box), p));
                    } else {
                        throw damaged(file, "record " + k + " is of no known kind");
                    }
                }
                if (mark.records() == 0 && mark.bytes() != 0) {
                    throw damaged(file, "the checkpoint covers no records but " + mark.bytes() + " bytes");
                }
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
            ch.truncate(mark.bytes());
            ch.position(mark.bytes());
            return new OutputJournal(file, ch, crc, mark.records(), mark.bytes());
        } catch (EOFException e) {
            throw damaged(file, "it ends early");
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        } catch (IOException e) {
            throw InputException.in(file, "cannot read the checkpoint's output: " + e.getMessage());
        }
    }

    /**
     * After the last record a checkpoint covers, its length and checksum must match the mark (a mismatch fails the
     * run, whose output transaction then keeps nothing of what it was given).
     */
    private static void check(Path file, Mark mark, long record, long read, CRC32C crc) {
        if (record == mark.records() - 1 && (read != mark.bytes() || crc.getValue() != mark.crc())) {
            throw damaged(file, "its checksum does not match the checkpoint's");
        }
    }

    private static InputException damaged(Path file, String problem) {
        return InputException.in(file, "the checkpoint's output is damaged (" + problem + "); delete the checkpoint"
            + " and this file to start the run afresh");
    }

    /** Appends a THERMO row (its text, line end included). */
    public void appendRow(String row) {
        byte[] utf = row.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf.length > 0xffff) {
            throw new IllegalArgumentException("a THERMO row of " + utf.length + " bytes");
        }
        try {
            out.writeByte(ROW);
            out.writeShort(utf.length);
            out.write(utf);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
        records++;
        bytes += 1 + 2 + utf.length;
    }

    /** Appends a frame. */
    public void append(Checkpoint.StoredFrame f) {
        try {
            out.writeByte(FRAME);
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
        records++;
        bytes += frameBytes(f.positions().length);
    }

    /** Forces what was appended to disk and returns the mark a checkpoint records. */
    public Mark sync() {
        try {
            out.flush();
            channel.force(false);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new Mark(records, bytes, crc.getValue());
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
