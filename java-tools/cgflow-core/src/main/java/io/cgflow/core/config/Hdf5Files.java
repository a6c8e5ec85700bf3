package io.cgflow.core.config;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks on an HDF5 file before a reader believes it. A file cut short (a copy that stopped, a full disk) can still
 * open, and a reader then finds zeros or garbage where data was: the superblock records where the file ends, so a
 * file shorter than that is refused. Reads the superblock itself (versions 0–3, after a user block of 0, 512, 1024,
 * … bytes), so it serves every HDF5 reader of the tools.
 */
public final class Hdf5Files {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Hdf5Files() {
    }

    /**
     * Refuses {@code file} (an {@link InputException} naming it) when it is not HDF5 or is shorter than its
     * superblock's end-of-file address.
     */
    public static void requireComplete(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long base = 0; base + SIGNATURE.length <= size; base = base == 0 ? 512 : 2 * base) {
                ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
                int n = ch.read(b, base);
                if (!signatureAt(b)) {
                    continue;
                }
                int version = b.get(8) & 0xff;
                int offsets = version <= 1 ? b.get(13) & 0xff : b.get(9) & 0xff;
                int at = version == 0 ? 24 : version == 1 ? 28 : 12;
                int eofAt = at + 2 * offsets;
                if (version > 3 || (offsets != 4 && offsets != 8) || n < eofAt + offsets) {
                    throw InputException.in(file, "not a readable HDF5 file (superblock version " + version
                        + ", " + offsets + "-byte addresses)");
                }
                long end = offsets == 8 ? b.getLong(eofAt) : b.getInt(eofAt) & 0xffffffffL;
                // the HDF5 library writes the end of file as an absolute address, user block included (a file with a
                // 512-byte user block of 10 560 bytes says 10 560, base address 512); a writer that counts it from
                // the base address gives a smaller number, so this never refuses a complete file
                if (size < end) {
                    throw InputException.in(file, "truncated: the file has " + size + " bytes, its HDF5 superblock"
                        + " says " + end);
                }
                return;
            }
            throw InputException.in(file, "not an HDF5 file (no HDF5 signature)");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + e.getMessage());
        }
    }

    private static boolean signatureAt(ByteBuffer b) {
        for (int k = 0; k < SIGNATURE.length; k++) {
            if (b.get(k) != SIGNATURE[k]) {
                return false;
            }
        }
        return true;
    }
}
