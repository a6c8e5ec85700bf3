package io.cgflow.core;

/** The command line is wrong (exit code 1). */
public final class UsageException extends CgflowException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(ExitCode.USAGE, message);
    }
}
