package io.dflockd.client;

/** The server answered {@code error_max_waiters}: the key's queue is full. */
public final class MaxWaitersException extends DflockdException {
    private static final long serialVersionUID = 1L;

    MaxWaitersException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    MaxWaitersException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
