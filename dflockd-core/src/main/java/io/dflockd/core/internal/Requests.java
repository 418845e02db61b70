package io.dflockd.core.internal;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.EnqueueOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Outcome;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.RenewOutcome;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How a caller's request reaches its resource and how the caller waits: inline when it can become the drainer, else
 * through the mailbox; then, for a queued request, spin-then-park on its {@link Waiter} until granted, timed out,
 * interrupted or cancelled. An asynchronous call parks nothing: an {@link AsyncCall} listens to the waiter instead.
 * Any thread; never called from inside a drain loop.
 */
final class Requests {
    /** Spins of the head waiter before it parks: a hand-off that comes within a few microseconds costs no park. */
    static final int SPINS = 1 << 10;
    private static final Rejected LEASE_EXPIRED = new Rejected(RejectReason.LEASE_EXPIRED);

    private final Engine engine;
    private final Completions completions = new Completions();

    Requests(Engine engine) {
        this.engine = engine;
    }

    // ---- acquire ------------------------------------------------------------------------------------------------

    AcquireOutcome acquire(EngineSession session, ResourceKey key, int limit, long timeoutNanos, Duration ttl)
            throws InterruptedException {
        Object result = startAcquire(session, key, limit, timeoutNanos > 0, ttl, Thread.currentThread());
        return (AcquireOutcome) (result instanceof Waiter waiter ? block(waiter, deadline(timeoutNanos)) : result);
    }

    /** {@link #acquire} holding no thread while it waits; the outcome is delivered on {@link Completions}. */
    CompletableFuture<AcquireOutcome> acquireAsync(EngineSession session, ResourceKey key, int limit, long timeoutNanos,
            Duration ttl) {
        Object result = startAcquire(session, key, limit, timeoutNanos > 0, ttl, null);
        return result instanceof Waiter waiter ? AsyncCall.start(this, waiter, deadline(timeoutNanos))
                : CompletableFuture.completedFuture((AcquireOutcome) result);
    }

    /**
     * Applies an acquire inline or sends it through the mailbox: a final outcome, or the {@link Waiter} now queued or
     * on its way, which wakes {@code requester} (null: nobody parks; the caller attaches a listener). A try-lock
     * ({@code mayQueue} false) sent through the mailbox is decided without queueing, so it needs no deadline.
     */
    private Object startAcquire(EngineSession session, ResourceKey key, int limit, boolean mayQueue, Duration ttl,
            Thread requester) {
        if (engine.isShuttingDown()) {
            return Engine.SHUTTING_DOWN;
        }
        long ttlNanos = Deadlines.nanos(ttl);
        for (;;) {
            Object found = engine.resourceFor(key, limit);
            if (found instanceof Rejected rejected) {
                return rejected;
            }
            Resource resource = (Resource) found;
            if (!session.track(resource)) {
                return SessionClosed.INSTANCE;
            }
            if (resource.tryEnter()) {
                try {
                    KeyState state = resource.enteredState();
                    if (state != null) {
                        return state.acquireInline(session, ttl, ttlNanos, mayQueue, engine.clock().nanoTime());
                    }
                } finally {
                    resource.exit();
                }
                continue; // retired meanwhile: find the live resource
            }
            Waiter waiter = new Waiter(session, ttl, ttlNanos, mayQueue, limit, requester);
            waiter.resource = resource;
            resource.submit(waiter);
            return waiter;
        }
    }

    // ---- two-phase ----------------------------------------------------------------------------------------------

    EnqueueOutcome enqueue(EngineSession session, ResourceKey key, int limit, Duration ttl) {
        if (engine.isShuttingDown()) {
            return Engine.SHUTTING_DOWN;
        }
        long ttlNanos = Deadlines.nanos(ttl);
        for (;;) {
            Object found = engine.resourceFor(key, limit);
            if (found instanceof Rejected rejected) {
                return rejected;
            }
            Resource resource = (Resource) found;
            if (!session.track(resource)) {
                return SessionClosed.INSTANCE;
            }
            if (resource.tryEnter()) {
                try {
                    KeyState state = resource.enteredState();
                    if (state != null) {
                        return state.enqueue(session, ttl, ttlNanos, engine.clock().nanoTime());
                    }
                } finally {
                    resource.exit();
                }
                continue;
            }
            Commands.Enqueue command = new Commands.Enqueue(session, ttl, ttlNanos, limit);
            resource.submit(command);
            return command.await();
        }
    }

    WaitOutcome awaitGrant(EngineSession session, ResourceKey key, long timeoutNanos) throws InterruptedException {
        Object result = startAwait(session, key, timeoutNanos > 0);
        if (result instanceof Waiter waiter) {
            waiter.attach(Thread.currentThread());
            return (WaitOutcome) block(waiter, deadline(timeoutNanos));
        }
        return (WaitOutcome) result;
    }

    /**
     * {@link #awaitGrant} holding no thread while it waits. Finding the session's entry is one short command to the key
     * (answered by its drainer, never held up by a waiter); the wait itself is an {@link AsyncCall}.
     */
    CompletableFuture<WaitOutcome> awaitGrantAsync(EngineSession session, ResourceKey key, long timeoutNanos) {
        Object result = startAwait(session, key, timeoutNanos > 0);
        return result instanceof Waiter waiter ? AsyncCall.start(this, waiter, deadline(timeoutNanos))
                : CompletableFuture.completedFuture((WaitOutcome) result);
    }

    /** Phase two up to the wait: a final outcome, or the session's queued {@link Waiter}, now the caller's to wait on. */
    private Object startAwait(EngineSession session, ResourceKey key, boolean mayBlock) {
        if (!session.isOpen()) {
            return SessionClosed.INSTANCE;
        }
        if (engine.isShuttingDown()) {
            return Engine.SHUTTING_DOWN;
        }
        Object result = null;
        while (result == null) {
            Resource resource = engine.liveResource(key);
            if (resource == null) {
                return Commands.NOT_ENQUEUED;
            }
            if (resource.tryEnter()) {
                try {
                    KeyState state = resource.enteredState();
                    if (state != null) {
                        result = state.await(session, mayBlock, engine.clock().nanoTime());
                    }
                } finally {
                    resource.exit();
                }
            } else {
                Commands.Await command = new Commands.Await(session, mayBlock);
                resource.submit(command);
                result = command.await();
            }
        }
        return result;
    }

    // ---- bearer operations --------------------------------------------------------------------------------------

    ReleaseOutcome release(ResourceKey key, Token token) {
        return engine.isShuttingDown() ? Engine.SHUTTING_DOWN : releaseAnyway(key, token);
    }

    /** A release that works during shutdown too: for grants the engine itself must give back. */
    private ReleaseOutcome releaseAnyway(ResourceKey key, Token token) {
        for (;;) {
            Resource resource = engine.liveResource(key);
            if (resource == null) {
                return NotHeld.INSTANCE;
            }
            if (resource.tryEnter()) {
                try {
                    KeyState state = resource.enteredState();
                    if (state != null) {
                        return state.release(token, engine.clock().nanoTime());
                    }
                } finally {
                    resource.exit();
                }
                continue;
            }
            Commands.Release command = new Commands.Release(token);
            resource.submit(command);
            return command.await();
        }
    }

    RenewOutcome renew(ResourceKey key, Token token, Duration ttl) {
        if (engine.isShuttingDown()) {
            return Engine.SHUTTING_DOWN;
        }
        for (;;) {
            Resource resource = engine.liveResource(key);
            if (resource == null) {
                return NotHeld.INSTANCE;
            }
            if (resource.tryEnter()) {
                try {
                    KeyState state = resource.enteredState();
                    if (state != null) {
                        return state.renew(token, ttl, engine.clock().nanoTime());
                    }
                } finally {
                    resource.exit();
                }
                continue;
            }
            Commands.Renew command = new Commands.Renew(token, ttl);
            resource.submit(command);
            return command.await();
        }
    }

    // ---- views --------------------------------------------------------------------------------------------------

    Optional<ResourceView> view(ResourceKey key, EngineSession asking) {
        Resource resource = engine.liveResource(key);
        return resource == null ? Optional.empty() : snapshot(resource, asking).map(Views::view);
    }

    Optional<ResourceSnapshot> snapshot(Resource resource, EngineSession asking) {
        for (;;) {
            if (resource.tryEnter()) {
                try {
                    KeyState state = resource.enteredState();
                    if (state != null) {
                        return Optional.of(state.snapshot(asking, engine.clock().nanoTime()));
                    }
                } finally {
                    resource.exit();
                }
                resource = engine.liveResource(resource.key);
                if (resource == null) {
                    return Optional.empty();
                }
                continue;
            }
            Commands.Snapshot command = new Commands.Snapshot(asking);
            resource.submit(command);
            return command.await();
        }
    }

    /** The longest remaining lease, in nanoseconds, of {@code session}'s grants on the keys it used; 0 if none. */
    long longestRemainingLease(EngineSession session) {
        long longest = 0;
        for (Resource resource : session.touchedResources()) {
            longest = Math.max(longest, longestRemainingLease(resource, session));
        }
        return longest;
    }

    private long longestRemainingLease(Resource resource, EngineSession session) {
        for (;;) {
            if (resource.tryEnter()) {
                try {
                    KeyState state = resource.enteredState();
                    if (state != null) {
                        return state.longestRemainingLease(session, engine.clock().nanoTime());
                    }
                } finally {
                    resource.exit();
                }
                resource = engine.liveResource(resource.key); // retired: holds nothing; its successor may
                if (resource == null) {
                    return 0;
                }
                continue;
            }
            Commands.LongestLease command = new Commands.LongestLease(session);
            resource.submit(command);
            return command.await();
        }
    }

    // ---- waiting ------------------------------------------------------------------------------------------------

    /**
     * Requester. Waits for {@code waiter}'s decision until {@code deadline}, then turns it into the call's outcome:
     * a grant is delivered (its lease restarts now), a timeout or interrupt that wins the CAS leaves the queue, and
     * one that loses it gets the grant (timeout) or releases it (interrupt; Waiter invariant 3).
     */
    private Outcome block(Waiter waiter, long deadline) throws InterruptedException {
        Timers timers = engine.timers();
        boolean armed = false;
        for (;;) {
            Object decision = waiter.decision();
            if (decision != null) {
                return outcomeOf(waiter);
            }
            if (Thread.interrupted()) {
                if (waiter.tryCancel(TimedOut.INSTANCE)) {
                    waiter.resource.submit(new Commands.Cancel(waiter));
                } else if (waiter.decision() instanceof Grant raced) {
                    releaseAnyway(raced.key(), raced.token());
                }
                throw new InterruptedException();
            }
            if (Deadlines.reached(engine.clock().nanoTime(), deadline)) {
                if (waiter.tryCancel(TimedOut.INSTANCE)) {
                    waiter.resource.submit(new Commands.Cancel(waiter));
                    return TimedOut.INSTANCE;
                }
                continue; // decided meanwhile: the decision wins
            }
            if (!armed) {
                timers.wakeAt(Thread.currentThread(), deadline);
                armed = true;
            }
            waiter.park(timers, deadline, SPINS);
        }
    }

    /**
     * Requester, once {@code waiter} is decided: its outcome for the caller, delivering a grant. SEMANTICS 2.5: the
     * lease restarts at delivery; a lease that ended (or was revoked) first is not returned.
     */
    Outcome outcomeOf(Waiter waiter) {
        Object decision = waiter.decision();
        return decision instanceof Grant grant ? deliver(waiter, grant) : (Outcome) decision;
    }

    private Outcome deliver(Waiter waiter, Grant grant) {
        if (waiter.deliver(engine.clock().nanoTime())) {
            return new Granted(grant);
        }
        waiter.resource.requestUpkeep(); // the slot moves on now rather than at the next sweep
        return waiter.session.isOpen() ? LEASE_EXPIRED : SessionClosed.INSTANCE;
    }

    /**
     * The deadline of a call that has just queued; {@link Deadlines#NEVER} for a try-lock (timeout 0), which is only
     * queued when it went through the mailbox, where the drainer refuses it without queueing.
     */
    private long deadline(long timeoutNanos) {
        return timeoutNanos > 0 ? Deadlines.add(engine.clock().nanoTime(), timeoutNanos) : Deadlines.NEVER;
    }

    // ---- for asynchronous calls ---------------------------------------------------------------------------------

    Timers timers() {
        return engine.timers();
    }

    Completions completions() {
        return completions;
    }

    /** Releases a grant nobody can receive any more (shutdown included). */
    void giveBack(Grant grant) {
        releaseAnyway(grant.key(), grant.token());
    }

    void close() {
        completions.close();
    }
}
