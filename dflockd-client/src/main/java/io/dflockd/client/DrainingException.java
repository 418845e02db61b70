package io.dflockd.client;

/**
 * The server is shutting down ({@code error_draining}, or an {@code error} to a blocked command followed by {@code
 * error_draining} or end of stream). Retryable against a running server.
 */
public final class DrainingException extends DflockdException {
    private static final long serialVersionUID = 1L;

    DrainingException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    DrainingException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code true}} */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
