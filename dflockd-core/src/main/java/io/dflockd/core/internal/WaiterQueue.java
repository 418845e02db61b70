package io.dflockd.core.internal;

import io.dflockd.core.Grant;
import io.dflockd.core.Outcome;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The FIFO of one resource's waiters, in arrival (mailbox) order. Drainer only. A waiter its requester cancelled may
 * stay queued until promotion or its cancel command removes it, so "live" counts skip decided waiters.
 */
final class WaiterQueue {
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    boolean isEmpty() {
        return waiters.isEmpty();
    }

    /** Queued entries, live or not yet removed. */
    int size() {
        return waiters.size();
    }

    void addLast(Waiter waiter) {
        waiters.addLast(waiter);
        markFront();
    }

    boolean remove(Waiter waiter) {
        boolean removed = waiters.remove(waiter);
        markFront();
        return removed;
    }

    boolean contains(Waiter waiter) {
        return waiters.contains(waiter);
    }

    Waiter peekFirst() {
        return waiters.peekFirst();
    }

    Waiter pollFirst() {
        Waiter first = waiters.pollFirst();
        markFront();
        return first;
    }

    /**
     * Tells the waiter now at the head that it is: only the head spins before it parks, because only it can be
     * granted by the next release; every waiter behind it spinning would take the cores the hand-off chain needs.
     */
    private void markFront() {
        Waiter first = waiters.peekFirst();
        if (first != null) {
            first.markFront();
        }
    }

    /** SEMANTICS 7: {@code session}'s waiters leave and end with {@code outcome}; whether there were any. */
    boolean cancelSession(EngineSession session, Outcome outcome) {
        boolean removed = false;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.session == session) {
                it.remove();
                waiter.tryCancel(outcome);
                removed = true;
            }
        }
        markFront();
        return removed;
    }

    /** Every waiter leaves and ends with {@code outcome} (shutdown). */
    void cancelAll(Outcome outcome) {
        for (Waiter waiter : waiters) {
            waiter.tryCancel(outcome);
        }
        waiters.clear();
    }

    /** Waiters still undecided. */
    int live() {
        int live = 0;
        for (Waiter waiter : waiters) {
            live += waiter.isWaiting() ? 1 : 0;
        }
        return live;
    }

    /** The 1-based position among live waiters of {@code asking}'s earliest live waiter; 0 if none (or null). */
    int positionOf(EngineSession asking) {
        if (asking == null) {
            return 0;
        }
        int live = 0;
        for (Waiter waiter : waiters) {
            if (waiter.isWaiting()) {
                live++;
                if (waiter.session == asking) {
                    return live;
                }
            }
        }
        return 0;
    }

    /** A waiter granted but still queued (a broken promotion), or null. */
    String violation() {
        for (Waiter waiter : waiters) {
            if (waiter.decision() instanceof Grant) {
                return "a granted waiter is still queued";
            }
        }
        return null;
    }
}
