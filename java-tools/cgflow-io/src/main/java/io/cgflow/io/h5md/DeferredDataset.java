package io.cgflow.io.h5md;

import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dataset of the frames, whose number is not known while jhdf lays the file out: jhdf places its object
 * header (with one frame and an undefined data address), and once jhdf has closed the file the data are
 * appended at its end and the header is written again, the same size, with the real dimensions and data
 * address. So everything else of a file can be written while its frames are still being read
 * ({@link H5mdWriter.Pending}). The header holds the messages jhdf writes for a dataset: datatype, dataspace,
 * no fill value, filters, layout, then the attributes.
 */
abstract class DeferredDataset extends WritableDatasetImpl {
    private final Object proxy;
    private long address = Constants.UNDEFINED_ADDRESS;
    private int headerSize = -1;

    /** @param proxy an array of the element type and rank of the data with one frame (jhdf reads both from it) */
    DeferredDataset(Object proxy, String name, Group parent) {
        super(proxy, name, parent);
        this.proxy = proxy;
    }

    /** The filter pipeline message, or null for none. */
    Message filters() {
        return null;
    }

    /** The layout of the header jhdf places: the same size as the final one, with an undefined address. */
    abstract DataLayoutMessage placeholderLayout();

    @Override
    public final Object getData() {
        throw new UnsupportedOperationException("write-only dataset");
    }

    @Override
    public final Object getDataFlat() {
        throw new UnsupportedOperationException("write-only dataset");
    }

    @Override
    public final long write(HdfFileChannel channel, long position) {
        ByteBuffer header = header(position, DataSpace.fromObject(proxy), placeholderLayout());
        address = position;
        headerSize = header.limit();
        long end = position + headerSize;
        long at = position;
        while (header.hasRemaining()) {
            at += channel.write(header, at);
        }
        channel.position(end);
        return end;
    }

    /** Writes the header again for the data's real dataspace and layout, after jhdf has closed the file. */
    final void complete(FileChannel channel, DataSpace space, DataLayoutMessage layout) throws IOException {
        if (address == Constants.UNDEFINED_ADDRESS) {
            throw new IllegalStateException(getPath() + ": the file has not been laid out");
        }
        ByteBuffer header = header(address, space, layout);
        if (header.limit() != headerSize) {
            throw new IllegalStateException(getPath() + ": object header of " + header.limit() + " bytes where "
                + headerSize + " were reserved");
        }
        writeFully(channel, header, address);
    }

    private ByteBuffer header(long position, DataSpace space, DataLayoutMessage layout) {
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(getDataType()));
        messages.add(DataSpaceMessage.create(space));
        messages.add(FillValueMessage.NO_FILL);
        Message filters = filters();
        if (filters != null) {
            messages.add(filters);
        }
        messages.add(layout);
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> a : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(a.getKey(), a.getValue()));
            }
        }
        return new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer();
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long address) throws IOException {
        buffer.rewind();
        long at = address;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
