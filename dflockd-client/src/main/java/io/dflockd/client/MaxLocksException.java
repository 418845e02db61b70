package io.dflockd.client;

/** The server answered {@code error_max_locks}: creating the key would exceed its {@code --max-locks}. */
public final class MaxLocksException extends DflockdException {
    private static final long serialVersionUID = 1L;

    MaxLocksException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    MaxLocksException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
