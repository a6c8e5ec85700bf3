package io.cgflow.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where an output came from: the tool, its version, the command line and the SHA-256 of every input
 * file. Recorded in every output; holds no timestamp, so the same run gives the same bytes.
 */
public record Provenance(String tool, String version, String commandLine, List<InputFile> inputs) {
    public Provenance {
        inputs = List.copyOf(inputs);
    }

    /** One input file as given on the command line, and its SHA-256 in hex. */
    public record InputFile(String path, String sha256) {
    }

    /** The provenance of a run over {@code files}, each checksummed (reads every file once). */
    public static Provenance of(String tool, String version, String commandLine, List<Path> files) {
        List<InputFile> inputs = new java.util.ArrayList<>();
        for (Path f : files) {
            inputs.add(new InputFile(f.toString(), sha256(f)));
        }
        return new Provenance(tool, version, commandLine, inputs);
    }

    /** Files from this size on may go to the platform's {@code sha256sum} (see {@link #sha256}). */
    static final long NATIVE_FROM = 1 << 20;
    /** The system property that lets {@link #sha256} use the platform's {@code sha256sum}. */
    public static final String NATIVE_PROPERTY = "cgflow.nativeSha256";
    private static volatile boolean nativeBroken;

    /**
     * SHA-256 of a file, streamed. With the system property {@value #NATIVE_PROPERTY} set to true, files of
     * 1 MiB and more are hashed by the platform's {@code sha256sum} (GNU coreutils) instead: the launchers set it
     * where they run the JVM without its C2 compiler, without which the JDK's digest has no SHA intrinsic and
     * hashes about 55 MB/s (coreutils about 170 MB/s). Its answer is taken when it exits 0 with a digest;
     * otherwise, or when there is no {@code sha256sum}, the JDK's digest answers (the same value).
     */
    public static String sha256(Path file) {
        if (Boolean.getBoolean(NATIVE_PROPERTY) && !nativeBroken) {
            try {
                if (Files.size(file) >= NATIVE_FROM) {
                    String digest = nativeSha256(file);
                    if (digest != null) {
                        return digest;
                    }
                }
            } catch (IOException e) {
                // the JDK's digest below names the problem
            }
        }
        return javaSha256(file);
    }

    /** SHA-256 of a text's UTF-8 bytes, in hex (identities of runs: settings, force fields, topologies). */
    public static String sha256Of(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's SHA-256 of a file, streamed. */
    static String javaSha256(Path file) {
        if (Files.isDirectory(file)) {
            throw InputException.in(file, "is a folder, not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchFileException e) {
            throw InputException.in(file, "file not found");
        } catch (IOException e) {
            throw InputException.in(file, "cannot read: " + (e.getMessage() != null ? e.getMessage() : e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** {@code sha256sum}'s digest of a file, or null when it cannot give one (remembered: it is not tried again). */
    static String nativeSha256(Path file) {
        try {
            Process p = new ProcessBuilder("sha256sum", "-b", "--", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (p.waitFor() != 0) {
                return null;
            }
            // "<64 hex digits> *<name>", with a leading backslash when the name needed escaping
            String line = new String(out, StandardCharsets.US_ASCII);
            int from = line.startsWith("\\") ? 1 : 0;
            if (line.length() < from + 64) {
                return null;
            }
            String digest = line.substring(from, from + 64);
            for (int k = 0; k < 64; k++) {
                char c = digest.charAt(k);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return null;
                }
            }
            return digest;
        } catch (IOException e) {
            nativeBroken = true;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
