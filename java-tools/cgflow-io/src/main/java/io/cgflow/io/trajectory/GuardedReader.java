package io.cgflow.io.trajectory;

import io.cgflow.core.CgflowException;
import io.cgflow.core.InputException;
import io.cgflow.core.frame.Frame;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The boundary around every reader: a runtime exception that a corrupt file provokes inside a reader
 * (an index out of bounds, a malformed number, a negative size …) becomes an {@link InputException}
 * naming the file, the frame and the byte offset where that frame began. Exceptions cgflow throws on
 * purpose pass unchanged, and so do I/O failures and errors (a real out-of-memory stays one). A reader
 * that decodes on several threads stays one ({@link RawFrameSource}), its decode tasks guarded too.
 */
sealed class GuardedReader implements TrajectoryReader permits GuardedReader.Raw {
    private final TrajectoryReader delegate;
    /** Frames handed out or skipped so far. */
    long frames;

    private GuardedReader(TrajectoryReader delegate) {
        this.delegate = delegate;
    }

    static TrajectoryReader guard(Path file, Supplier<TrajectoryReader> open) {
        TrajectoryReader r;
        try {
            r = open.get();
        } catch (CgflowException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(file, "header", e);
        }
        return r instanceof RawFrameSource ? new Raw(r) : new GuardedReader(r);
    }

    static Structure guardStructure(Path file, Supplier<Structure> read) {
        try {
            return read.get();
        } catch (CgflowException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(file, "structure", e);
        }
    }

    static InputException unreadable(Path file, String where, RuntimeException e) {
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        return new InputException(file + ": " + where + ": corrupt or malformed data (" + e.getClass().getSimpleName()
            + detail + ")", e);
    }

    final String where() {
        return "frame " + frames + " (byte " + delegate.bytesRead() + ")";
    }

    final TrajectoryReader delegate() {
        return delegate;
    }

    @Override
    public Path path() {
        return delegate.path();
    }

    @Override
    public Frame next() {
        String where = where();
        try {
            Frame f = delegate.next();
            if (f != null) {
                frames++;
            }
            return f;
        } catch (CgflowException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(path(), where, e);
        }
    }

    @Override
    public boolean skip() {
        String where = where();
        try {
            boolean more = delegate.skip();
            if (more) {
                frames++;
            }
            return more;
        } catch (CgflowException | UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadable(path(), where, e);
        }
    }

    @Override
    public long bytesRead() {
        return delegate.bytesRead();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** A guarded reader whose frames are also decoded on several threads. */
    static final class Raw extends GuardedReader implements RawFrameSource {
        private final RawFrameSource source;

        /** A raw record with where it came from, for messages from its decoding. */
        private record Tagged(String where, Object raw) {
        }

        Raw(TrajectoryReader delegate) {
            super(delegate);
            this.source = (RawFrameSource) delegate;
        }

        @Override
        public Object nextRaw() {
            String where = where();
            try {
                Object raw = source.nextRaw();
                if (raw == null) {
                    return null;
                }
                frames++;
                return new Tagged(where, raw);
            } catch (CgflowException | UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(path(), where, e);
            }
        }

        @Override
        public Frame decode(Object record) {
            Tagged t = (Tagged) record;
            try {
                return source.decode(t.raw());
            } catch (CgflowException | UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadable(path(), t.where(), e);
            }
        }
    }
}
