package io.dflockd.core.internal;

import io.dflockd.core.ResourceKey;
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

    /** One valid grant: its fence, the nanoseconds left on its lease (&gt; 0) and its owner's session id. */
    record Holder(long fence, long remainingNanos, long ownerSessionId) {
    }
}
