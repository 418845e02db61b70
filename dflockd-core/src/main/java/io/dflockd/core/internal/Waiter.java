package io.dflockd.core.internal;

import io.dflockd.core.Grant;
import io.dflockd.core.Outcome;
import io.dflockd.core.ResourceKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * One queued request for one slot: a blocking acquire, a blocking {@code awaitGrant}, or a two-phase enqueue that
 * nobody waits on yet. As a {@link Command} it is also the acquire request that travels through the mailbox.
 *
 * <p>Its outcome is decided exactly once, by a CAS of {@code decision} from {@code null} (WAITING) to the outcome:
 * <pre>
 *  WAITING --tryGrant(g)-->        GRANTED    drainer; the slot now belongs to the requester
 *  WAITING --tryRefuse(outcome)--> REFUSED    drainer; answered without queueing (try-lock timeout, cap, closed
 *                                             session)
 *  WAITING --tryCancel(outcome)--> CANCELLED  requester (timeout, interrupt) or drainer (session closed, shutdown);
 *                                             the drainer drops a cancelled waiter
 * </pre>
 * and, once GRANTED, its lease end (a grant not yet delivered to its caller keeps its lease here) by a CAS on
 * {@code leaseEnd}:
 * <pre>
 *  end --deliver(now)-->  now + ttl  requester, only while now &lt; end (SEMANTICS 2.5: the lease restarts at delivery)
 *  end --renew(now, e)--> e          drainer, only while now &lt; end
 *  end --expireIfEnded--> REVOKED    drainer, only once now &ge; end
 *  end --revoke(false)--> REVOKED    drainer: auto-released because the session ended
 *  end --revoke(true)-->  RELEASED   drainer: released with its token (by the requester after an interrupt race,
 *                                    or by anyone who learned the token)
 * </pre>
 *
 * <p>Invariants:
 * <ol>
 * <li>At most one transition out of WAITING succeeds: the outcome is the CAS'd value itself, so a loser writes
 *     nothing.</li>
 * <li>{@code leaseEnd} is written before the GRANTED CAS and read by the requester only after observing it.</li>
 * <li>A failed {@link #tryGrant} means the drainer still owns the slot and gives it to the next waiter; a failed
 *     {@link #tryCancel} means the waiter was decided already; if it was granted, the requester owns the grant and
 *     must deliver it or release it.</li>
 * <li>Once REVOKED or RELEASED the lease is never revived: no CAS moves {@code leaseEnd} away from them. Delivery of a
 *     RELEASED grant still reports the grant (it was granted, then released by its bearer); of a REVOKED one, not.</li>
 * <li>A parked requester is always woken: it publishes {@code parked} before re-reading the decision, and the
 *     deciding thread reads {@code parked} after its CAS.</li>
 * <li>An asynchronous requester's {@link Listener} hears of the decision at least once: {@link #listen} publishes it
 *     before re-reading the decision, and the deciding thread reads it after its CAS (so the listener must be
 *     idempotent). The deciding thread may be a drainer: the listener must not run user code.</li>
 * </ol>
 */
final class Waiter extends Command {
    /** {@link #leaseEnd} once the holder has been removed by expiry or session end: never a real lease end. */
    static final long REVOKED = Long.MIN_VALUE;
    /** {@link #leaseEnd} once the holder has been released with its token: never a real lease end. */
    static final long RELEASED = Long.MIN_VALUE + 1;

    private static final AtomicReferenceFieldUpdater<Waiter, Object> DECISION =
            AtomicReferenceFieldUpdater.newUpdater(Waiter.class, Object.class, "decision");
    private static final AtomicLongFieldUpdater<Waiter> LEASE_END =
            AtomicLongFieldUpdater.newUpdater(Waiter.class, "leaseEnd");

    final EngineSession session;
    final Duration ttl;
    final long ttlNanos;
    /** Acquire requests only: whether the request may queue (timeout &gt; 0). */
    final boolean mayQueue;
    /** Acquire requests only: the limit the request named (needed to re-route it after a collection). */
    final int limit;

    /** null while WAITING; then a {@link Grant} (GRANTED) or the {@link Outcome} of a refusal or cancellation. */
    private volatile Object decision;
    private volatile long leaseEnd;
    private volatile Thread thread;
    private volatile boolean parked;
    private volatile Listener listener;
    private volatile boolean front; // drainer writes when the waiter reaches the head; the requester spins only then

    /** Drainer only: a two-phase waiter nobody has attached to with a blocking wait yet. */
    boolean twoPhase;
    /** The resource whose queue holds (or will hold) this waiter; where a cancel is sent. */
    volatile Resource resource;

    Waiter(EngineSession session, Duration ttl, long ttlNanos, boolean mayQueue, int limit, Thread thread) {
        this.session = session;
        this.ttl = ttl;
        this.ttlNanos = ttlNanos;
        this.mayQueue = mayQueue;
        this.limit = limit;
        this.thread = thread;
    }

    // ---- decisions -------------------------------------------------------------------------------------------

    boolean isWaiting() {
        return decision == null;
    }

    /** The decision: null while waiting, else a {@link Grant} or an {@link Outcome}. */
    Object decision() {
        return decision;
    }

    /** Drainer only. Invariant 2: lease end written before the CAS. False if the requester cancelled first. */
    boolean tryGrant(Grant granted, long end) {
        leaseEnd = end;
        return decide(granted);
    }

    /** Drainer only. Answers the request without queueing it. */
    boolean tryRefuse(Outcome answer) {
        return decide(answer);
    }

    /** Any thread. Invariant 3: false means the waiter was already decided (see {@link #decision()}). */
    boolean tryCancel(Outcome answer) {
        return decide(answer);
    }

    private boolean decide(Object value) {
        if (decision == null && DECISION.compareAndSet(this, null, value)) {
            wake();
            return true;
        }
        return false;
    }

    // ---- the lease of a grant not yet delivered -----------------------------------------------------------------

    long leaseEnd() {
        return leaseEnd;
    }

    /** Requester. Restarts the lease at delivery; false if it has ended or was revoked (then it stays so). */
    boolean deliver(long now) {
        long end = Deadlines.add(now, ttlNanos);
        for (;;) {
            long current = leaseEnd; // one read decides: a release may land between two reads
            if (current == RELEASED) {
                return true;
            }
            if (current == REVOKED || now - current >= 0) {
                return false;
            }
            if (LEASE_END.compareAndSet(this, current, end)) {
                return true;
            }
        }
    }

    /** Drainer or requester. Moves a still-valid lease end to {@code end}; invariant 4. */
    boolean renew(long now, long end) {
        for (;;) {
            long current = leaseEnd;
            if (current == REVOKED || current == RELEASED || now - current >= 0) {
                return false;
            }
            if (LEASE_END.compareAndSet(this, current, end)) {
                return true;
            }
        }
    }

    /** Drainer only. Revokes the lease if it has ended at {@code now}; true if it is (now) revoked. */
    boolean expireIfEnded(long now) {
        for (;;) {
            long current = leaseEnd;
            if (current == REVOKED || current == RELEASED) {
                return true;
            }
            if (now - current < 0) {
                return false;
            }
            if (LEASE_END.compareAndSet(this, current, REVOKED)) {
                return true;
            }
        }
    }

    /** Drainer only. The holder is gone: {@code released} with its token, else expired or auto-released. */
    void revoke(boolean released) {
        leaseEnd = released ? RELEASED : REVOKED;
    }

    // ---- parking ------------------------------------------------------------------------------------------------

    /** Requester. Makes the calling thread the one to wake (a two-phase waiter gets one when a wait attaches). */
    void attach(Thread requester) {
        thread = requester;
    }

    /** Drainer. This waiter is now the head of its queue (the next one a release can grant). */
    void markFront() {
        front = true;
    }

    /**
     * Requester. Spins (only while at the head of the queue), then parks once, until decided; the caller re-checks
     * its deadline and interrupts.
     */
    void park(Timers timers, long deadline, int spins) {
        int rounds = front ? spins : 0;
        for (int i = 0; i < rounds && decision == null; i++) {
            Thread.onSpinWait();
        }
        if (decision != null) {
            return;
        }
        parked = true;
        if (decision == null) { // invariant 5: parked published before the decision is re-read
            timers.park(this, deadline);
        }
    }

    /**
     * Requester. Makes {@code decided} the one to tell instead of a parked thread (an asynchronous call); tells it at
     * once if the waiter is decided already (invariant 6).
     */
    void listen(Listener decided) {
        listener = decided;
        if (decision != null) { // invariant 6: listener published before the decision is re-read
            decided.decided();
        }
    }

    private void wake() {
        Listener decided = listener;
        if (decided != null) { // invariant 6: read after the CAS
            decided.decided();
            return;
        }
        Thread requester = thread;
        if (requester != null && parked) { // invariant 5: read after the CAS
            LockSupport.unpark(requester);
        }
    }

    // ---- as the acquire command ---------------------------------------------------------------------------------

    @Override
    void apply(KeyState state, long now) {
        state.acquire(this, now);
    }

    @Override
    void forward(Engine engine, ResourceKey key) {
        engine.forwardAcquire(this, key);
    }

    @Override
    void abort(RuntimeException failure) {
        tryRefuse(new io.dflockd.core.Rejected(io.dflockd.core.RejectReason.SHUTTING_DOWN));
    }

    /** Who is told of the decision of a waiter nobody parks on. */
    interface Listener {
        /**
         * Any thread, a drainer included; may be called more than once for one decision. Must only hand the work on
         * (to an executor), never run user code.
         */
        void decided();
    }

    String describe(ResourceKey key) {
        return "waiter of session " + session.id() + " on " + key;
    }
}
