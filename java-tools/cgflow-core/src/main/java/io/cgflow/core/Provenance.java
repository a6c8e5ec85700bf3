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
        // with the platform's sha256sum allowed, the files it is worth it for go to one sha256sum process
        List<Path> batch = new java.util.ArrayList<>();
        if (Boolean.getBoolean(NATIVE_PROPERTY) && !nativeBroken) {
            for (Path f : files) {
                try {
                    if (Files.isRegularFile(f) && Files.size(f) >= NATIVE_BATCH_FROM) {
                        batch.add(f);
                    }
                } catch (IOException e) {
                    // hashed (and reported) one by one below
                }
            }
        }
        String[] batched = batch.isEmpty() ? null : nativeSha256(batch);
        List<InputFile> inputs = new java.util.ArrayList<>();
        for (Path f : files) {
            int k = batched == null ? -1 : batch.indexOf(f);
            inputs.add(new InputFile(f.toString(), k >= 0 ? batched[k] : sha256(f)));
        }
        return new Provenance(tool, version, commandLine, inputs);
    }

    /** Files from this size on may go to the platform's {@code sha256sum} (see {@link #sha256}). */
    static final long NATIVE_FROM = 1 << 20;
    /**
     * In {@link #of}, files from this size on go to one {@code sha256sum} together (one process start for all,
     * against the JDK digest's time and its compilation in a short run).
     */
    static final long NATIVE_BATCH_FROM = 64 << 10;
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
        return sha256Of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of bytes, in hex. */
    public static String sha256Of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
        String[] digests = nativeSha256(List.of(file));
        return digests == null ? null : digests[0];
    }

    /**
     * {@code sha256sum}'s digests of {@code files} (one process), in their order, or null when it cannot give them
     * all; a platform without {@code sha256sum} is remembered, and not tried again.
     */
    static String[] nativeSha256(List<Path> files) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("sha256sum", "-b", "--"));
            for (Path f : files) {
                // absolute: a file named "-" would otherwise be read as standard input
                command.add(f.toAbsolutePath().toString());
            }
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return null;
            }
            // one line per file, in order: "<64 hex digits> *<name>", with a leading backslash when the name needed
            // escaping (a newline in it is written as \n, so the lines stay one per file)
            String[] lines = new String(out, StandardCharsets.UTF_8).split("\n");
            if (lines.length != files.size()) {
                return null;
            }
            String[] digests = new String[lines.length];
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
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
                digests[i] = digest;
            }
            return digests;
        } catch (IOException e) {
            // no sha256sum is remembered; a list too long for one command line is not (the files go one by one)
            nativeBroken |= files.size() == 1;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
