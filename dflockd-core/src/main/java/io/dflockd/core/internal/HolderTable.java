package io.dflockd.core.internal;

import io.dflockd.core.Grant;
import io.dflockd.core.Token;
import java.util.Arrays;

/**
 * The current grants of one resource, as parallel arrays (no object per holder on the fast path). Drainer only.
 *
 * <p>A grant handed to a waiter whose caller has not returned yet keeps its lease end in that {@link Waiter}
 * ({@code pending[i]}), because the caller restarts the lease at delivery; every other grant keeps it in
 * {@code leaseEnds[i]}. Order is not kept (removal swaps the last entry in); views sort by fence.
 *
 * <p>It also keeps {@code earliestEnd}, a lower bound of every holder's lease end (KeyState invariant 4), so that
 * upkeep scans the table only once a lease may have ended.
 */
final class HolderTable {
    private Grant[] grants;
    private EngineSession[] owners;
    private long[] leaseEnds;
    private Waiter[] pending;
    private boolean[] twoPhase;
    private int size;
    private long earliestEnd = Deadlines.NEVER;

    HolderTable(int limit) {
        int capacity = Math.min(limit, 4);
        grants = new Grant[capacity];
        owners = new EngineSession[capacity];
        leaseEnds = new long[capacity];
        pending = new Waiter[capacity];
        twoPhase = new boolean[capacity];
    }

    int size() {
        return size;
    }

    /** Adds a holder; {@code delivery} is the waiter that keeps its lease end, or null. */
    void add(Grant grant, EngineSession owner, long leaseEnd, Waiter delivery, boolean uncollected) {
        if (size == grants.length) {
            int capacity = Math.max(4, size * 2);
            grants = Arrays.copyOf(grants, capacity);
            owners = Arrays.copyOf(owners, capacity);
            leaseEnds = Arrays.copyOf(leaseEnds, capacity);
            pending = Arrays.copyOf(pending, capacity);
            twoPhase = Arrays.copyOf(twoPhase, capacity);
        }
        grants[size] = grant;
        owners[size] = owner;
        leaseEnds[size] = leaseEnd;
        pending[size] = delivery;
        twoPhase[size] = uncollected;
        size++;
        earliestEnd = Deadlines.earlier(earliestEnd, delivery != null ? delivery.leaseEnd() : leaseEnd);
    }

    /** A lower bound of every holder's lease end; {@link Deadlines#NEVER} when there are none. */
    long earliestEnd() {
        return earliestEnd;
    }

    /**
     * Removes every holder whose lease has ended at {@code now} (a pending one is revoked by this, Waiter invariant
     * 4), with the two-phase entries pointing at them; recomputes {@code earliestEnd}. Whether any was removed.
     */
    boolean expireEnded(long now, TwoPhaseTable entries) {
        long earliest = Deadlines.NEVER;
        boolean removed = false;
        for (int i = size - 1; i >= 0; i--) { // backwards: removal swaps an already-seen entry into i
            if (expireIfEnded(i, now)) {
                remove(i, false, entries);
                removed = true;
            } else {
                earliest = Deadlines.earlier(earliest, leaseEnd(i));
            }
        }
        earliestEnd = earliest;
        return removed;
    }

    /** Removes holder {@code i} (see {@link #removeAt}) and the two-phase entry pointing at it, if any. */
    void remove(int i, boolean released, TwoPhaseTable entries) {
        if (twoPhase[i]) {
            entries.holderRemoved(owners[i], grants[i]);
        }
        removeAt(i, released);
    }

    /**
     * The nanoseconds until the last valid lease of {@code session}'s grants ends, 0 when it holds none. A lease that
     * has ended but not been removed yet counts as gone (SEMANTICS 3.3).
     */
    long longestRemainingLease(EngineSession session, long now) {
        long longest = 0;
        for (int i = 0; i < size; i++) {
            if (owners[i] != session) {
                continue;
            }
            long end = leaseEnd(i);
            if (end != Waiter.REVOKED && end != Waiter.RELEASED && !Deadlines.reached(now, end)) {
                longest = Math.max(longest, end == Deadlines.NEVER ? Long.MAX_VALUE : end - now);
            }
        }
        return longest;
    }

    /** KeyState invariant 4 and token uniqueness; the first violation, or null. */
    String violation() {
        for (int i = 0; i < size; i++) {
            if (Deadlines.earlier(earliestEnd, leaseEnd(i)) != earliestEnd) {
                return "invariant 4: earliestEnd after a holder's lease end";
            }
            for (int j = i + 1; j < size; j++) {
                if (grants[i].token().equals(grants[j].token())) {
                    return "one token held twice";
                }
            }
        }
        return null;
    }

    /** The index of the holder named by {@code token}, or -1. */
    int indexOf(Token token) {
        for (int i = 0; i < size; i++) {
            Token held = grants[i].token();
            if (held.fence() == token.fence() && held.salt() == token.salt()) {
                return i;
            }
        }
        return -1;
    }

    /** The index of {@code grant} (by identity), or -1. */
    int indexOf(Grant grant) {
        for (int i = 0; i < size; i++) {
            if (grants[i] == grant) {
                return i;
            }
        }
        return -1;
    }

    Grant grant(int i) {
        return grants[i];
    }

    EngineSession owner(int i) {
        return owners[i];
    }

    /** Whether holder {@code i} is a two-phase grant not yet collected by a wait. */
    boolean isUncollected(int i) {
        return twoPhase[i];
    }

    void markCollected(int i) {
        twoPhase[i] = false;
    }

    long leaseEnd(int i) {
        Waiter w = pending[i];
        return w != null ? w.leaseEnd() : leaseEnds[i];
    }

    /** Whether holder {@code i}'s lease has ended at {@code now}; a pending one is revoked by this (invariant 4). */
    boolean expireIfEnded(int i, long now) {
        Waiter w = pending[i];
        return w != null ? w.expireIfEnded(now) : now - leaseEnds[i] >= 0;
    }

    /**
     * Moves holder {@code i}'s lease end to {@code end} if its lease is still valid at {@code now}. A renew with a
     * shorter TTL moves it earlier, so {@code earliestEnd} follows (KeyState invariant 4).
     */
    boolean renew(int i, long now, long end) {
        Waiter w = pending[i];
        if (w != null ? !w.renew(now, end) : now - leaseEnds[i] >= 0) {
            return false;
        }
        if (w == null) {
            leaseEnds[i] = end;
        }
        earliestEnd = Deadlines.earlier(earliestEnd, end);
        return true;
    }

    /**
     * Removes holder {@code i}. A grant still on its way to its caller is revoked so the caller never returns it, unless
     * it was {@code released} with its token (then the caller was granted it, and its bearer gave it back).
     */
    void removeAt(int i, boolean released) {
        Waiter w = pending[i];
        if (w != null) {
            w.revoke(released);
        }
        int last = --size;
        grants[i] = grants[last];
        owners[i] = owners[last];
        leaseEnds[i] = leaseEnds[last];
        pending[i] = pending[last];
        twoPhase[i] = twoPhase[last];
        grants[last] = null;
        owners[last] = null;
        pending[last] = null;
    }
}
