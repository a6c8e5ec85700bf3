package io.cgflow.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cgflow.core.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5FilesTest {
    @TempDir
    Path dir;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /**
     * A file of {@code size} bytes with a superblock of {@code version} after {@code userBlock} bytes that says the
     * file ends at {@code end} (absolute, as the HDF5 library writes it), base address = the user block.
     */
    private Path file(String name, int version, int userBlock, long end, int size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.position(userBlock);
        b.put(SIGNATURE).put((byte) version);
        if (version <= 1) {
            b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 8).put((byte) 8).put((byte) 0);
            b.putShort((short) 4).putShort((short) 16).putInt(0);
            if (version == 1) {
                b.putInt(0);
            }
            b.putLong(userBlock).putLong(-1).putLong(end);
        } else {
            b.put((byte) 8).put((byte) 8).put((byte) 0);
            b.putLong(userBlock).putLong(-1).putLong(end);
        }
        return Files.write(dir.resolve(name), b.array());
    }

    @Test
    void completeFilesPassAndFilesCutShortAreRefusedForEverySuperblockVersion() throws IOException {
        for (int version = 0; version <= 3; version++) {
            for (int userBlock : new int[] {0, 512}) {
                Path whole = file("whole.h5", version, userBlock, userBlock + 1000, userBlock + 1000);
                assertDoesNotThrow(() -> Hdf5Files.requireComplete(whole), "version " + version);
                Path cut = file("cut.h5", version, userBlock, userBlock + 1000, userBlock + 900);
                InputException e = assertThrows(InputException.class, () -> Hdf5Files.requireComplete(cut));
                assertTrue(e.getMessage().contains("cut.h5") && e.getMessage().contains("truncated: the file has "
                    + (userBlock + 900) + " bytes"), e.getMessage());
            }
        }
        Path text = Files.writeString(dir.resolve("text.h5"), "not HDF5 at all, just some text of a fair length");
        InputException e = assertThrows(InputException.class, () -> Hdf5Files.requireComplete(text));
        assertTrue(e.getMessage().contains("not an HDF5 file"), e.getMessage());
        Path tiny = Files.write(dir.resolve("tiny.h5"), new byte[] {(byte) 0x89, 'H', 'D'});
        assertThrows(InputException.class, () -> Hdf5Files.requireComplete(tiny));
    }
}
