package io.dflockd.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A slot granted by the server: its token (a bearer capability: whoever presents it may release or renew the grant)
 * and the whole-second lease the server applied.
 *
 * <p>{@link #toString()} never prints the token's salt.
 *
 * @param token        the grant's token; non-empty, no whitespace
 * @param leaseSeconds the lease in whole seconds, not negative
 */
public record Grant(String token, long leaseSeconds) {
    public Grant {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
        if (leaseSeconds < 0) {
            throw new IllegalArgumentException("leaseSeconds must be >= 0, was " + leaseSeconds);
        }
    }

    /** The fence derived from the token (unsigned), or empty when the token is not in the 32-hex form. */
    public OptionalLong fence() {
        return Tokens.fenceIfPresent(token);
    }

    @Override
    public String toString() {
        return "Grant[token=" + Tokens.redact(token) + ", leaseSeconds=" + leaseSeconds + "]";
    }
}
