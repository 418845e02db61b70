package io.dflockd.server;

import java.util.Objects;

/**
 * The shared secret of TCP {@code auth} and HTTP Bearer authentication, with a description of where it came from.
 * {@link #toString()} never reveals the secret, so the value cannot reach a log by accident.
 */
final class AuthToken {
    private final String secret;
    private final String source;

    /**
     * @param secret the validated token (trimmed, non-empty, one line, at most 65,536 bytes)
     * @param source where it came from, e.g. {@code --auth-token-file /etc/dflockd.token}; safe to log
     */
    AuthToken(String secret, String source) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The secret itself; pass it to the listeners and nowhere else. */
    String secret() {
        return secret;
    }

    /** Where the token came from; safe to log. */
    String source() {
        return source;
    }

    @Override
    public String toString() {
        return "AuthToken[from " + source + "]";
    }
}
