package io.dflockd.core.internal;

import io.dflockd.core.Acquired;
import io.dflockd.core.EnqueueOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Outcome;
import io.dflockd.core.Queued;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.Released;
import io.dflockd.core.RenewOutcome;
import io.dflockd.core.Renewed;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import io.dflockd.core.internal.fence.FenceSource;
import java.time.Duration;

/**
 * The rules of one resource (SEMANTICS.md sections 2-8), as plain sequential code. Drainer only: every method runs
 * inside the resource's drain loop (or its inline fast path), one at a time, so nothing here is synchronised.
 *
 * <p>Every keyed command starts with {@link #upkeep}: holders whose lease has ended are removed (with the two-phase
 * states pointing at them) and waiters are promoted into free capacity; then the command applies its own rule.
 *
 * <p>The pieces: the holders ({@link HolderTable}), the FIFO of waiters ({@link WaiterQueue}) and the two-phase
 * entries ({@link TwoPhaseTable}) are plain containers; the rules that tie them together (admission, upkeep,
 * promotion, the two-phase transitions, session end) live here.
 *
 * <p>Invariants (checked by the tests' invariant checker):
 * <ol>
 * <li>{@code holders.size() <= limit}.</li>
 * <li>No free capacity while a live waiter is queued, except while minting fails (the head then stays stuck and the
 *     engine retries it).</li>
 * <li>A two-phase entry is either QUEUED (a {@link Waiter} in {@code waiters}) or GRANTED (a {@link Grant} in
 *     {@code holders}, marked uncollected); nothing else.</li>
 * <li>The holder table's {@code earliestEnd} is at or before the earliest lease end of every holder (a lower
 *     bound; kept by {@link HolderTable}).</li>
 * </ol>
 */
final class KeyState {
    private static final Rejected SHUTTING_DOWN = new Rejected(RejectReason.SHUTTING_DOWN);
    private static final Rejected FENCE_PERSISTENCE = new Rejected(RejectReason.FENCE_PERSISTENCE);
    private static final Rejected MAX_WAITERS = new Rejected(RejectReason.MAX_WAITERS);
    private static final Rejected ALREADY_ENQUEUED = new Rejected(RejectReason.ALREADY_ENQUEUED);
    private static final Rejected NOT_ENQUEUED = new Rejected(RejectReason.NOT_ENQUEUED);
    private static final Rejected LEASE_EXPIRED = new Rejected(RejectReason.LEASE_EXPIRED);

    private final Engine engine;
    private final Resource resource;
    private final ResourceKey key;
    private final int limit;
    private final HolderTable holders;
    private final WaiterQueue waiters = new WaiterQueue();
    private final TwoPhaseTable twoPhase = new TwoPhaseTable();
    private long lastActivity;
    private boolean retired;

    KeyState(Engine engine, Resource resource, long now) {
        this.engine = engine;
        this.resource = resource;
        this.key = resource.key;
        this.limit = resource.limit;
        this.holders = new HolderTable(limit);
        this.lastActivity = now;
    }

    // ---- acquire ------------------------------------------------------------------------------------------------

    /**
     * The inline fast path of an acquire (the caller is the drainer): a {@link Granted} or another final outcome, or
     * the {@link Waiter} the caller must now block on (already queued).
     */
    Object acquireInline(EngineSession session, Duration ttl, long ttlNanos, boolean mayQueue, long now) {
        Outcome refusal = admission(session);
        if (refusal != null) {
            return refusal;
        }
        upkeep(now);
        if (holders.size() < limit && waiters.isEmpty()) {
            Grant grant = newGrant(ttl);
            if (grant == null) {
                return FENCE_PERSISTENCE;
            }
            addHolder(grant, session, Deadlines.add(now, ttlNanos), null, false, now);
            return new Granted(grant);
        }
        if (queueFull()) {
            return MAX_WAITERS;
        }
        if (!mayQueue) {
            return TimedOut.INSTANCE;
        }
        Waiter waiter = new Waiter(session, ttl, ttlNanos, true, limit, Thread.currentThread());
        queue(waiter, now);
        return waiter;
    }

    /** An acquire that came through the mailbox: decided through the waiter's CAS. */
    void acquire(Waiter waiter, long now) {
        if (!waiter.isWaiting()) {
            return; // cancelled before it arrived; nothing to undo
        }
        Outcome refusal = admission(waiter.session);
        if (refusal != null) {
            waiter.tryRefuse(refusal);
            return;
        }
        upkeep(now);
        if (holders.size() < limit && waiters.isEmpty()) {
            Grant grant = newGrant(waiter.ttl);
            if (grant == null) {
                waiter.tryRefuse(FENCE_PERSISTENCE);
            } else if (waiter.tryGrant(grant, Deadlines.add(now, waiter.ttlNanos))) {
                addHolder(grant, waiter.session, 0, waiter, false, now);
            }
            return;
        }
        if (queueFull()) {
            waiter.tryRefuse(MAX_WAITERS);
        } else if (!waiter.mayQueue) {
            waiter.tryRefuse(TimedOut.INSTANCE);
        } else {
            queue(waiter, now);
        }
    }

    // ---- two-phase ----------------------------------------------------------------------------------------------

    EnqueueOutcome enqueue(EngineSession session, Duration ttl, long ttlNanos, long now) {
        Outcome refusal = admission(session);
        if (refusal != null) {
            return (EnqueueOutcome) refusal;
        }
        upkeep(now);
        if (twoPhase.contains(session)) {
            return ALREADY_ENQUEUED;
        }
        if (holders.size() < limit && waiters.isEmpty()) {
            Grant grant = newGrant(ttl);
            if (grant == null) {
                return FENCE_PERSISTENCE;
            }
            addHolder(grant, session, Deadlines.add(now, ttlNanos), null, true, now);
            twoPhase.granted(session, grant);
            return new Acquired(grant);
        }
        if (queueFull()) {
            return MAX_WAITERS;
        }
        Waiter waiter = new Waiter(session, ttl, ttlNanos, true, limit, null);
        waiter.twoPhase = true;
        queue(waiter, now);
        twoPhase.queued(session, waiter);
        return Queued.INSTANCE;
    }

    /**
     * Phase two. A final outcome, or the queued {@link Waiter} the caller must now block on (when it may block);
     * either way the session's two-phase entry for the key is gone afterwards.
     */
    Object await(EngineSession session, boolean mayBlock, long now) {
        Outcome refusal = admission(session);
        if (refusal != null) {
            return refusal;
        }
        Object entry = twoPhase.get(session);
        if (entry instanceof Grant grant) {
            int i = holders.indexOf(grant);
            if (i >= 0 && Deadlines.reached(now, holders.leaseEnd(i))) {
                upkeep(now); // removes the holder and this entry (SEMANTICS 5.2: LEASE_EXPIRED)
                return LEASE_EXPIRED;
            }
        }
        upkeep(now);
        entry = twoPhase.remove(session);
        if (entry == null) {
            return NOT_ENQUEUED;
        }
        if (entry instanceof Grant grant) {
            int i = holders.indexOf(grant);
            holders.markCollected(i);
            holders.renew(i, now, Deadlines.add(now, Deadlines.nanos(grant.leaseTtl())));
            touch(now);
            return new Granted(grant);
        }
        Waiter waiter = (Waiter) entry;
        if (!mayBlock) {
            waiters.remove(waiter);
            waiter.tryCancel(TimedOut.INSTANCE);
            touch(now);
            return TimedOut.INSTANCE;
        }
        waiter.twoPhase = false; // now an ordinary waiter, owned by the blocked caller
        return waiter;
    }

    // ---- release, renew -----------------------------------------------------------------------------------------

    ReleaseOutcome release(Token token, long now) {
        upkeep(now);
        int i = holders.indexOf(token);
        if (i < 0) {
            return NotHeld.INSTANCE; // no activity refresh: bogus tokens never keep a key alive
        }
        holders.remove(i, true, twoPhase);
        touch(now);
        promote(now);
        return Released.INSTANCE;
    }

    RenewOutcome renew(Token token, Duration ttl, long now) {
        upkeep(now);
        int i = holders.indexOf(token);
        if (i < 0 || !holders.renew(i, now, Deadlines.add(now, Deadlines.nanos(ttl)))) {
            return NotHeld.INSTANCE;
        }
        touch(now);
        return new Renewed(ttl);
    }

    // ---- cleanup ------------------------------------------------------------------------------------------------

    /** The requester cancelled {@code waiter} (timeout, interrupt): it leaves the queue. */
    void cancel(Waiter waiter, long now) {
        if (waiters.remove(waiter)) {
            touch(now);
        }
        upkeep(now);
    }

    /** SEMANTICS 7: the session's waiters leave, its two-phase entry goes, and with auto-release its grants too. */
    void sessionEnded(EngineSession session, boolean autoRelease, long now) {
        boolean changed = waiters.cancelSession(session, SessionClosed.INSTANCE);
        twoPhase.remove(session);
        for (int i = holders.size() - 1; i >= 0; i--) {
            if (holders.owner(i) == session) {
                if (autoRelease) {
                    holders.removeAt(i, false);
                    changed = true;
                } else {
                    holders.markCollected(i);
                }
            }
        }
        if (changed) {
            touch(now);
        }
        upkeep(now);
    }

    /** The manager is shutting down: every queued request ends with SHUTTING_DOWN; holders stay. */
    void shutdown(long now) {
        if (waiters.isEmpty()) {
            return;
        }
        waiters.cancelAll(SHUTTING_DOWN);
        twoPhase.dropQueued();
        touch(now);
    }

    /** GC: retires the resource if it has no holders, no waiters and has been idle long enough. */
    boolean retireIfIdle(long now, long maxIdleNanos) {
        if (!retired && holders.size() == 0 && waiters.isEmpty() && now - lastActivity >= maxIdleNanos) {
            retired = true;
        }
        return retired;
    }

    boolean isRetired() {
        return retired;
    }

    // ---- upkeep and promotion -----------------------------------------------------------------------------------

    /** Lazy upkeep (SEMANTICS 3.3): remove ended leases, then promote into free capacity. */
    void upkeep(long now) {
        if (Deadlines.reached(now, holders.earliestEnd()) && holders.expireEnded(now, twoPhase)) {
            touch(now);
        }
        if (holders.size() < limit && !waiters.isEmpty()) {
            promote(now);
        }
    }

    /** SEMANTICS 2.4: the oldest live waiters take the free slots, while minting works. */
    private void promote(long now) {
        while (holders.size() < limit) {
            Waiter waiter = waiters.peekFirst();
            if (waiter == null) {
                return;
            }
            if (!waiter.isWaiting()) {
                waiters.pollFirst(); // cancelled; its cancel command will find nothing left to do
                touch(now);
                continue;
            }
            Grant grant = newGrant(waiter.ttl);
            if (grant == null) {
                engine.markStuck(resource); // invariant 2: the head stays; retried later
                return;
            }
            waiters.pollFirst();
            long end = Deadlines.add(now, waiter.ttlNanos);
            if (waiter.twoPhase) {
                waiter.tryGrant(grant, end); // nobody else decides an unattached two-phase waiter
                addHolder(grant, waiter.session, end, null, true, now);
                twoPhase.granted(waiter.session, grant);
            } else if (waiter.tryGrant(grant, end)) {
                addHolder(grant, waiter.session, 0, waiter, false, now);
            } else {
                touch(now); // invariant 3 of Waiter: the requester cancelled; the slot is still ours
            }
        }
    }

    // ---- views --------------------------------------------------------------------------------------------------

    /** A view that changes nothing (no upkeep, no activity); holders whose lease has ended are left out. */
    ResourceSnapshot snapshot(EngineSession asking, long now) {
        return ResourceSnapshot.of(key, limit, holders, waiters, asking, now, lastActivity);
    }

    /**
     * The nanoseconds until the last valid lease of {@code session}'s grants on this key ends, 0 when it holds none.
     * Changes nothing (no upkeep): a lease that has ended but not been removed yet counts as gone (SEMANTICS 3.3).
     */
    long longestRemainingLease(EngineSession session, long now) {
        return holders.longestRemainingLease(session, now);
    }

    long earliestEnd() {
        return holders.earliestEnd();
    }

    /** The last activity if the resource has no holders and no waiters, else {@link Deadlines#NEVER}. */
    long idleSince() {
        return holders.size() == 0 && waiters.isEmpty() ? lastActivity : Deadlines.NEVER;
    }

    int holderCount() {
        return holders.size();
    }

    int queuedCount() {
        return waiters.size();
    }

    /**
     * Drainer only. The first broken invariant of this class (or of a waiter in the queue), or null. The engine's
     * invariant checker runs it on every resource after each engine test.
     */
    String invariantViolation() {
        if (holders.size() > limit) {
            return "invariant 1: " + holders.size() + " holders > limit " + limit;
        }
        String queueViolation = waiters.violation();
        if (queueViolation != null) {
            return queueViolation;
        }
        int live = waiters.live();
        if (holders.size() < limit && live > 0 && !engine.isStuck(resource)) {
            return "invariant 2: free capacity while " + live + " waiters are queued";
        }
        String holderViolation = holders.violation();
        if (holderViolation != null) {
            return holderViolation;
        }
        return twoPhase.violation(waiters, holders);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Outcome admission(EngineSession session) {
        if (!session.isOpen()) {
            return SessionClosed.INSTANCE;
        }
        return engine.isShuttingDown() ? SHUTTING_DOWN : null;
    }

    private boolean queueFull() {
        int max = engine.maxWaiters();
        return max > 0 && waiters.size() >= max;
    }

    private void queue(Waiter waiter, long now) {
        waiter.resource = resource;
        waiters.addLast(waiter);
        touch(now);
    }

    private Grant newGrant(Duration ttl) {
        long fence = engine.fences().next();
        return fence == FenceSource.EXHAUSTED ? null : new Grant(key, engine.mint(fence), ttl);
    }

    private void addHolder(Grant grant, EngineSession owner, long end, Waiter delivery, boolean uncollected,
            long now) {
        holders.add(grant, owner, end, delivery, uncollected);
        touch(now);
    }

    private void touch(long now) {
        lastActivity = now;
    }
}
