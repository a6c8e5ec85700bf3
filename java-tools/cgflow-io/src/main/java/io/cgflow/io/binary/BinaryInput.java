package io.cgflow.io.binary;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Sequential reading of a binary file (plain or gzip-compressed) through one bounded buffer, in either
 * byte order. Reading past the end throws {@link TruncatedInputException}; readers turn that into a
 * message naming the frame. Requests larger than the buffer grow it only as far as data actually
 * arrives, so a size declared in a corrupt header cannot make it allocate more than the file holds.
 */
public final class BinaryInput implements Closeable {
    private static final int DEFAULT_BUFFER = 1 << 20;
    /** Chunk in which large reads grow their target, so that allocation follows the data. */
    private static final int GROWTH_CHUNK = 1 << 20;
    private final Path path;
    private final InputFiles.Source source;
    private ByteBuffer buffer;
    /** File offset of buffer index 0. */
    private long bufferStart;
    private boolean eof;

    public BinaryInput(Path path, ByteOrder order) {
        this(path, order, DEFAULT_BUFFER);
    }

    public BinaryInput(Path path, ByteOrder order, int bufferSize) {
        this.path = path;
        this.source = InputFiles.open(path);
        this.buffer = ByteBuffer.allocate(bufferSize).order(order);
        buffer.limit(0);
    }

    public Path path() {
        return path;
    }

    /** Content size: exact for a plain file, an upper bound for a compressed one ({@link #sizeExact()}). */
    public long size() {
        return source.sizeBound();
    }

    /** Whether {@link #size()} is exact (a plain file) rather than a bound (a compressed one). */
    public boolean sizeExact() {
        return source.exact();
    }

    /** Bytes left after the current position: exact for a plain file, an upper bound otherwise. */
    public long remaining() {
        return Math.max(0, source.sizeBound() - position());
    }

    /** "5000 remain (…)" or, for a compressed file, "at most 5000 remain (…)": for messages. */
    public String describeRemaining() {
        return (sizeExact() ? "" : "at most ") + remaining() + (remaining() == 1 ? " remains" : " remain")
            + " (truncated file or corrupted header)";
    }

    /** Current file offset. */
    public long position() {
        return bufferStart + buffer.position();
    }

    public boolean atEnd() {
        if (buffer.hasRemaining()) {
            return false;
        }
        return !fill(1);
    }

    public void order(ByteOrder order) {
        buffer.order(order);
    }

    public ByteOrder order() {
        return buffer.order();
    }

    /** Makes at least {@code n} bytes available in the buffer, growing it (as data arrives) if needed. */
    public void require(int n) {
        if (buffer.remaining() >= n) {
            return;
        }
        long pos = position();
        if (pos + n > source.sizeBound()) {
            throw new TruncatedInputException(source.exact() ? source.sizeBound() : pos, pos + n
                - (source.exact() ? source.sizeBound() : pos));
        }
        if (!fill(n)) {
            throw new TruncatedInputException(position() + buffer.remaining(), n - buffer.remaining());
        }
    }

    /** Tries to have {@code n} bytes in the buffer; false if the data ends first. */
    private boolean fill(int n) {
        if (eof) {
            return buffer.remaining() >= n;
        }
        bufferStart += buffer.position();
        buffer.compact(); // write mode: data in [0, position)
        while (buffer.position() < n) {
            if (!buffer.hasRemaining()) {
                int grown = (int) Math.min(n, Math.max((long) buffer.capacity() + GROWTH_CHUNK,
                    Math.min(Integer.MAX_VALUE - 8, 2L * buffer.capacity())));
                ByteBuffer bigger = ByteBuffer.allocate(grown).order(buffer.order());
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            int read = source.read(buffer);
            if (read < 0) {
                eof = true;
                break;
            }
        }
        buffer.flip();
        return buffer.remaining() >= n;
    }

    public int readInt() {
        require(4);
        return buffer.getInt();
    }

    public long readLong() {
        require(8);
        return buffer.getLong();
    }

    public float readFloat() {
        require(4);
        return buffer.getFloat();
    }

    public double readDouble() {
        require(8);
        return buffer.getDouble();
    }

    /** A read-only view of the next {@code n} bytes (valid until the next read), then skips them. */
    public ByteBuffer view(int n) {
        require(n);
        ByteBuffer v = buffer.slice(buffer.position(), n).order(buffer.order());
        buffer.position(buffer.position() + n);
        return v;
    }

    public void readFully(byte[] dst, int off, int len) {
        while (len > 0) {
            int chunk = Math.min(len, buffer.capacity());
            require(chunk);
            buffer.get(dst, off, chunk);
            off += chunk;
            len -= chunk;
        }
    }

    /**
     * The next {@code n} bytes as a new array, allocated in step with the data that actually arrives:
     * a corrupt size fails as a truncation having allocated at most about twice what the file holds.
     */
    public byte[] readBytes(int n) {
        if (n > remaining()) {
            long pos = position();
            throw new TruncatedInputException(pos + remaining(), n - remaining());
        }
        byte[] out = new byte[Math.min(n, GROWTH_CHUNK)];
        int have = 0;
        while (have < n) {
            if (have == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            require(Math.min(out.length - have, buffer.capacity()));
            int take = Math.min(buffer.remaining(), out.length - have);
            buffer.get(out, have, take);
            have += take;
        }
        return out;
    }

    /** Skips {@code n} bytes; skipping past the end is a truncation. */
    public void skip(long n) {
        long target = position() + n;
        if (target > source.sizeBound()) {
            throw new TruncatedInputException(source.exact() ? source.sizeBound() : position(), n);
        }
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
            return;
        }
        long rest = n - buffer.remaining();
        bufferStart += buffer.limit();
        buffer.clear().limit(0);
        long skipped = eof ? 0 : source.skip(rest);
        bufferStart += skipped;
        if (skipped < rest) {
            eof = true;
            throw new TruncatedInputException(bufferStart, rest - skipped);
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
