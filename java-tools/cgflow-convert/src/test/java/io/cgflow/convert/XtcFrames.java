package io.cgflow.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Byte offsets of the frames of an XTC file, from its headers (test helper). */
final class XtcFrames {
    private XtcFrames() {
    }

    static List<Long> offsets(Path xtc) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(xtc));
        List<Long> offsets = new ArrayList<>();
        while (b.remaining() > 0) {
            offsets.add((long) b.position());
            int natoms = b.getInt(b.position() + 4);
            int header = 4 * (4 + 9 + 1);
            if (natoms <= 9) {
                b.position(b.position() + header + 12 * natoms);
            } else {
                int count = b.getInt(b.position() + header + 4 * 8);
                b.position(b.position() + header + 4 * 9 + ((count + 3) & ~3));
            }
        }
        offsets.add((long) b.limit());
        return offsets;
    }
}
