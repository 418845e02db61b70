package io.dflockd.client;

/** A malformed or unexpected reply, or a reply line longer than allowed; the connection has been closed. */
public final class ProtocolException extends DflockdException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message, String statusLine, Throwable cause) {
        super(message, statusLine, cause);
    }

    ProtocolException(String message, String statusLine) {
        this(message, statusLine, null);
    }

    /** {@return {@code false}} */
    @Override
    public boolean isRetryable() {
        return false;
    }
}
