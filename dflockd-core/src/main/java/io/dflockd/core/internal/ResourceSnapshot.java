package io.dflockd.core.internal;

import io.dflockd.core.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One resource as its drainer saw it at one instant: the material of stats and views. Holds no token.
 *
 * @param holders  valid grants, ascending (unsigned) fence
 * @param waiters  live queued waiters
 * @param position the asking session's 1-based position of its earliest live waiter
 * @param idleNanos time since the last activity
 */
record ResourceSnapshot(ResourceKey key, int limit, List<Holder> holders, int waiters, OptionalInt position,
        long idleNanos) {

    /**
     * Drainer only. The snapshot of a resource's {@code holders} and {@code waiters} at {@code now}, as
     * {@code asking} (or nobody: null) sees it; holders whose lease has ended are left out.
     */
    static ResourceSnapshot of(ResourceKey key, int limit, HolderTable holders, WaiterQueue waiters,
            EngineSession asking, long now, long lastActivity) {
        List<Holder> held = new ArrayList<>(holders.size());
        for (int i = 0; i < holders.size(); i++) {
            long end = holders.leaseEnd(i);
            if (end != Waiter.REVOKED && end != Waiter.RELEASED && !Deadlines.reached(now, end)) {
                held.add(new Holder(holders.grant(i).fence(), end - now, holders.owner(i).id()));
            }
        }
        held.sort((a, b) -> Long.compareUnsigned(a.fence(), b.fence()));
        int position = waiters.positionOf(asking);
        return new ResourceSnapshot(key, limit, held, waiters.live(),
                position == 0 ? OptionalInt.empty() : OptionalInt.of(position), now - lastActivity);
    }

    /** One valid grant: its fence, the nanoseconds left on its lease (&gt; 0) and its owner's session id. */
    record Holder(long fence, long remainingNanos, long ownerSessionId) {
    }
}
