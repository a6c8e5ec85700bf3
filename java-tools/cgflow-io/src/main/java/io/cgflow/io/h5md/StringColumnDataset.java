package io.cgflow.io.h5md;

import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A one-dimensional string dataset in the bytes jhdf writes for a {@code String[]} (fixed-length, null-terminated
 * UTF-8, contiguous layout), with each distinct value encoded once. jhdf measures and then encodes every element
 * through {@code Charset.encode} (twice per element, with a boxed copy of the array), which for the per-atom
 * names of a large structure cost more than writing all its frames; names repeat, so one encoding per distinct
 * value is enough. The datatype is jhdf's own, made from the distinct values (its length is the longest
 * encoding plus the terminator, the same for the distinct values as for all).
 */
final class StringColumnDataset extends WritableDatasetImpl {
    private final String[] values;

    private StringColumnDataset(String[] values, String name, Group parent) {
        super(new LinkedHashSet<>(List.of(values)).toArray(new String[0]), name, parent);
        this.values = values.clone();
    }

    /** Puts {@code values} into {@code group} as {@code name}; an empty array goes to jhdf (which refuses it). */
    static void put(WritableGroup group, String name, String[] values) {
        group.putDataset(name, values.length == 0 ? values : new StringColumnDataset(values, name, group));
    }

    @Override
    public int[] getDimensions() {
        return new int[] {values.length};
    }

    @Override
    public long[] getDimensionsAsLong() {
        return new long[] {values.length};
    }

    @Override
    public long getSize() {
        return values.length;
    }

    @Override
    public long getSizeInBytes() {
        return (long) values.length * getDataType().getSize();
    }

    @Override
    public Object getData() {
        return values.clone();
    }

    @Override
    public Object getDataFlat() {
        return values.clone();
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        StringData type = (StringData) getDataType();
        int size = type.getSize();
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(type));
        String[] shape = new String[values.length];
        Arrays.fill(shape, "");
        messages.add(DataSpaceMessage.create(DataSpace.fromObject(shape)));
        messages.add(FillValueMessage.NO_FILL);
        DataLayoutMessage placeholder = ContiguousDataLayoutMessage.create(Constants.UNDEFINED_ADDRESS, -1);
        messages.add(placeholder);
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> a : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(a.getKey(), a.getValue()));
            }
        }
        int headerSize = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        long address = position + headerSize;
        byte[] data = new byte[values.length * size];
        Map<String, byte[]> encoded = new HashMap<>();
        for (int k = 0; k < values.length; k++) {
            byte[] bytes = encoded.get(values[k]);
            if (bytes == null) {
                bytes = values[k].getBytes(type.getCharset());
                encoded.put(values[k], bytes);
            }
            System.arraycopy(bytes, 0, data, k * size, bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long at = address;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        long end = address + data.length;
        messages.set(messages.indexOf(placeholder), ContiguousDataLayoutMessage.create(address, data.length));
        channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        channel.position(end);
        return end;
    }
}
