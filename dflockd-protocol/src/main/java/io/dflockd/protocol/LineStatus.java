package io.dflockd.protocol;

/** How one {@link LineReader#read(int)} ended. */
public enum LineStatus {
    /** A complete line was read; it is available until the next read call. */
    LINE,
    /**
     * More than the cap arrived without an LF. Nothing was consumed; the caller usually calls
     * {@link LineReader#discardLine()} (PROTOCOL.md §2.3) and closes the connection.
     */
    TOO_LONG,
    /** The stream ended at a line boundary: no byte of a next line had arrived. */
    END_OF_INPUT,
    /** The stream ended inside a line (bytes without their LF); those bytes are dropped. */
    TRUNCATED
}
