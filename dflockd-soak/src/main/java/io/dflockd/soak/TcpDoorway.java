package io.dflockd.soak;

import io.dflockd.client.AlreadyEnqueuedException;
import io.dflockd.client.ConnectOptions;
import io.dflockd.client.DflockdConnection;
import io.dflockd.client.DflockdException;
import io.dflockd.client.DrainingException;
import io.dflockd.client.EnqueueResult;
import io.dflockd.client.Grant;
import io.dflockd.client.LeaseExpiredException;
import io.dflockd.client.LimitMismatchException;
import io.dflockd.client.MaxLocksException;
import io.dflockd.client.MaxWaitersException;
import io.dflockd.client.NotEnqueuedException;
import io.dflockd.client.ServerErrorException;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link Doorway} onto one TCP connection through the client's low-level {@link DflockdConnection}. A plain
 * {@code error} reply to release/renew is "not held" (PROTOCOL.md); on other commands it is an unexpected rejection.
 */
final class TcpDoorway implements Doorway {
    private final DflockdConnection connection;

    TcpDoorway(String hostPort) {
        this.connection = DflockdConnection.connect(hostPort, ConnectOptions.defaults());
    }

    @Override
    public Answer acquire(String key, int limit, long timeoutSeconds, long ttlSeconds) throws InterruptedException {
        try {
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            Duration ttl = Duration.ofSeconds(ttlSeconds);
            Optional<Grant> grant = limit == 1 ? connection.acquire(key, timeout, ttl)
                    : connection.semAcquire(key, timeout, limit, ttl);
            return grant.map(g -> Answer.granted(g.token(), g.leaseSeconds())).orElse(Answer.TIMEOUT);
        } catch (DflockdException e) {
            return failure(e, false);
        }
    }

    @Override
    public Answer enqueue(String key, int limit, long ttlSeconds) {
        try {
            Duration ttl = Duration.ofSeconds(ttlSeconds);
            EnqueueResult result = limit == 1 ? connection.enqueue(key, ttl) : connection.semEnqueue(key, limit, ttl);
            if (result instanceof EnqueueResult.Acquired a) {
                return Answer.acquired(a.grant().token(), a.grant().leaseSeconds());
            }
            return Answer.QUEUED;
        } catch (DflockdException e) {
            return failure(e, false);
        }
    }

    @Override
    public Answer await(String key, long timeoutSeconds) throws InterruptedException {
        try {
            return connection.await(key, Duration.ofSeconds(timeoutSeconds))
                    .map(g -> Answer.granted(g.token(), g.leaseSeconds())).orElse(Answer.TIMEOUT);
        } catch (DflockdException e) {
            return failure(e, false);
        }
    }

    @Override
    public Answer release(String key, String token) {
        try {
            connection.release(key, token);
            return Answer.ok(0);
        } catch (DflockdException e) {
            return failure(e, true);
        }
    }

    @Override
    public Answer renew(String key, String token, long ttlSeconds) {
        try {
            return Answer.ok(connection.renew(key, token, Duration.ofSeconds(ttlSeconds)));
        } catch (DflockdException e) {
            return failure(e, true);
        }
    }

    @Override
    public Answer close() {
        connection.close();
        return Answer.SENT;
    }

    private static Answer failure(DflockdException e, boolean byToken) {
        if (e instanceof ServerErrorException) {
            return byToken ? Answer.NOT_HELD : Answer.rejected("ERROR");
        } else if (e instanceof LeaseExpiredException) {
            return Answer.rejected("LEASE_EXPIRED");
        } else if (e instanceof NotEnqueuedException) {
            return Answer.rejected("NOT_ENQUEUED");
        } else if (e instanceof AlreadyEnqueuedException) {
            return Answer.rejected("ALREADY_ENQUEUED");
        } else if (e instanceof LimitMismatchException) {
            return Answer.rejected("LIMIT_MISMATCH");
        } else if (e instanceof MaxLocksException) {
            return Answer.rejected("MAX_LOCKS");
        } else if (e instanceof MaxWaitersException) {
            return Answer.rejected("MAX_WAITERS");
        } else if (e instanceof DrainingException) {
            return Answer.rejected("SHUTTING_DOWN");
        }
        return Answer.unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
