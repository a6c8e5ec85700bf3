package io.cgflow.io.h5md;

import io.jhdf.Constants;
import io.jhdf.api.Group;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A small per-frame dataset (step {@code long[T]}, time {@code double[T]}, box edges {@code float[T][3][3]})
 * stored contiguously, little-endian as jhdf's datatypes declare, appended after the file is laid out (see
 * {@link DeferredDataset}).
 */
final class FrameSeriesDataset extends DeferredDataset {
    private FrameSeriesDataset(Object proxy, String name, Group parent) {
        super(proxy, name, parent);
    }

    static FrameSeriesDataset steps(String name, Group parent) {
        return new FrameSeriesDataset(new long[1], name, parent);
    }

    static FrameSeriesDataset times(String name, Group parent) {
        return new FrameSeriesDataset(new double[1], name, parent);
    }

    static FrameSeriesDataset edges(String name, Group parent) {
        return new FrameSeriesDataset(new float[1][3][3], name, parent);
    }

    @Override
    DataLayoutMessage placeholderLayout() {
        return ContiguousDataLayoutMessage.create(Constants.UNDEFINED_ADDRESS, 0);
    }

    /** Writes {@code data} (of this dataset's type, one entry per frame) at {@code at}; returns where it ends. */
    long append(FileChannel channel, Object data, long at) throws IOException {
        ByteBuffer bytes = bytes(data);
        writeFully(channel, bytes, at);
        complete(channel, DataSpace.fromObject(data), ContiguousDataLayoutMessage.create(at, bytes.limit()));
        return at + bytes.limit();
    }

    private static ByteBuffer bytes(Object data) {
        if (data instanceof long[] v) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(v);
            return b;
        }
        if (data instanceof double[] v) {
            ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(v);
            return b;
        }
        if (data instanceof float[][][] v) {
            ByteBuffer b = ByteBuffer.allocate(4 * 9 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float[][] matrix : v) {
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        b.putFloat(matrix[r][c]);
                    }
                }
            }
            return b.flip();
        }
        throw new IllegalArgumentException("no per-frame dataset of " + data.getClass().getSimpleName());
    }
}
