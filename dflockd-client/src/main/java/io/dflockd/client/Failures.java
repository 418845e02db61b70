package io.dflockd.client;

import io.dflockd.protocol.ErrorStatus;

/** The one mapping from server error statuses to exceptions (CLIENT.md §6). */
final class Failures {
    private Failures() {
    }

    /** The exception for an error status; {@code what} says which request failed. */
    static DflockdException of(ErrorStatus status, String what) {
        String line = status.wire();
        String message = what + ": " + line;
        return switch (status) {
            case ERROR -> new ServerErrorException(message, line);
            case AUTH -> new AuthenticationException(message, line);
            case MAX_LOCKS -> new MaxLocksException(message, line);
            case MAX_WAITERS -> new MaxWaitersException(message, line);
            case LIMIT_MISMATCH -> new LimitMismatchException(message, line);
            case NOT_ENQUEUED -> new NotEnqueuedException(message, line);
            case ALREADY_ENQUEUED -> new AlreadyEnqueuedException(message, line);
            case LEASE_EXPIRED -> new LeaseExpiredException(message, line);
            case DRAINING -> new DrainingException(message, line);
        };
    }

    /** Whether the server closes the connection after this status. */
    static boolean closesConnection(ErrorStatus status) {
        return status == ErrorStatus.AUTH || status == ErrorStatus.DRAINING;
    }
}
