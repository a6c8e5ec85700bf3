package io.cgflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * Provenance of several inputs with the platform's sha256sum allowed: the files of 64 KiB and more go to one
     * sha256sum together, in order, awkward names included; every digest equals the JDK's, small files too.
     */
    @Test
    void oneSha256sumForSeveralInputsGivesTheJdkDigests() throws IOException {
        Random random = new Random(2);
        List<Path> files = new java.util.ArrayList<>();
        int[] sizes = {200_000, 10, 70_000, 1_500_000};
        String[] names = {"a.xtc", "small.gro", "back\\slash and\nnewline.gro", "-"};
        for (int k = 0; k < sizes.length; k++) {
            byte[] data = new byte[sizes[k]];
            random.nextBytes(data);
            files.add(Files.write(dir.resolve(names[k]), data));
        }
        String[] batch = Provenance.nativeSha256(List.of(files.get(0), files.get(2), files.get(3)));
        assumeTrue(batch != null, "no sha256sum on this machine");
        assertEquals(Provenance.javaSha256(files.get(2)), batch[1]);
        String before = System.getProperty(Provenance.NATIVE_PROPERTY);
        System.setProperty(Provenance.NATIVE_PROPERTY, "true");
        try {
            Provenance p = Provenance.of("t", "1", "t", files);
            for (int k = 0; k < files.size(); k++) {
                assertEquals(files.get(k).toString(), p.inputs().get(k).path());
                assertEquals(Provenance.javaSha256(files.get(k)), p.inputs().get(k).sha256(), names[k]);
            }
            assertThrows(InputException.class, () -> Provenance.of("t", "1", "t", List.of(files.get(0),
                dir.resolve("missing.xtc"))));
        } finally {
            if (before == null) {
                System.clearProperty(Provenance.NATIVE_PROPERTY);
            } else {
                System.setProperty(Provenance.NATIVE_PROPERTY, before);
            }
        }
    }
}
