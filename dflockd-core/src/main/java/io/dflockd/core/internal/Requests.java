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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * How a caller's request reaches its resource and how the caller waits: inline when it can become the drainer, else
 * through the mailbox; then, for a queued request, spin-then-park on its {@link Waiter} until granted, timed out,
 * interrupted or cancelled. Any thread; never called from inside a drain loop.
 */
final class Requests {
    /** Spins of a waiter before it parks: a hand-off that comes within a few microseconds costs no park/unpark. */
    static final int SPINS = 1 << 10;
    private static final Rejected LEASE_EXPIRED = new Rejected(RejectReason.LEASE_EXPIRED);

    private final Engine engine;
    private final ThreadPoolExecutor async;

    Requests(Engine engine) {
        this.engine = engine;
        AtomicInteger threads = new AtomicInteger();
        this.async = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "dflockd-async-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    // ---- acquire ------------------------------------------------------------------------------------------------

    AcquireOutcome acquire(EngineSession session, ResourceKey key, int limit, long timeoutNanos, Duration ttl)
            throws InterruptedException {
        if (engine.isShuttingDown()) {
            return Engine.SHUTTING_DOWN;
        }
        long ttlNanos = Deadlines.nanos(ttl);
        boolean mayQueue = timeoutNanos > 0;
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
                Object result;
                try {
                    KeyState state = resource.enteredState();
                    if (state == null) {
                        continue; // retired meanwhile: find the live resource (exit runs in finally)
                    }
                    result = state.acquireInline(session, ttl, ttlNanos, mayQueue, engine.clock().nanoTime());
                } finally {
                    resource.exit();
                }
                if (result instanceof Waiter waiter) {
                    return (AcquireOutcome) block(waiter, deadline(timeoutNanos));
                }
                return (AcquireOutcome) result;
            }
            Waiter waiter = new Waiter(session, ttl, ttlNanos, mayQueue, limit, Thread.currentThread());
            waiter.resource = resource;
            resource.submit(waiter);
            return (AcquireOutcome) block(waiter, mayQueue ? deadline(timeoutNanos) : Deadlines.NEVER);
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
        if (!session.isOpen()) {
            return SessionClosed.INSTANCE;
        }
        if (engine.isShuttingDown()) {
            return Engine.SHUTTING_DOWN;
        }
        boolean mayBlock = timeoutNanos > 0;
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
        if (result instanceof Waiter waiter) {
            waiter.attach(Thread.currentThread());
            return (WaitOutcome) block(waiter, deadline(timeoutNanos));
        }
        return (WaitOutcome) result;
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
                return decision instanceof Grant grant ? deliver(waiter, grant) : (Outcome) decision;
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

    /** SEMANTICS 2.5: the lease restarts at delivery; a lease that ended (or was revoked) first is not returned. */
    private Outcome deliver(Waiter waiter, Grant grant) {
        if (waiter.deliver(engine.clock().nanoTime())) {
            return new Granted(grant);
        }
        waiter.resource.requestUpkeep(); // the slot moves on now rather than at the next sweep
        return waiter.session.isOpen() ? LEASE_EXPIRED : SessionClosed.INSTANCE;
    }

    private long deadline(long timeoutNanos) {
        return Deadlines.add(engine.clock().nanoTime(), timeoutNanos);
    }

    // ---- asynchronous forms -------------------------------------------------------------------------------------

    /**
     * Runs the blocking {@code call} on an engine thread (never a drainer) and completes the future there. Cancelling
     * the future interrupts the call, which then leaves nothing queued; an outcome the future can no longer take
     * (it was cancelled first) is handed to {@code undo}, which releases a grant.
     */
    <T> CompletableFuture<T> async(Callable<T> call, Consumer<T> undo, T refused) {
        CompletableFuture<T> future = new CompletableFuture<>();
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                T outcome = call.call();
                if (!future.complete(outcome)) {
                    undo.accept(outcome);
                }
            } catch (InterruptedException e) {
                future.cancel(false);
            } catch (Exception | Error e) { // every failure reaches the caller instead of a dead thread
                future.completeExceptionally(e);
            }
            return null;
        });
        future.whenComplete((outcome, failure) -> {
            if (future.isCancelled()) {
                task.cancel(true);
            }
        });
        try {
            async.execute(task);
        } catch (RejectedExecutionException closed) {
            future.complete(refused);
        }
        return future;
    }

    void close() {
        async.shutdown();
    }

    /** Releases a grant that nobody can receive any more. */
    void undoGrant(Outcome outcome) {
        if (outcome instanceof Granted granted) {
            releaseAnyway(granted.grant().key(), granted.grant().token());
        }
    }
}
