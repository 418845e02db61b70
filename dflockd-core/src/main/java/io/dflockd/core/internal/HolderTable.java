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
 */
final class HolderTable {
    private Grant[] grants;
    private EngineSession[] owners;
    private long[] leaseEnds;
    private Waiter[] pending;
    private boolean[] twoPhase;
    private int size;

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

    /** Moves holder {@code i}'s lease end to {@code end} if its lease is still valid at {@code now}. */
    boolean renew(int i, long now, long end) {
        Waiter w = pending[i];
        if (w != null) {
            return w.renew(now, end);
        }
        if (now - leaseEnds[i] >= 0) {
            return false;
        }
        leaseEnds[i] = end;
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
