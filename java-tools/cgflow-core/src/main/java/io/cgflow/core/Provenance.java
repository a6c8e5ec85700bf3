package io.cgflow.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /** SHA-256 of a file, streamed. */
    public static String sha256(Path file) {
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
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
