package io.cgflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path dir;

    /** FIPS 180-2's two-block example, the digest the standard gives. */
    @Test
    void theJdkDigestGivesTheStandardsAnswer() throws IOException {
        Path f = Files.writeString(dir.resolve("abc.txt"), "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Provenance.javaSha256(f));
    }

    /** Where sha256sum exists, its digest of a 3 MB file with an awkward name equals the JDK's. */
    @Test
    void thePlatformDigestEqualsTheJdkDigest() throws IOException {
        byte[] data = new byte[3_000_017];
        new Random(1).nextBytes(data);
        Path f = Files.write(dir.resolve("-odd name\\with\nnewline.xtc"), data);
        String jdk = Provenance.javaSha256(f);
        String platform = Provenance.nativeSha256(f);
        assumeTrue(platform != null, "no sha256sum on this machine");
        assertEquals(jdk, platform);
        String before = System.getProperty(Provenance.NATIVE_PROPERTY);
        System.setProperty(Provenance.NATIVE_PROPERTY, "true");
        try {
            assertEquals(jdk, Provenance.sha256(f));
            assertThrows(InputException.class, () -> Provenance.sha256(dir.resolve("missing.xtc")));
        } finally {
            if (before == null) {
                System.clearProperty(Provenance.NATIVE_PROPERTY);
            } else {
                System.setProperty(Provenance.NATIVE_PROPERTY, before);
            }
        }
    }
}
