package io.cgflow.io.h5md;

import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.indexing.ChunkImpl;
import io.jhdf.dataset.chunked.indexing.FixedArrayIndexWriter;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ChunkedDataLayoutMessageV4;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.FilterPipelineMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.zip.Deflater;

/**
 * A float32 [T][N][3] dataset written straight from T flat per-frame arrays, one chunk (1, N, 3) per
 * frame, optionally byte-shuffled and deflated (HDF5 filters 2 and 1), chunks indexed by an HDF5 fixed
 * array. jhdf's general writer takes nested Java arrays and copies each innermost [3] separately, which
 * for trajectories costs far more than the file I/O; this class keeps jhdf's file structure (object
 * header, layout and index messages) and only streams the chunks itself. Compression runs on a
 * bounded number of threads; each chunk is compressed independently, so the bytes do not depend on it.
 */
final class FrameChunkedDataset extends WritableDatasetImpl {
    private static final int SHUFFLE = 2;
    private static final int DEFLATE = 1;
    private final List<float[]> frames;
    private final int atoms;
    private final int compression;
    private final int threads;
    private final Object shape;

    FrameChunkedDataset(List<float[]> frames, int atoms, String name, Group parent, int compression, int threads) {
        super(shapeOf(frames.size(), atoms), name, parent);
        this.frames = List.copyOf(frames);
        this.atoms = atoms;
        this.compression = compression;
        this.threads = Math.max(1, threads);
        this.shape = shapeOf(frames.size(), atoms);
        for (float[] f : frames) {
            if (f.length != 3 * atoms) {
                throw new IllegalArgumentException("frame of " + f.length / 3 + " atoms in a dataset of " + atoms);
            }
        }
    }

    /** A nested array that has the dataset's dimensions along its first elements (jhdf infers shapes that way). */
    private static Object shapeOf(int t, int n) {
        float[][][] proxy = new float[t][][];
        proxy[0] = new float[n][];
        proxy[0][0] = new float[3];
        return proxy;
    }

    @Override
    public Object getData() {
        throw new UnsupportedOperationException("write-only dataset");
    }

    @Override
    public Object getDataFlat() {
        throw new UnsupportedOperationException("write-only dataset");
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        final int t = frames.size();
        final int chunkBytes = 12 * atoms;
        final boolean filtered = compression > 0;
        final int[] layoutDims = {1, atoms, 3, 4};
        final int pageBits = Math.max(10, 32 - Integer.numberOfLeadingZeros(Math.max(1, t - 1)));

        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(FloatingPoint.FLOAT));
        messages.add(DataSpaceMessage.create(DataSpace.fromObject(shape)));
        messages.add(FillValueMessage.NO_FILL);
        if (filtered) {
            messages.add(FilterPipelineMessage.create(List.of(
                new FilterPipelineMessage.FilterInfo(SHUFFLE, "shuffle", false, new int[] {4}),
                new FilterPipelineMessage.FilterInfo(DEFLATE, "deflate", false, new int[] {compression}))));
        }
        DataLayoutMessage placeholder = layout(Constants.UNDEFINED_ADDRESS, 0, t, filtered, layoutDims, pageBits);
        messages.add(placeholder);
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> a : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(a.getKey(), a.getValue()));
            }
        }
        final int headerSize = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();

        long address = position + headerSize;
        List<Chunk> chunks = new ArrayList<>(t);
        ByteOrder order = ByteOrder.nativeOrder();
        if (filtered) {
            byte[][] packed = compressAll(chunkBytes, order);
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
        final DataLayoutMessage layout;
        long end = address;
        if (t == 1) {
            layout = layout(chunks.get(0).getAddress(), chunks.get(0).getSize(), 1, filtered, layoutDims, pageBits);
        } else {
            ByteBuffer index = FixedArrayIndexWriter.createFixedArray(chunks, address, chunkBytes, filtered, pageBits);
            end = address + index.limit();
            writeFully(channel, index, address);
            layout = layout(address, 0, t, filtered, layoutDims, pageBits);
        }
        messages.set(messages.indexOf(placeholder), layout);
        channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        channel.position(end);
        return end;
    }

    private static DataLayoutMessage layout(long address, int filteredSize, int t, boolean filtered, int[] dims,
                                            int pageBits) {
        if (t == 1) {
            return filtered ? ChunkedDataLayoutMessageV4.createFilteredSingleChunk(address, dims, filteredSize)
                : ChunkedDataLayoutMessageV4.createSingleChunk(address, dims);
        }
        return ChunkedDataLayoutMessageV4.createFixedArray(address, dims, pageBits);
    }

    private byte[][] compressAll(int chunkBytes, ByteOrder order) {
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

    private static void writeFully(HdfFileChannel channel, ByteBuffer buffer, long address) {
        buffer.rewind();
        long at = address;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
