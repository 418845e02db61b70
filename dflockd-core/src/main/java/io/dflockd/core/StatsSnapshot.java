package io.dflockd.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A point-in-time summary of the engine, the model behind TCP {@code stats} and HTTP {@code /v1/stats}. It never
 * contains a token. Every list is sorted by key (unsigned byte order), and each key appears in exactly one list:
 * classification is by limit only (limit 1 = lock).
 *
 * @param openSessions    sessions open now (TCP connections plus HTTP sessions, in the server)
 * @param locks           limit-1 resources with a holder or waiters
 * @param semaphores      resources with limit &gt; 1 that have holders or waiters
 * @param idleLocks       limit-1 resources with neither, not yet collected
 * @param idleSemaphores  resources with limit &gt; 1 with neither, not yet collected
 */
public record StatsSnapshot(
        long openSessions,
        List<LockEntry> locks,
        List<SemaphoreEntry> semaphores,
        List<IdleEntry> idleLocks,
        List<IdleEntry> idleSemaphores) {

    public StatsSnapshot {
        locks = List.copyOf(locks);
        semaphores = List.copyOf(semaphores);
        idleLocks = List.copyOf(idleLocks);
        idleSemaphores = List.copyOf(idleSemaphores);
    }

    /**
     * A busy lock. With a holder: its owner session id and the time until its lease ends (never negative). With
     * waiters only: owner 0 and zero remaining.
     */
    public record LockEntry(ResourceKey key, long ownerSessionId, Duration leaseRemaining, int waiters) {
        public LockEntry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(leaseRemaining, "leaseRemaining");
        }
    }

    /** A busy semaphore. */
    public record SemaphoreEntry(ResourceKey key, int limit, int holders, int waiters) {
        public SemaphoreEntry {
            Objects.requireNonNull(key, "key");
        }
    }

    /** An idle resource and the time since its last activity. */
    public record IdleEntry(ResourceKey key, Duration idle) {
        public IdleEntry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(idle, "idle");
        }
    }
}
