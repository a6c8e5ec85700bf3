package io.cgflow.io.binary;

import io.cgflow.core.InputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens input files for sequential reading, plain or gzip-compressed ({@code .gz}, decompressed as a
 * stream: never inflated whole into memory). For a plain file the size is exact; for a compressed one
 * only an upper bound is known (deflate expands at most about 1032-fold), which is what readers check
 * declared sizes against before allocating.
 */
public final class InputFiles {
    /** Largest expansion of deflate: 1032:1 (plus headers). */
    public static final long MAX_GZIP_RATIO = 1032;
    private static final int GZIP_BUFFER = 1 << 16;

    private InputFiles() {
    }

    /** True when the file's name ends in {@code .gz}. */
    public static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** The file name without a trailing {@code .gz}, lower case: what tells the format. */
    public static String formatName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /** A sequential source of bytes with the (exact or upper-bound) content size. */
    public static final class Source implements ReadableByteChannel {
        private final Path path;
        private final ReadableByteChannel channel;
        private final long sizeBound;
        private final boolean exact;

        private Source(Path path, ReadableByteChannel channel, long sizeBound, boolean exact) {
            this.path = path;
            this.channel = channel;
            this.sizeBound = sizeBound;
            this.exact = exact;
        }

        public Path path() {
            return path;
        }

        /** Content size in bytes: exact for a plain file, an upper bound for a compressed one. */
        public long sizeBound() {
            return sizeBound;
        }

        /** Whether {@link #sizeBound()} is the exact size. */
        public boolean exact() {
            return exact;
        }

        @Override
        public int read(ByteBuffer dst) {
            try {
                return channel.read(dst);
            } catch (ZipException | EOFException e) {
                throw InputException.in(path, "corrupt gzip data: " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }

        /** Skips up to {@code n} bytes; returns how many were skipped (fewer only at the end). */
        public long skip(long n) {
            try {
                if (channel instanceof FileChannel fc) {
                    long pos = fc.position();
                    long skipped = Math.max(0, Math.min(n, sizeBound - pos));
                    fc.position(pos + skipped);
                    return skipped;
                }
                ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(n, GZIP_BUFFER));
                long skipped = 0;
                while (skipped < n) {
                    scratch.clear().limit((int) Math.min(scratch.capacity(), n - skipped));
                    int r = read(scratch);
                    if (r < 0) {
                        break;
                    }
                    skipped += r;
                }
                return skipped;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /**
     * Opens a file for sequential reading; gzip files ({@code .gz}, or any file that starts with the gzip
     * magic bytes, which no supported format does) are decompressed on the fly.
     */
    public static Source open(Path file) {
        try {
            if (isGzip(file) || startsWithGzipMagic(file)) {
                long compressed = Files.size(file);
                InputStream raw = new BufferedInputStream(Files.newInputStream(file), GZIP_BUFFER);
                InputStream gz;
                try {
                    gz = new GZIPInputStream(raw, GZIP_BUFFER);
                } catch (ZipException | EOFException e) {
                    raw.close();
                    throw InputException.in(file, "not a gzip file (" + e.getMessage() + ")");
                }
                long bound = compressed > Long.MAX_VALUE / MAX_GZIP_RATIO ? Long.MAX_VALUE
                    : compressed * MAX_GZIP_RATIO + 1024;
                return new Source(file, new StreamChannel(gz), bound, false);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            return new Source(file, ch, ch.size(), true);
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "file not found");
        } catch (IOException e) {
            throw InputException.in(file, "cannot open: " + e.getMessage());
        }
    }

    private static boolean startsWithGzipMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** An input stream as a channel, reading straight into heap buffers. */
    private static final class StreamChannel implements ReadableByteChannel {
        private final InputStream in;
        private boolean open = true;

        StreamChannel(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!dst.hasRemaining()) {
                return 0;
            }
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            in.close();
        }
    }
}
