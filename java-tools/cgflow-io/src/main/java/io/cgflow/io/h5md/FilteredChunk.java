package io.cgflow.io.h5md;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A chunk stored through HDF5's deflate filter (1), optionally after shuffle (2), decoded strictly: the zlib
 * stream must end where the chunk ends, carry the right Adler-32 checksum and inflate to exactly the chunk's
 * size. A chunk that is truncated or has flipped bytes thus fails instead of giving other numbers.
 */
final class FilteredChunk {
    private FilteredChunk() {
    }

    /** The raw bytes of a chunk, given its stored bytes and element size for unshuffling (0: no shuffle). */
    static byte[] decode(byte[] stored, int shuffleSize, int expected) throws DataFormatException {
        byte[] raw = inflate(stored, expected);
        return shuffleSize > 1 ? unshuffle(raw, shuffleSize) : raw;
    }

    static byte[] inflate(byte[] stored, int expected) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] out = new byte[expected];
            byte[] extra = new byte[1];
            int n = 0;
            while (!inflater.finished()) {
                int r = n < out.length ? inflater.inflate(out, n, out.length - n) : inflater.inflate(extra);
                if (n >= out.length && r > 0) {
                    throw new DataFormatException("chunk inflates to more than " + expected + " bytes");
                }
                n += n < out.length ? r : 0;
                if (r == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("compressed chunk ends after " + n + " of " + expected + " bytes");
                }
            }
            if (n != expected) {
                throw new DataFormatException("chunk inflates to " + n + " bytes, expected " + expected);
            }
            if (inflater.getRemaining() != 0) {
                throw new DataFormatException(inflater.getRemaining() + " bytes after the end of the compressed chunk");
            }
            return out;
        } finally {
            inflater.end();
        }
    }

    /** Inverse of {@link FrameChunkedDataset#shuffle}. */
    static byte[] unshuffle(byte[] data, int size) {
        int n = data.length / size;
        byte[] out = new byte[data.length];
        for (int j = 0; j < size; j++) {
            int base = j * n;
            for (int e = 0; e < n; e++) {
                out[e * size + j] = data[base + e];
            }
        }
        System.arraycopy(data, n * size, out, n * size, data.length - n * size);
        return out;
    }
}
