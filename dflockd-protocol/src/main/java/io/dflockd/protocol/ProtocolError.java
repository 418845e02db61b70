package io.dflockd.protocol;

/**
 * Why a request was not accepted, with the internal codes of PROTOCOL.md §5. The codes are for logs and metrics
 * only: on the wire every one of them is {@code error} (or nothing, for {@link #DISCONNECTED}).
 */
public enum ProtocolError {
    /** Code 3: the command line names no command. The connection stays open. */
    UNKNOWN_COMMAND(3),
    /** Code 4: a numeric field is not a signed decimal that fits 64 bits. The connection stays open. */
    INVALID_INTEGER(4),
    /** Code 5: the key is empty or contains space, TAB, CR or LF. The connection stays open. */
    INVALID_KEY(5),
    /** Code 6: a timeout is negative or above 9223372036 s. The connection stays open. */
    INVALID_TIMEOUT(6),
    /** Code 7: the token (or auth secret) is empty or whitespace only. The connection stays open. */
    EMPTY_TOKEN(7),
    /** Code 8: wrong number or shape of arguments. The connection stays open. */
    INVALID_ARGUMENTS(8),
    /** Code 9: a lease is ≤ 0 or above 9223372036 s. The connection stays open. */
    INVALID_LEASE(9),
    /** Code 10: a line did not complete within the read timeout. {@code error} is written, then the close. */
    READ_TIMEOUT(10),
    /** Code 11: the client disconnected (EOF or read error). Closed, nothing written. */
    DISCONNECTED(11),
    /** Code 12: a line exceeded its byte cap. {@code error} is written, then the close. */
    LINE_TOO_LONG(12),
    /** Code 13: a semaphore limit is ≤ 0 or above 1,048,576. The connection stays open. */
    INVALID_LIMIT(13);

    private final int code;

    ProtocolError(int code) {
        this.code = code;
    }

    /** The internal code of PROTOCOL.md §5. */
    public int code() {
        return code;
    }

    /** Whether the connection is closed after this error (codes 10, 11 and 12). */
    public boolean closesConnection() {
        return this == READ_TIMEOUT || this == DISCONNECTED || this == LINE_TOO_LONG;
    }

    /** Whether {@code error} is written for this error ({@link #DISCONNECTED} writes nothing). */
    public boolean repliesError() {
        return this != DISCONNECTED;
    }
}
