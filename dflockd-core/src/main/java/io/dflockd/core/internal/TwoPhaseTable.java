package io.dflockd.core.internal;

import io.dflockd.core.Grant;
import java.util.HashMap;

/**
 * The two-phase entries of one resource, keyed by session (SEMANTICS 5): a {@link Waiter} while QUEUED, the
 * {@link Grant} once GRANTED and not yet collected by a wait. Drainer only. The map is created on first use, so keys
 * that never see an enqueue pay nothing.
 */
final class TwoPhaseTable {
    private HashMap<EngineSession, Object> entries;

    /** Whether {@code session} has an entry (queued or granted). */
    boolean contains(EngineSession session) {
        return entries != null && entries.containsKey(session);
    }

    /** The entry of {@code session}: a {@link Waiter}, a {@link Grant}, or null. */
    Object get(EngineSession session) {
        return entries == null ? null : entries.get(session);
    }

    /** Removes and returns the entry of {@code session}, or null. */
    Object remove(EngineSession session) {
        return entries == null ? null : entries.remove(session);
    }

    /** {@code session}'s enqueue is QUEUED as {@code waiter}. */
    void queued(EngineSession session, Waiter waiter) {
        map().put(session, waiter);
    }

    /** {@code session}'s enqueue is GRANTED {@code grant} (uncollected). */
    void granted(EngineSession session, Grant grant) {
        map().put(session, grant);
    }

    /** The holder {@code grant} of {@code owner} is gone: its entry goes too, if it points at it. */
    void holderRemoved(EngineSession owner, Grant grant) {
        if (entries != null && entries.get(owner) == grant) {
            entries.remove(owner);
        }
    }

    /** Every QUEUED entry goes (shutdown ended the waiters); GRANTED ones stay with their holders. */
    void dropQueued() {
        if (entries != null) {
            entries.values().removeIf(entry -> entry instanceof Waiter);
        }
    }

    /** KeyState invariant 3: every entry points at a queued two-phase waiter or an uncollected holder; or null. */
    String violation(WaiterQueue waiters, HolderTable holders) {
        if (entries == null) {
            return null;
        }
        for (Object entry : entries.values()) {
            boolean ok;
            if (entry instanceof Waiter waiter) {
                ok = waiter.twoPhase && waiters.contains(waiter);
            } else {
                int i = holders.indexOf((Grant) entry);
                ok = i >= 0 && holders.isUncollected(i);
            }
            if (!ok) {
                return "invariant 3: a two-phase entry points at nothing";
            }
        }
        return null;
    }

    private HashMap<EngineSession, Object> map() {
        if (entries == null) {
            entries = new HashMap<>();
        }
        return entries;
    }
}
