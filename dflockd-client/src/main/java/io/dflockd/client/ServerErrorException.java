package io.dflockd.client;

/**
 * The server answered {@code error}, or an unknown status beginning with {@code error}: for example a token that is
 * no longer held, or a request the server rejected.
 */
public final class ServerErrorException extends DflockdException {
    private static final long serialVersionUID = 1L;

    ServerErrorException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    ServerErrorException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
