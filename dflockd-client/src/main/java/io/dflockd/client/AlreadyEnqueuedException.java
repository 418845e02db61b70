package io.dflockd.client;

/** The server answered {@code error_already_enqueued}: this connection already enqueued on the key. */
public final class AlreadyEnqueuedException extends DflockdException {
    private static final long serialVersionUID = 1L;

    AlreadyEnqueuedException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    AlreadyEnqueuedException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
