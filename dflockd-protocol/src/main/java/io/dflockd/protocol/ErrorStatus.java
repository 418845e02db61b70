package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Every error status string of PROTOCOL.md §3. A client reads an unknown status that starts with {@code error} as
 * {@link #ERROR}.
 */
public enum ErrorStatus {
    /** {@code error}: generic failure (parse error, token not held, cancelled wait, internal error, …). */
    ERROR("error"),
    /** {@code error_auth}: the authentication handshake failed; the server closes the connection. */
    AUTH("error_auth"),
    /** {@code error_max_locks}: creating a new key would exceed the server's key cap. */
    MAX_LOCKS("error_max_locks"),
    /** {@code error_max_waiters}: the key's queue is full. */
    MAX_WAITERS("error_max_waiters"),
    /** {@code error_limit_mismatch}: the key exists with a different limit. */
    LIMIT_MISMATCH("error_limit_mismatch"),
    /** {@code error_not_enqueued}: {@code w}/{@code sw} without two-phase state for the key. */
    NOT_ENQUEUED("error_not_enqueued"),
    /** {@code error_already_enqueued}: {@code e}/{@code se} while two-phase state for the key exists. */
    ALREADY_ENQUEUED("error_already_enqueued"),
    /** {@code error_lease_expired}: the grant's lease ended before it was handed over. */
    LEASE_EXPIRED("error_lease_expired"),
    /** {@code error_draining}: the server is shutting down; the connection is closed after it. */
    DRAINING("error_draining");

    private static final ErrorStatus[] VALUES = values();

    private final String wire;
    private final byte[] replyBytes;

    ErrorStatus(String wire) {
        this.wire = wire;
        this.replyBytes = (wire + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The exact status string, for example {@code "error_max_locks"}. */
    public String wire() {
        return wire;
    }

    /** The status spelled exactly {@code word}; any other word starting with {@code error} is {@link #ERROR}. */
    static ErrorStatus fromStatusWord(String word) {
        for (ErrorStatus status : VALUES) {
            if (status.wire.equals(word)) {
                return status;
            }
        }
        return ERROR;
    }

    /** The reply line, LF included. Shared: callers copy it. */
    byte[] replyBytes() {
        return replyBytes;
    }
}
