package io.cgflow.io.h5md;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.checksum.ChecksumUtils;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.DataSpace;
import io.jhdf.storage.HdfBackingStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * String attributes written as HDF5 variable-length UTF-8 strings (datatype class 9, as h5py and the HDF5
 * library write them), so that readers which expect text get text: h5py hands fixed-length strings back as
 * bytes, and MDAnalysis then refuses a {@code unit} of {@code b'nm'}.
 *
 * <p>jhdf writes fixed-length strings only. An attribute put here is written by jhdf with a variable-length
 * datatype whose elements point at a global heap collection at an undefined address; once jhdf has closed
 * the file, {@link #complete(FileChannel, String)} appends that collection (one heap object per string, in the
 * order the strings were put) at the end of the file, points every pending element at it, and rewrites the
 * checksums of the object headers it touched and of the superblock. Object header sizes do not change, so nothing
 * else moves, and the same attributes give the same bytes.
 */
public final class StringAttributes {
    /** The undefined address: what a heap reference holds until {@link #complete(FileChannel, String)}. */
    static final long PENDING = -1L;
    private static final int ELEMENT = 4 + 8 + 4;
    private static final int MIN_COLLECTION = 4096;
    private static final int OBJECT_HEADER = 16;
    private static final int ATTRIBUTE_MESSAGE = 0x0C;
    private static final int LINK_MESSAGE = 0x06;

    private final List<byte[]> objects = new ArrayList<>();

    /** Puts a scalar string attribute on a node being written. */
    public void put(Node node, String name, String value) {
        node.getAttributes().put(name, new StringAttribute(node, name, value, register(new String[] {value})));
    }

    /** Puts a one-dimensional string attribute on a node being written. */
    public void put(Node node, String name, String[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("attribute " + name + " needs at least one string");
        }
        node.getAttributes().put(name, new StringAttribute(node, name, values.clone(), register(values)));
    }

    private int register(String[] values) {
        int first = objects.size() + 1;
        if (first + values.length > 0xFFFF) {
            throw new IllegalStateException("more strings than one global heap collection indexes");
        }
        for (String v : values) {
            objects.add(v.getBytes(StandardCharsets.UTF_8));
        }
        return first;
    }

    /**
     * Appends the global heap collection to an open file ({@code name} for messages) that jhdf has written and
     * closed, and points the pending attributes at it. The file may have grown past the end jhdf recorded: the
     * superblock's end-of-file address is set to where the file ends now, heap included.
     */
    void complete(FileChannel ch, String name) throws IOException {
        long end = ch.size();
        if (!objects.isEmpty()) {
            long heap = (end + 7) & ~7L;
            int patched = patchHeaders(ch, heap);
            if (patched != objects.size()) {
                throw new IllegalStateException(name + ": " + patched + " of " + objects.size()
                    + " variable-length strings found in object headers");
            }
            ByteBuffer collection = collection();
            write(ch, collection, heap);
            end = heap + collection.limit();
        }
        updateSuperblock(ch, end);
    }

    /**
     * Points the pending string elements of every object header at the heap and returns how many: the headers of every
     * group and dataset, each once, from the root group named by the version-2/3 superblock down the hard links of each
     * group's link messages (the compact link storage jhdf writes). Read from the bytes directly — a few hundred
     * microseconds, where opening the file with jhdf's reader costs a short run about 13 ms of cold code.
     */
    private static int patchHeaders(FileChannel ch, long heap) throws IOException {
        ByteBuffer sb = read(ch, 0, 48);
        if (sb.get(8) < 2) {
            throw new IllegalStateException("superblock version " + sb.get(8) + ", expected 2 or 3");
        }
        Set<Long> seen = new HashSet<>();
        java.util.ArrayDeque<Long> pending = new java.util.ArrayDeque<>();
        pending.push(sb.getLong(36));
        int patched = 0;
        while (!pending.isEmpty()) {
            long address = pending.pop();
            Header header = seen.add(address) ? Header.read(ch, address) : null;
            if (header == null) {
                continue;
            }
            ByteBuffer h = header.bytes;
            int here = 0;
            for (int p = header.start; p + header.messageHeader <= header.start + header.chunk; ) {
                int type = h.get(p) & 0xFF;
                int size = h.getShort(p + 1) & 0xFFFF;
                int body = p + header.messageHeader;
                if (type == LINK_MESSAGE) {
                    long child = hardLink(h, body);
                    if (child >= 0) {
                        pending.push(child);
                    }
                } else if (type == ATTRIBUTE_MESSAGE) {
                    here += patchAttribute(h, body, size, heap);
                }
                p = body + size;
            }
            if (here > 0) {
                int total = h.limit();
                byte[] bytes = new byte[total - 4];
                h.get(0, bytes);
                h.putInt(total - 4, ChecksumUtils.checksum(bytes));
                write(ch, h, address);
                patched += here;
            }
        }
        return patched;
    }

    /** The address a link message (version 1) points at when it is a hard link, else −1. */
    private static long hardLink(ByteBuffer h, int body) {
        if (h.get(body) != 1) {
            return -1;
        }
        int flags = h.get(body + 1) & 0xFF;
        int at = body + 2;
        int linkType = 0;
        if ((flags & 0x08) != 0) {
            linkType = h.get(at) & 0xFF;
            at++;
        }
        if ((flags & 0x04) != 0) {
            at += 8;   // creation order
        }
        if ((flags & 0x10) != 0) {
            at++;      // character set of the name
        }
        int lengthBytes = 1 << (flags & 3);
        long nameLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            nameLength = (nameLength << 8) | (h.get(at + i) & 0xFF);
        }
        at += lengthBytes + (int) nameLength;
        return linkType == 0 ? h.getLong(at) : -1;
    }

    /** The first chunk of a version-2 object header: its bytes (checksum included), where messages start, their size. */
    private record Header(ByteBuffer bytes, int start, long chunk, int messageHeader) {
        /** The header at {@code address}, or null when there is none (not "OHDR"). */
        static Header read(FileChannel ch, long address) throws IOException {
            ByteBuffer prefix = StringAttributes.read(ch, address, 6);
            if (prefix.getInt(0) != 0x5244484F) { // "OHDR"
                return null;
            }
            int flags = prefix.get(5) & 0xFF;
            int at = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            int sizeBytes = 1 << (flags & 3);
            ByteBuffer sizeField = StringAttributes.read(ch, address + at, sizeBytes);
            long chunk = 0;
            for (int i = sizeBytes - 1; i >= 0; i--) {
                chunk = (chunk << 8) | (sizeField.get(i) & 0xFF);
            }
            int start = at + sizeBytes;
            int total = Math.toIntExact(start + chunk + 4);
            return new Header(StringAttributes.read(ch, address, total), start, chunk,
                4 + ((flags & 0x04) != 0 ? 2 : 0));
        }
    }

    private static int patchAttribute(ByteBuffer h, int body, int size, long heap) {
        if (h.get(body) != 3) { // jhdf writes version-3 attribute messages (no padding)
            return 0;
        }
        int nameSize = h.getShort(body + 2) & 0xFFFF;
        int typeSize = h.getShort(body + 4) & 0xFFFF;
        int spaceSize = h.getShort(body + 6) & 0xFFFF;
        int type = body + 9 + nameSize;
        boolean vlenString = (h.get(type) & 0x0F) == 9 && (h.get(type + 1) & 0x0F) == 1;
        if (!vlenString || h.getInt(type + 4) != ELEMENT) {
            return 0;
        }
        int data = type + typeSize + spaceSize;
        int patched = 0;
        for (int e = data; e + ELEMENT <= body + size; e += ELEMENT) {
            if (h.getLong(e + 4) == PENDING) {
                h.putLong(e + 4, heap);
                patched++;
            }
        }
        return patched;
    }

    /** The global heap collection: one object per string, then the free space, at least 4096 bytes. */
    private ByteBuffer collection() {
        int used = 16;
        for (byte[] o : objects) {
            used += OBJECT_HEADER + align(o.length);
        }
        int size = Math.max(MIN_COLLECTION, used + OBJECT_HEADER);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GCOL".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put(new byte[3]).putLong(size);
        for (int i = 0; i < objects.size(); i++) {
            byte[] o = objects.get(i);
            b.putShort((short) (i + 1)).putShort((short) 0).putInt(0).putLong(o.length).put(o);
            b.position(b.position() + align(o.length) - o.length);
        }
        // object 0: the free space, its size counting its own header (taken before the header is put: HDF5 2
        // reads a size 8 bytes short as a second object 0 and refuses every string of the collection)
        long free = size - b.position();
        b.putShort((short) 0).putShort((short) 0).putInt(0).putLong(free);
        b.rewind();
        return b;
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }

    /** Superblock version 2/3: end-of-file address at byte 28, checksum of bytes 0–43 at byte 44. */
    private static void updateSuperblock(FileChannel ch, long endOfFile) throws IOException {
        ByteBuffer sb = read(ch, 0, 48);
        int version = sb.get(8);
        if (version < 2) {
            throw new IllegalStateException("superblock version " + version + ", expected 2 or 3");
        }
        sb.putLong(28, endOfFile);
        byte[] bytes = new byte[44];
        sb.get(0, bytes);
        sb.putInt(44, ChecksumUtils.checksum(bytes));
        write(ch, sb, 0);
    }

    private static ByteBuffer read(FileChannel ch, long address, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, address + b.position()) < 0) {
                throw new IOException("unexpected end of file at " + (address + b.position()));
            }
        }
        return b.flip();
    }

    private static void write(FileChannel ch, ByteBuffer b, long address) throws IOException {
        b.rewind();
        while (b.hasRemaining()) {
            ch.write(b, address + b.position());
        }
    }

    /** A string attribute of a node being written: its datatype encodes the pending heap references. */
    private static final class StringAttribute implements Attribute {
        private final Node node;
        private final String name;
        private final Object data;
        private final DataSpace space;
        private final VariableLengthString type;

        StringAttribute(Node node, String name, Object data, int firstObject) {
            this.node = node;
            this.name = name;
            this.data = data;
            this.space = DataSpace.fromObject(data);
            this.type = new VariableLengthString(firstObject);
        }

        @Override
        public Node getNode() {
            return node;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getSize() {
            return space.getTotalLength();
        }

        @Override
        public long getSizeInBytes() {
            return getSize() * ELEMENT;
        }

        @Override
        public int[] getDimensions() {
            return space.getDimensions();
        }

        @Override
        public long[] getDimensionsAsLong() {
            return space.getDimensionsAsLong();
        }

        @Override
        public Object getData() {
            return data;
        }

        @Override
        public Class<?> getJavaType() {
            return String.class;
        }

        @Override
        public boolean isScalar() {
            return space.getDimensions().length == 0;
        }

        @Override
        public boolean isEmpty() {
            return false;
        }

        @Override
        public ByteBuffer getBuffer() {
            return type.encodeData(data);
        }

        @Override
        public DataSpace getDataSpace() {
            return space;
        }

        @Override
        public DataType getDataType() {
            return type;
        }
    }

    /** HDF5 datatype class 9, a variable-length UTF-8 string over unsigned bytes (h5py's spelling). */
    private static final class VariableLengthString extends DataType {
        private final int firstObject;

        VariableLengthString(int firstObject) {
            super(9, ELEMENT);
            this.firstObject = firstObject;
        }

        @Override
        public ByteBuffer toBuffer() {
            return ByteBuffer.wrap(new byte[] {
                0x19, 0x01, 0x01, 0x00, ELEMENT, 0, 0, 0,          // class 9 v1: string, null-terminated, UTF-8
                0x10, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 8, 0}); // base: unsigned 8-bit integer
        }

        @Override
        public ByteBuffer encodeData(Object data) {
            String[] values = data instanceof String s ? new String[] {s} : (String[]) data;
            ByteBuffer b = ByteBuffer.allocate(values.length * ELEMENT).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                b.putInt(values[i].getBytes(StandardCharsets.UTF_8).length).putLong(PENDING).putInt(firstObject + i);
            }
            return b.rewind();
        }

        @Override
        public Class<?> getJavaType() {
            return String.class;
        }

        @Override
        public Object fillData(ByteBuffer buffer, int[] dimensions, HdfBackingStorage storage) {
            throw new UnsupportedOperationException("write-only datatype");
        }
    }
}
