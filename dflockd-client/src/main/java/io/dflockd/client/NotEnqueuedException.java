package io.dflockd.client;

/**
 * The server answered {@code error_not_enqueued}, or {@code await} was called without an outstanding {@code enqueue}
 * (detected client-side, without I/O).
 */
public final class NotEnqueuedException extends DflockdException {
    private static final long serialVersionUID = 1L;

    NotEnqueuedException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    NotEnqueuedException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
