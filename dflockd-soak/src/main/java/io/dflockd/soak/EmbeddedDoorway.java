package io.dflockd.soak;

import io.dflockd.core.Acquired;
import io.dflockd.core.Granted;
import io.dflockd.core.LockManager;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Outcome;
import io.dflockd.core.Queued;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.Renewed;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.Optional;

/** A {@link Doorway} onto an embedded {@link Session}. */
final class EmbeddedDoorway implements Doorway {
    private final Session session;

    EmbeddedDoorway(LockManager manager) {
        this.session = manager.openSession();
    }

    @Override
    public Answer acquire(String key, int limit, long timeoutSeconds, long ttlSeconds) throws InterruptedException {
        return map(session.acquire(ResourceKey.of(key), limit, Duration.ofSeconds(timeoutSeconds),
                Duration.ofSeconds(ttlSeconds)));
    }

    @Override
    public Answer enqueue(String key, int limit, long ttlSeconds) {
        return map(session.enqueue(ResourceKey.of(key), limit, Duration.ofSeconds(ttlSeconds)));
    }

    @Override
    public Answer await(String key, long timeoutSeconds) throws InterruptedException {
        return map(session.awaitGrant(ResourceKey.of(key), Duration.ofSeconds(timeoutSeconds)));
    }

    @Override
    public Answer release(String key, String token) {
        Optional<Token> parsed = Token.parse(token);
        return parsed.isEmpty() ? Answer.NOT_HELD : map(session.release(ResourceKey.of(key), parsed.get()));
    }

    @Override
    public Answer renew(String key, String token, long ttlSeconds) {
        Optional<Token> parsed = Token.parse(token);
        return parsed.isEmpty() ? Answer.NOT_HELD
                : map(session.renew(ResourceKey.of(key), parsed.get(), Duration.ofSeconds(ttlSeconds)));
    }

    @Override
    public Answer close() {
        session.close();
        return Answer.SENT;
    }

    private static Answer map(Outcome outcome) {
        if (outcome instanceof Granted g) {
            return Answer.granted(g.grant().token().hex(), g.grant().leaseTtl().toSeconds());
        } else if (outcome instanceof Acquired a) {
            return Answer.acquired(a.grant().token().hex(), a.grant().leaseTtl().toSeconds());
        } else if (outcome instanceof Queued) {
            return Answer.QUEUED;
        } else if (outcome instanceof TimedOut) {
            return Answer.TIMEOUT;
        } else if (outcome instanceof Released) {
            return Answer.ok(0);
        } else if (outcome instanceof Renewed r) {
            return Answer.ok(r.leaseTtl().toSeconds());
        } else if (outcome instanceof NotHeld) {
            return Answer.NOT_HELD;
        } else if (outcome instanceof Rejected r) {
            return Answer.rejected(r.reason().name());
        } else if (outcome instanceof SessionClosed) {
            return Answer.unknown("session closed");
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }
}
