package io.cgflow.io.binary;

/** The file ended in the middle of a record. Readers translate it into an InputException naming the frame. */
public final class TruncatedInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public TruncatedInputException(long offset, long needed) {
        super("file ends at byte " + offset + " where " + needed + " more bytes were expected");
        this.offset = offset;
    }

    /** Byte offset at which the data ran out. */
    public long offset() {
        return offset;
    }
}
