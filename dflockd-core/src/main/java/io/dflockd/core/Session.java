package io.dflockd.core;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An owner of grants and waiters: one TCP connection, one HTTP session, or whatever an embedding application opens
 * with {@link LockManager#openSession()}. Closing it cancels its waiters and, when the manager auto-releases, releases
 * what it holds and hands it to the next waiters.
 *
 * <p>All methods may be called from any thread, concurrently. Blocking methods throw {@link InterruptedException}
 * when interrupted; the interrupted request leaves nothing queued, and a grant that raced the interrupt is released
 * (or passed on), never stranded. Operations on a closed session answer {@link SessionClosed} (acquire, enqueue,
 * wait); release and renew are bearer operations and work from any session, open or not.
 *
 * <p>Durations: timeouts are truncated to whole nanoseconds of the monotonic clock ({@link Duration#ZERO} = try once
 * without queueing); lease TTLs must be whole seconds, &gt; 0, at most {@link LockManagerConfig#MAX_SECONDS}. A
 * {@code limit} is 1 for a lock and 1..{@value #MAX_LIMIT} for a semaphore. Invalid arguments throw
 * {@link IllegalArgumentException} (adapters validate first and map to their own errors).
 */
public interface Session extends AutoCloseable {
    /** The largest semaphore limit. */
    int MAX_LIMIT = 1_048_576;

    /** This session's id: from the manager's one sequence, starting at 1, never reused. */
    long id();

    /** Whether {@link #close()} has not been called (and the manager has not closed it). */
    boolean isOpen();

    /** Acquires one slot of {@code key} with the default lease, waiting up to {@code timeout} in FIFO order. */
    AcquireOutcome acquire(ResourceKey key, int limit, Duration timeout) throws InterruptedException;

    /** Acquires one slot of {@code key} with lease {@code leaseTtl}, waiting up to {@code timeout} in FIFO order. */
    AcquireOutcome acquire(ResourceKey key, int limit, Duration timeout, Duration leaseTtl)
            throws InterruptedException;

    /**
     * Asynchronous {@link #acquire(ResourceKey, int, Duration, Duration)}; never blocks on a waiter. A pending call
     * holds no thread: its timeout runs on the manager's clock, and the future is completed on one of the manager's
     * {@code dflockd-async-N} threads (virtual on JDK 21+), never inside the engine, or before it is returned when
     * the answer is immediate. A grant's lease starts when the future is completed. Cancelling the future cancels the
     * waiter; a grant that wins that race is released. Dependent stages that block should use the {@code ...Async}
     * stage methods with an executor of their own.
     */
    CompletableFuture<AcquireOutcome> acquireAsync(ResourceKey key, int limit, Duration timeout, Duration leaseTtl);

    /** {@link #acquireAsync(ResourceKey, int, Duration, Duration)} with the default lease. */
    CompletableFuture<AcquireOutcome> acquireAsync(ResourceKey key, int limit, Duration timeout);

    /** Two-phase, phase one, with the default lease: granted at once, or queued. Never blocks. */
    EnqueueOutcome enqueue(ResourceKey key, int limit);

    /** Two-phase, phase one, with lease {@code leaseTtl}: granted at once, or queued. Never blocks. */
    EnqueueOutcome enqueue(ResourceKey key, int limit, Duration leaseTtl);

    /**
     * Two-phase, phase two: collects the grant of this session's enqueue on {@code key}, waiting up to
     * {@code timeout}. The lease restarts when this returns. Whatever the outcome, the two-phase entry is gone after.
     */
    WaitOutcome awaitGrant(ResourceKey key, Duration timeout) throws InterruptedException;

    /**
     * Asynchronous {@link #awaitGrant}, completed as {@link #acquireAsync(ResourceKey, int, Duration, Duration)} is;
     * cancelling the future cancels the waiter (the two-phase entry is gone either way).
     */
    CompletableFuture<WaitOutcome> awaitGrantAsync(ResourceKey key, Duration timeout);

    /** Releases the grant named by {@code token} (bearer: any session may). Never blocks on other keys' work. */
    ReleaseOutcome release(ResourceKey key, Token token);

    /** Renews the grant named by {@code token} with the manager's default lease. */
    RenewOutcome renew(ResourceKey key, Token token);

    /** Renews the grant named by {@code token}: its lease now ends {@code leaseTtl} from now. */
    RenewOutcome renew(ResourceKey key, Token token, Duration leaseTtl);

    /** The view of {@code key} including this session's queue position; empty when the key does not exist. */
    Optional<ResourceView> view(ResourceKey key);

    /**
     * The time until the last lease of this session's current grants ends; empty when it holds none. Counts every
     * grant the session owns, including a two-phase grant promoted from the queue that no {@link #awaitGrant} has
     * collected yet; a grant still on its way to a blocked call counts with the lease it has now (it restarts at
     * delivery). Names no token. Empty once the session is closed (whatever it left held is no longer its own).
     *
     * <p>Any thread. Asks each key this session has used (one engine command per key, never blocking on a waiter)
     * and changes nothing: no upkeep, no activity refresh. Meant for an adapter deciding whether an idle session may
     * be reaped (HTTP.md section 6.4); the answer can be stale as soon as it returns.
     */
    Optional<Duration> longestRemainingLease();

    /**
     * Ends the session: blocked calls end with {@link SessionClosed}, waiters leave their queues, two-phase state is
     * dropped, and with auto-release the grants are released and handed on. Idempotent; never blocks on a waiter.
     */
    @Override
    void close();
}
