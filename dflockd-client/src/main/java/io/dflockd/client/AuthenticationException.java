package io.dflockd.client;

/** The server answered {@code error_auth}: the auth token is missing or wrong. The connection has been closed. */
public final class AuthenticationException extends DflockdException {
    private static final long serialVersionUID = 1L;

    AuthenticationException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    AuthenticationException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
