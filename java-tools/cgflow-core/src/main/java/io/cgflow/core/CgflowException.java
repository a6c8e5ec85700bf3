package io.cgflow.core;

/**
 * Root of every exception cgflow throws on purpose. Each carries the process exit code that the
 * tool's {@code main} maps it to; nothing below {@code main} calls {@link System#exit}.
 */
public class CgflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public CgflowException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CgflowException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
