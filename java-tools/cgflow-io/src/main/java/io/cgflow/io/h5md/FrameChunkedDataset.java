package io.cgflow.io.h5md;

import io.jhdf.Constants;
import io.jhdf.api.Group;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.indexing.ChunkImpl;
import io.jhdf.dataset.chunked.indexing.FixedArrayIndexWriter;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessageV4;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.zip.Deflater;

/**
 * The positions, float32 [T][N][3], written straight from T flat per-frame arrays, one chunk (1, N, 3) per
 * frame, optionally byte-shuffled and deflated (HDF5 filters 2 and 1), chunks indexed by an HDF5 fixed array
 * (for any T, one frame included, so that the header's size does not depend on T). jhdf's general writer takes
 * nested Java arrays and copies each innermost [3] separately, which for trajectories costs far more than the
 * file I/O; this class keeps jhdf's file structure (object header, layout and index messages) and streams
 * the chunks itself, after the rest of the file (see {@link DeferredDataset}). Compression runs on a bounded
 * number of threads; each chunk is compressed independently, so the bytes do not depend on it.
 */
final class FrameChunkedDataset extends DeferredDataset {
    private static final int SHUFFLE = 2;
    private static final int DEFLATE = 1;
    /** Page bits of the placeholder index (a byte: the final value, known with T, has the same size). */
    private static final int PLACEHOLDER_PAGE_BITS = 10;
    private final int atoms;
    private final int compression;
    private final int threads;

    FrameChunkedDataset(int atoms, String name, Group parent, int compression, int threads) {
        super(shapeOf(1, atoms), name, parent);
        this.atoms = atoms;
        this.compression = compression;
        this.threads = Math.max(1, threads);
    }

    /** A nested array with the dimensions [t][n][3] along its first elements (how jhdf infers shapes). */
    private static float[][][] shapeOf(int t, int n) {
        float[][][] proxy = new float[t][][];
        proxy[0] = new float[n][];
        proxy[0][0] = new float[3];
        return proxy;
    }

    private int[] layoutDims() {
        return new int[] {1, atoms, 3, 4};
    }

    @Override
    Message filters() {
        return compression > 0 ? FilterPipelineMessage.create(List.of(
            new FilterPipelineMessage.FilterInfo(SHUFFLE, "shuffle", false, new int[] {4}),
            new FilterPipelineMessage.FilterInfo(DEFLATE, "deflate", false, new int[] {compression}))) : null;
    }

    @Override
    DataLayoutMessage placeholderLayout() {
        return ChunkedDataLayoutMessageV4.createFixedArray(Constants.UNDEFINED_ADDRESS, layoutDims(),
            PLACEHOLDER_PAGE_BITS);
    }

    /** Writes the chunks of {@code frames} and their index at {@code at}; returns where they end. */
    long append(FileChannel channel, List<float[]> frames, long at) throws IOException {
        final int t = frames.size();
        final int chunkBytes = 12 * atoms;
        // elements per data block page 2^pageBits ≥ T: the index is never paged
        final int pageBits = Math.max(10, 32 - Integer.numberOfLeadingZeros(Math.max(1, t - 1)));
        for (float[] f : frames) {
            if (f.length != 3 * atoms) {
                throw new IllegalArgumentException("frame of " + f.length / 3 + " atoms in a dataset of " + atoms);
            }
        }
        long address = at;
        List<Chunk> chunks = new ArrayList<>(t);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;   // as the datatype declares (jhdf's FloatingPoint.FLOAT)
        if (compression > 0) {
            byte[][] packed = compressAll(frames, chunkBytes, order);
            for (int k = 0; k < t; k++) {
                writeFully(channel, ByteBuffer.wrap(packed[k]), address);
                chunks.add(new ChunkImpl(address, packed[k].length, new long[] {k, 0, 0}));
                address += packed[k].length;
            }
        } else {
            ByteBuffer buffer = ByteBuffer.allocate(chunkBytes).order(order);
            for (int k = 0; k < t; k++) {
                buffer.clear();
                buffer.asFloatBuffer().put(frames.get(k));
                writeFully(channel, buffer, address);
                chunks.add(new ChunkImpl(address, chunkBytes, new long[] {k, 0, 0}));
                address += chunkBytes;
            }
        }
        ByteBuffer index = FixedArrayIndexWriter.createFixedArray(chunks, address, chunkBytes, compression > 0,
            pageBits);
        writeFully(channel, index, address);
        complete(channel, DataSpace.fromObject(shapeOf(t, atoms)),
            ChunkedDataLayoutMessageV4.createFixedArray(address, layoutDims(), pageBits));
        return address + index.limit();
    }

    private byte[][] compressAll(List<float[]> frames, int chunkBytes, ByteOrder order) {
        byte[][] packed = new byte[frames.size()][];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, frames.size()).parallel().forEach(k -> {
                ByteBuffer raw = ByteBuffer.allocate(chunkBytes).order(order);
                raw.asFloatBuffer().put(frames.get(k));
                packed[k] = deflate(shuffle(raw.array(), 4), compression);
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compressing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("compression failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        return packed;
    }

    /** HDF5 shuffle filter: byte j of every element, for j = 0..size-1, in turn. */
    static byte[] shuffle(byte[] data, int size) {
        int n = data.length / size;
        byte[] out = new byte[data.length];
        for (int j = 0; j < size; j++) {
            int base = j * n;
            for (int e = 0; e < n; e++) {
                out[base + e] = data[e * size + j];
            }
        }
        System.arraycopy(data, n * size, out, n * size, data.length - n * size);
        return out;
    }

    /** HDF5 deflate filter: a zlib stream. */
    static byte[] deflate(byte[] data, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] buffer = new byte[Math.max(64, data.length + data.length / 1000 + 64)];
            int length = 0;
            while (!deflater.finished()) {
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                length += deflater.deflate(buffer, length, buffer.length - length);
            }
            return java.util.Arrays.copyOf(buffer, length);
        } finally {
            deflater.end();
        }
    }
}
