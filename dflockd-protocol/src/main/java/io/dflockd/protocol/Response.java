package io.dflockd.protocol;

import java.util.Objects;

/**
 * A reply, one record per reply shape of PROTOCOL.md §3–§4. The records validate in their compact constructors
 * ({@link IllegalArgumentException} on misuse), so every instance encodes to exactly one well-formed line.
 * {@link ResponseEncoder} writes them, {@link ReplyDecoder} reads them.
 */
public sealed interface Response extends ReplyResult {

    /**
     * {@code ok <token> <lease_s>}: a grant from {@code l}, {@code sl}, {@code w} or {@code sw}.
     *
     * @param token        non-empty, at most 256 characters, all U+0000..U+00FF, no whitespace (real tokens are 32
     *                     lowercase hex characters)
     * @param leaseSeconds the lease the grant received, ≥ 0
     */
    record Granted(String token, long leaseSeconds) implements Response {
        public Granted {
            requireGrant(token, leaseSeconds);
        }

        /** Shows the lease only: a token never reaches a log. */
        @Override
        public String toString() {
            return "Granted[lease=" + leaseSeconds + " s]";
        }
    }

    /**
     * {@code acquired <token> <lease_s>}: the {@code e}/{@code se} fast path.
     *
     * @param token        as in {@link Granted}
     * @param leaseSeconds the lease the grant received, ≥ 0
     */
    record Acquired(String token, long leaseSeconds) implements Response {
        public Acquired {
            requireGrant(token, leaseSeconds);
        }

        /** Shows the lease only: a token never reaches a log. */
        @Override
        public String toString() {
            return "Acquired[lease=" + leaseSeconds + " s]";
        }
    }

    /** {@code queued}: {@code e}/{@code se} registered a waiter. */
    record Queued() implements Response {
    }

    /** {@code timeout}: {@code l}/{@code sl}/{@code w}/{@code sw} ended without a grant. */
    record TimedOut() implements Response {
    }

    /**
     * {@code ok <lease_s>}: a renewal; the lease now ends {@code leaseSeconds} from the renew.
     *
     * @param leaseSeconds ≥ 0
     */
    record Renewed(long leaseSeconds) implements Response {
        public Renewed {
            requireLease(leaseSeconds);
        }
    }

    /** {@code ok} with nothing after it: {@code r}, {@code sr}, {@code ping}, {@code auth}. */
    record Ok() implements Response {
    }

    /**
     * {@code ok <json>}: the {@code stats} reply.
     *
     * @param json the single-line JSON text: non-empty, no CR or LF
     */
    record StatsJson(String json) implements Response {
        public StatsJson {
            Objects.requireNonNull(json, "json");
            if (json.isEmpty() || json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("stats JSON must be one non-empty line");
            }
        }
    }

    /**
     * An error status (PROTOCOL.md §3).
     *
     * @param status which one
     */
    record Failure(ErrorStatus status) implements Response {
        public Failure {
            Objects.requireNonNull(status, "status");
        }
    }

    private static void requireGrant(String token, long leaseSeconds) {
        Objects.requireNonNull(token, "token");
        String problem = TokenText.problemWith(token, WireRules.MAX_LINE_BYTES, false);
        if (problem != null) {
            throw new IllegalArgumentException("invalid token: " + problem);
        }
        requireLease(leaseSeconds);
    }

    private static void requireLease(long leaseSeconds) {
        if (leaseSeconds < 0) {
            throw new IllegalArgumentException("lease seconds must not be negative: " + leaseSeconds);
        }
    }
}
