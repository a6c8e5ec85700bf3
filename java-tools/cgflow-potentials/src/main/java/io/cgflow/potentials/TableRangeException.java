package io.cgflow.potentials;

import io.cgflow.core.CgflowException;
import io.cgflow.core.ExitCode;

/**
 * A distance or angle fell outside a table's range (below its start, or beyond the end of a bonded table):
 * the table does not cover what the simulation samples. Exit code 2.
 */
public final class TableRangeException extends CgflowException {
    private static final long serialVersionUID = 1L;

    public TableRangeException(String message) {
        super(ExitCode.BAD_INPUT, message);
    }
}
