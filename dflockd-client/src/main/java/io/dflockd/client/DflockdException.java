package io.dflockd.client;

import java.util.Optional;

/**
 * Base of every failure the client reports: one subclass per server error status, plus network
 * ({@link ConnectionException}) and protocol ({@link ProtocolException}) failures. Unchecked.
 *
 * <p>A timeout is never an exception: it is {@code false} or {@code Optional.empty()}.
 */
public abstract sealed class DflockdException extends RuntimeException
        permits ConnectionException, ProtocolException, AuthenticationException, DrainingException,
        MaxLocksException, MaxWaitersException, LimitMismatchException, NotEnqueuedException,
        AlreadyEnqueuedException, LeaseExpiredException, ServerErrorException {

    private static final long serialVersionUID = 1L;

    private final String statusLine;

    DflockdException(String message, String statusLine, Throwable cause) {
        super(message, cause);
        this.statusLine = statusLine;
    }

    /** The server's reply line (without LF) that caused this failure, when there was one. */
    public Optional<String> statusLine() {
        return Optional.ofNullable(statusLine);
    }

    /** Whether retrying the same operation (usually on a new connection) may succeed. */
    public abstract boolean isRetryable();
}
