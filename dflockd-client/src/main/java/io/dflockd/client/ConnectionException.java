package io.dflockd.client;

/**
 * Dial failure or timeout, TLS handshake failure, I/O error, unexpected end of stream, or use of a closed
 * connection. Retryable (on a new connection).
 */
public final class ConnectionException extends DflockdException {
    private static final long serialVersionUID = 1L;

    ConnectionException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    ConnectionException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code true}} */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
