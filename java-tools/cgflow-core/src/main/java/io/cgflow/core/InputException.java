package io.cgflow.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's input is wrong (exit code 2). The message names the file, the place in it (frame,
 * line, byte offset or entry) and the problem, so that it can be acted on without a debugger.
 */
public final class InputException extends CgflowException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(ExitCode.BAD_INPUT, message);
    }

    public InputException(String message, Throwable cause) {
        super(ExitCode.BAD_INPUT, message, cause);
    }

    /** {@code file: where: problem}. */
    public static InputException at(Path file, String where, String problem) {
        return new InputException(file + ": " + where + ": " + problem);
    }

    /** {@code file: problem}. */
    public static InputException in(Path file, String problem) {
        return new InputException(file + ": " + problem);
    }

    /**
     * Checks that an input {@code file} is a regular file (through links): a folder, a missing path or a device is
     * refused with a message that says which.
     */
    public static void requireFile(Path file) {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw in(file, "is a folder, not a file");
        }
        throw in(file, Files.exists(file) ? "not a regular file" : "file not found");
    }
}
