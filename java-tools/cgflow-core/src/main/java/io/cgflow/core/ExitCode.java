package io.cgflow.core;

/** Process exit codes shared by every cgflow tool (DESIGN.md §3). */
public enum ExitCode {
    OK(0),
    /** Bad command line: unknown option, missing argument, value out of range. */
    USAGE(1),
    /** Bad input: a file that is missing, malformed or inconsistent. */
    BAD_INPUT(2),
    /** A bug or an environment failure that is not the user's input. */
    INTERNAL(3),
    /** The JVM ran out of memory; Nextflow retries these with more memory. */
    OUT_OF_MEMORY(137);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
