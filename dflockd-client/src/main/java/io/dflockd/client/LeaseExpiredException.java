package io.dflockd.client;

/** The server answered {@code error_lease_expired}: the grant's lease ended before it was handed over. */
public final class LeaseExpiredException extends DflockdException {
    private static final long serialVersionUID = 1L;

    LeaseExpiredException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    LeaseExpiredException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
