package io.dflockd.core.internal;

import io.dflockd.core.EnqueueOutcome;
import io.dflockd.core.NotHeld;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.RenewOutcome;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.Optional;

/**
 * The commands other than acquire (which is the {@link Waiter} itself) that travel through a mailbox when the caller
 * could not run them inline. Each one applies one {@link KeyState} rule.
 */
final class Commands {
    static final Rejected NOT_ENQUEUED = new Rejected(RejectReason.NOT_ENQUEUED);

    private Commands() {
    }

    /** A command whose answer, when the key no longer exists, is {@code absent}; otherwise re-sent to the live key. */
    private abstract static class Keyed<T> extends Reply<T> {
        abstract T absent();

        @Override
        final void forward(Engine engine, ResourceKey key) {
            Resource live = engine.liveResource(key);
            if (live == null) {
                complete(absent());
            } else {
                live.submit(this);
            }
        }
    }

    static final class Release extends Keyed<ReleaseOutcome> {
        private final Token token;

        Release(Token token) {
            this.token = token;
        }

        @Override
        void apply(KeyState state, long now) {
            complete(state.release(token, now));
        }

        @Override
        ReleaseOutcome absent() {
            return NotHeld.INSTANCE;
        }
    }

    static final class Renew extends Keyed<RenewOutcome> {
        private final Token token;
        private final Duration ttl;

        Renew(Token token, Duration ttl) {
            this.token = token;
            this.ttl = ttl;
        }

        @Override
        void apply(KeyState state, long now) {
            complete(state.renew(token, ttl, now));
        }

        @Override
        RenewOutcome absent() {
            return NotHeld.INSTANCE;
        }
    }

    /** Phase two; answers a {@link io.dflockd.core.WaitOutcome} or the {@link Waiter} to block on. */
    static final class Await extends Keyed<Object> {
        private final EngineSession session;
        private final boolean mayBlock;

        Await(EngineSession session, boolean mayBlock) {
            this.session = session;
            this.mayBlock = mayBlock;
        }

        @Override
        void apply(KeyState state, long now) {
            complete(state.await(session, mayBlock, now));
        }

        @Override
        Object absent() {
            return NOT_ENQUEUED;
        }
    }

    /** A view of the key; empty if it is gone. */
    static final class Snapshot extends Keyed<Optional<ResourceSnapshot>> {
        private final EngineSession asking;

        Snapshot(EngineSession asking) {
            this.asking = asking;
        }

        @Override
        void apply(KeyState state, long now) {
            complete(Optional.of(state.snapshot(asking, now)));
        }

        @Override
        Optional<ResourceSnapshot> absent() {
            return Optional.empty();
        }
    }

    /** The session's longest remaining lease on the key, in nanoseconds (0: none, or the key is gone). */
    static final class LongestLease extends Keyed<Long> {
        private final EngineSession session;

        LongestLease(EngineSession session) {
            this.session = session;
        }

        @Override
        void apply(KeyState state, long now) {
            complete(state.longestRemainingLease(session, now));
        }

        @Override
        Long absent() {
            return 0L;
        }
    }

    /** Phase one; may create the key again after a collection, so it is re-routed like an acquire. */
    static final class Enqueue extends Reply<EnqueueOutcome> {
        final EngineSession session;
        final Duration ttl;
        final long ttlNanos;
        final int limit;

        Enqueue(EngineSession session, Duration ttl, long ttlNanos, int limit) {
            this.session = session;
            this.ttl = ttl;
            this.ttlNanos = ttlNanos;
            this.limit = limit;
        }

        @Override
        void apply(KeyState state, long now) {
            complete(state.enqueue(session, ttl, ttlNanos, now));
        }

        @Override
        void forward(Engine engine, ResourceKey key) {
            engine.forwardEnqueue(this, key);
        }

        /** Any thread outside a drain loop, when re-routing fails. */
        void answer(EnqueueOutcome outcome) {
            complete(outcome);
        }
    }

    /** Fire-and-forget commands: no caller waits, so a failure is only logged by the drain loop. */
    private abstract static class OneWay extends Command {
        @Override
        final void forward(Engine engine, ResourceKey key) {
            Resource live = engine.liveResource(key);
            if (live != null) {
                live.submit(this);
            }
        }

        @Override
        final void abort(RuntimeException failure) {
            // nobody waits; the drain loop has logged it
        }
    }

    /** The requester gave up on a waiter (timeout, interrupt): it leaves the queue. */
    static final class Cancel extends OneWay {
        private final Waiter waiter;

        Cancel(Waiter waiter) {
            this.waiter = waiter;
        }

        @Override
        void apply(KeyState state, long now) {
            state.cancel(waiter, now);
        }
    }

    /** A session ended: SEMANTICS 7 for this key. */
    static final class SessionEnded extends OneWay {
        private final EngineSession session;
        private final boolean autoRelease;

        SessionEnded(EngineSession session, boolean autoRelease) {
            this.session = session;
            this.autoRelease = autoRelease;
        }

        @Override
        void apply(KeyState state, long now) {
            state.sessionEnded(session, autoRelease, now);
        }
    }

    /** The manager is shutting down: queued requests end with SHUTTING_DOWN. */
    static final class Shutdown extends OneWay {
        @Override
        void apply(KeyState state, long now) {
            state.shutdown(now);
        }
    }
}
