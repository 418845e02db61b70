package io.dflockd.http.internal;

import java.util.Locale;

/** Every {@code error} code of HTTP.md §11 with its HTTP status. The JSON spelling is the lower-case name. */
public enum ErrorCode {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    NOT_FOUND(404),
    NOT_HELD(404),
    METHOD_NOT_ALLOWED(405),
    CLIENT_CANCELED(408),
    LIMIT_MISMATCH(409),
    ALREADY_ENQUEUED(409),
    NOT_ENQUEUED(409),
    LEASE_EXPIRED(409),
    SESSION_GONE(410),
    RATE_LIMITED(429),
    INTERNAL(500),
    SESSION_CREATE_FAILED(500),
    MAX_LOCKS(503),
    MAX_WAITERS(503),
    MAX_SESSIONS(503),
    MAX_SESSIONS_PER_IP(503),
    MAX_CONNECTIONS_PER_IP(503),
    DRAINING(503),
    FENCE_PERSISTENCE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The value of the {@code error} field. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
