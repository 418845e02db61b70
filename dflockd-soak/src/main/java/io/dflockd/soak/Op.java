package io.dflockd.soak;

import java.util.Objects;

/**
 * One history entry: an operation's invocation and response, as a client saw them.
 *
 * <p>Timestamps are {@link System#nanoTime()} values taken by the client just before sending and just after the
 * answer arrived; the in-process server reads the same clock, so the server acted somewhere inside
 * {@code [invokedNanos, respondedNanos]}.
 *
 * @param client         the client number
 * @param session        a label unique to the session the operation ran on (never reused)
 * @param door           the door the session uses
 * @param kind           the operation
 * @param key            the key, or {@code ""} for open and close
 * @param limit          the limit named by an acquire or enqueue, else 0
 * @param ttlSeconds     the lease TTL requested (acquire, enqueue, renew) or returned (wait), else 0
 * @param timeoutSeconds the timeout of an acquire or wait, else 0
 * @param token          the token presented by a release or renew, else {@code ""}
 * @param invokedNanos   when the client invoked the operation
 * @param respondedNanos when the client had the answer
 * @param result         the answer
 * @param resultToken    the token granted (GRANTED, ACQUIRED), else {@code ""}
 * @param detail         a rejection reason or failure description, else {@code ""}
 */
public record Op(int client, String session, Door door, OpKind kind, String key, int limit, long ttlSeconds,
        long timeoutSeconds, String token, long invokedNanos, long respondedNanos, Result result, String resultToken,
        String detail) {

    public Op {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(resultToken, "resultToken");
        Objects.requireNonNull(detail, "detail");
        if (respondedNanos - invokedNanos < 0) {
            throw new IllegalArgumentException("response before invocation: " + invokedNanos + " > " + respondedNanos);
        }
    }

    /** Whether this answer hands the client a grant. */
    boolean revealsGrant() {
        return result == Result.GRANTED || result == Result.ACQUIRED;
    }

    /** A one-line rendering for violation reports (times in ms relative to {@code originNanos}). */
    String describe(long originNanos) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("[%.3f..%.3f ms] c%d %s %s %s", (invokedNanos - originNanos) / 1e6,
                (respondedNanos - originNanos) / 1e6, client, session, door, kind));
        if (!key.isEmpty()) {
            b.append(' ').append(key);
        }
        if (limit > 0) {
            b.append(" limit=").append(limit);
        }
        if (ttlSeconds > 0) {
            b.append(" ttl=").append(ttlSeconds);
        }
        if (kind == OpKind.ACQUIRE || kind == OpKind.WAIT) {
            b.append(" timeout=").append(timeoutSeconds);
        }
        if (!token.isEmpty()) {
            b.append(" token=").append(token);
        }
        b.append(" -> ").append(result);
        if (!resultToken.isEmpty()) {
            b.append(' ').append(resultToken);
        }
        if (!detail.isEmpty()) {
            b.append(" (").append(detail).append(')');
        }
        return b.toString();
    }
}
