package io.dflockd.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A read-only view of one resource. Never contains a token or a session id; reading it refreshes nothing.
 *
 * @param key           the resource
 * @param limit         1 for a lock, N for a semaphore
 * @param holders       one entry per current grant, in ascending fence order
 * @param waiters       queued waiters
 * @param queuePosition the asking session's 1-based position (its earliest queued waiter for the key); empty when it
 *                      has none, or when the view was not asked for by a session
 */
public record ResourceView(ResourceKey key, int limit, List<HolderView> holders, int waiters,
        OptionalInt queuePosition) {

    public ResourceView {
        Objects.requireNonNull(key, "key");
        holders = List.copyOf(holders);
        Objects.requireNonNull(queuePosition, "queuePosition");
    }

    /** One grant: its fence and the time until its lease ends (never negative). */
    public record HolderView(long fence, Duration leaseRemaining) {
        public HolderView {
            Objects.requireNonNull(leaseRemaining, "leaseRemaining");
        }
    }
}
