package io.cgflow.md;

import io.cgflow.core.InputException;
import io.cgflow.core.output.OutputTransaction;
import io.cgflow.core.geometry.Box;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A restart file: the {@link Simulation.State}, what identifies the run it belongs to, and how much of the output
 * journal beside it ({@link OutputJournal}: the THERMO rows and frames written so far) it covers, so that a restarted
 * run writes the same bytes as an uninterrupted one. Written to a temporary file in the same folder and renamed over
 * the old checkpoint.
 */
public record Checkpoint(String identity, Simulation.State state, OutputJournal.Mark output) {
    private static final long MAGIC = 0x4347464C4F574D44L;
    /** 2: a CRC-32C of everything before it ends the file. 4: THERMO rows and frames in a journal beside it. */
    private static final int VERSION = 4;

    /** A frame of the output so far. */
    public record StoredFrame(long step, double time, Box box, float[] positions) {
    }

    /**
     * Writes the checkpoint atomically through an {@link OutputTransaction}: under a temporary name that SIGTERM and
     * SIGINT delete, and that the next checkpoint of the same name sweeps when a kill -9 left it.
     */
    public void write(Path file) {
        try (OutputTransaction transaction = new OutputTransaction()) {
            Path temp;
            try {
                temp = transaction.stage(file);
            } catch (InputException e) {
                throw new InputException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
            }
            CRC32C crc = new CRC32C();
            try (OutputStream file0 = Files.newOutputStream(temp);
                 DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                     new BufferedOutputStream(file0, 1 << 16), crc))) {
                out.writeLong(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(identity);
                writeState(out, state);
                out.writeLong(output.records());
                out.writeLong(output.bytes());
                out.writeLong(output.crc());
                out.flush();
                long sum = crc.getValue();
                out.writeLong(sum);
            } catch (IOException e) {
                throw new InputException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
            }
            transaction.commit();
        }
    }

    public static Checkpoint read(Path file) {
        verify(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.readLong();
            in.readInt();
            String identity = in.readUTF();
            Simulation.State state = readState(in);
            OutputJournal.Mark output = new OutputJournal.Mark(in.readLong(), in.readLong(), in.readLong());
            return new Checkpoint(identity, state, output);
        } catch (java.io.EOFException e) {
            throw InputException.in(file, "the checkpoint ends early (a truncated or damaged file); delete it to start"
                + " the run afresh");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read checkpoint: " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }

    /**
     * Checks the header and the CRC-32C trailer before anything is parsed, so that a damaged file (a flipped byte
     * of a copy, a disk error) is refused rather than continued from, and no length read from it is trusted.
     */
    private static void verify(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(12);
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // fill
            }
            head.flip();
            if (head.remaining() < 12 || head.getLong() != MAGIC) {
                throw InputException.in(file, "not a cgflow-md checkpoint");
            }
            int version = head.getInt();
            if (version != VERSION) {
                throw InputException.in(file, "a checkpoint of format " + version + ", this cgflow-md reads format "
                    + VERSION + "; delete it to start the run afresh");
            }
            if (size < 20) {
                throw InputException.in(file, "the checkpoint ends early (a truncated or damaged file); delete it to "
                    + "start the run afresh");
            }
            CRC32C crc = new CRC32C();
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            long pos = 0;
            long end = size - 8;
            while (pos < end) {
                b.clear().limit((int) Math.min(b.capacity(), end - pos));
                int n = ch.read(b, pos);
                if (n < 0) {
                    break;
                }
                b.flip();
                crc.update(b);
                pos += n;
            }
            ByteBuffer trailer = ByteBuffer.allocate(8);
            ch.read(trailer, end);
            if (trailer.flip().getLong() != crc.getValue()) {
                throw InputException.in(file, "the checkpoint's checksum does not match its contents (a truncated or "
                    + "damaged file); delete it to start the run afresh");
            }
        } catch (IOException e) {
            throw InputException.in(file, "cannot read checkpoint: " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }

    /** Writes a simulation state (everything {@link Simulation#restore} needs) to a stream. */
    public static void writeState(DataOutputStream out, Simulation.State s) throws IOException {
        out.writeLong(s.step());
        writeDoubles(out, s.box().matrix());
        writeDoubles(out, s.x());
        writeDoubles(out, s.v());
        out.writeInt(s.rngCounters().length);
        for (long c : s.rngCounters()) {
            out.writeLong(c);
        }
        out.writeDouble(s.moveSize());
        out.writeLong(s.tried());
        out.writeLong(s.accepted());
        out.writeDouble(s.thermostatEnergy());
        out.writeInt(s.listReferences().length);
        for (double[] r : s.listReferences()) {
            out.writeBoolean(r != null);
            if (r != null) {
                writeDoubles(out, r);
            }
        }
    }

    /** Reads what {@link #writeState} wrote. */
    public static Simulation.State readState(DataInputStream in) throws IOException {
        long step = in.readLong();
        Box box = Box.ofMatrix(readDoubles(in));
        double[] x = readDoubles(in);
        double[] v = readDoubles(in);
        long[] counters = new long[in.readInt()];
        for (int k = 0; k < counters.length; k++) {
            counters[k] = in.readLong();
        }
        double move = in.readDouble();
        long tried = in.readLong();
        long accepted = in.readLong();
        double heat = in.readDouble();
        double[][] refs = new double[in.readInt()][];
        for (int k = 0; k < refs.length; k++) {
            refs[k] = in.readBoolean() ? readDoubles(in) : null;
        }
        return new Simulation.State(step, box, x, v, counters, move, tried, accepted, heat, refs);
    }

    /** Writes a length-prefixed array of doubles. */
    public static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double d : a) {
            out.writeDouble(d);
        }
    }

    /** Reads what {@link #writeDoubles} wrote. */
    public static double[] readDoubles(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int k = 0; k < a.length; k++) {
            a[k] = in.readDouble();
        }
        return a;
    }
}
