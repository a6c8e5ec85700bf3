package io.cgflow.io.binary;

import io.cgflow.core.InputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sequential reading of a binary file through one bounded buffer, in either byte order. Reading past
 * the end throws {@link TruncatedInputException}; readers turn that into a message naming the frame.
 */
public final class BinaryInput implements Closeable {
    private static final int DEFAULT_BUFFER = 1 << 20;
    private final Path path;
    private final FileChannel channel;
    private final long size;
    private ByteBuffer buffer;
    /** File offset of buffer position 0. */
    private long bufferStart;

    public BinaryInput(Path path, ByteOrder order) {
        this(path, order, DEFAULT_BUFFER);
    }

    public BinaryInput(Path path, ByteOrder order, int bufferSize) {
        this.path = path;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
            this.size = channel.size();
        } catch (NoSuchFileException e) {
            throw InputException.in(path, "file not found");
        } catch (IOException e) {
            throw InputException.in(path, "cannot open: " + e.getMessage());
        }
        this.buffer = ByteBuffer.allocate(bufferSize).order(order);
        buffer.limit(0);
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    /** Current file offset. */
    public long position() {
        return bufferStart + buffer.position();
    }

    public boolean atEnd() {
        return position() >= size;
    }

    public void order(ByteOrder order) {
        buffer.order(order);
    }

    public ByteOrder order() {
        return buffer.order();
    }

    /** Makes at least {@code n} bytes available in the buffer, growing it if needed. */
    public void require(int n) {
        if (buffer.remaining() >= n) {
            return;
        }
        long pos = position();
        if (pos + n > size) {
            throw new TruncatedInputException(size, pos + n - size);
        }
        if (n > buffer.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, 2 * buffer.capacity())).order(buffer.order());
            bigger.put(buffer);
            bigger.flip();
            buffer = bigger;
        } else {
            buffer.compact();
            buffer.flip();
        }
        bufferStart = pos;
        fill(n);
    }

    private void fill(int n) {
        int have = buffer.limit();
        buffer.position(have).limit(buffer.capacity());
        try {
            while (buffer.position() < n) {
                int read = channel.read(buffer, bufferStart + buffer.position());
                if (read < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        buffer.flip();
        if (buffer.remaining() < n) {
            throw new TruncatedInputException(size, n - buffer.remaining());
        }
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

    /** Skips {@code n} bytes; skipping past the end is a truncation. */
    public void skip(long n) {
        long target = position() + n;
        if (target > size) {
            throw new TruncatedInputException(size, target - size);
        }
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
        } else {
            bufferStart = target;
            buffer.clear().limit(0);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only file: nothing to lose
        }
    }
}
