package io.dflockd.client;

/** The server answered {@code error_limit_mismatch}: the key exists with another limit (a lock has limit 1). */
public final class LimitMismatchException extends DflockdException {
    private static final long serialVersionUID = 1L;

    LimitMismatchException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    LimitMismatchException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
