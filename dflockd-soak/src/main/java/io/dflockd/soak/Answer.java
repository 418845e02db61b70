package io.dflockd.soak;

import java.util.Objects;

/**
 * A door's answer to one operation, in door-independent terms.
 *
 * @param result     the kind of answer
 * @param token      the granted token (GRANTED, ACQUIRED), else {@code ""}
 * @param ttlSeconds the lease TTL the server reported (grants, renews), else 0
 * @param detail     a {@code RejectReason} name for REJECTED, a description for UNKNOWN, else {@code ""}
 */
record Answer(Result result, String token, long ttlSeconds, String detail) {
    static final Answer QUEUED = new Answer(Result.QUEUED, "", 0, "");
    static final Answer TIMEOUT = new Answer(Result.TIMEOUT, "", 0, "");
    static final Answer NOT_HELD = new Answer(Result.NOT_HELD, "", 0, "");
    static final Answer SENT = new Answer(Result.SENT, "", 0, "");

    Answer {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(detail, "detail");
    }

    static Answer granted(String token, long ttlSeconds) {
        return new Answer(Result.GRANTED, token, ttlSeconds, "");
    }

    static Answer acquired(String token, long ttlSeconds) {
        return new Answer(Result.ACQUIRED, token, ttlSeconds, "");
    }

    static Answer ok(long ttlSeconds) {
        return new Answer(Result.OK, "", ttlSeconds, "");
    }

    static Answer rejected(String reason) {
        return new Answer(Result.REJECTED, "", 0, reason);
    }

    static Answer unknown(String description) {
        return new Answer(Result.UNKNOWN, "", 0, description);
    }
}
