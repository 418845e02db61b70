package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The model of the stats JSON (PROTOCOL.md §11), written by {@link StatsJson#write} and read by
 * {@link StatsJson#read}. It has no token field by construction. Lists are kept in the order given: the writer
 * does not sort (the engine's snapshot is already sorted by key bytes).
 *
 * <p>Keys are raw bytes (copied in and out): the writer renders them as JSON strings from the bytes; the reader
 * gives back the UTF-8 bytes of the JSON string. Durations are whole nanoseconds, never negative.
 *
 * @param connections    open TCP connections plus live HTTP sessions
 * @param locks          limit-1 resources with a holder or waiters
 * @param semaphores     resources with limit &gt; 1 with holders or waiters
 * @param idleLocks      limit-1 resources with neither
 * @param idleSemaphores resources with limit &gt; 1 with neither
 */
public record ServerStats(
        long connections,
        List<LockEntry> locks,
        List<SemaphoreEntry> semaphores,
        List<IdleEntry> idleLocks,
        List<IdleEntry> idleSemaphores) {

    public ServerStats {
        locks = List.copyOf(locks);
        semaphores = List.copyOf(semaphores);
        idleLocks = List.copyOf(idleLocks);
        idleSemaphores = List.copyOf(idleSemaphores);
    }

    /**
     * A busy lock: {@code {"key","owner_conn_id","lease_expires_in_s","waiters"}}. Waiters only: owner 0 and 0 s.
     *
     * @param key                   the key's bytes (non-empty)
     * @param ownerConnId           the holder's connection or session id, 0 if none
     * @param leaseExpiresInNanos   time until the holder's lease ends, ≥ 0
     * @param waiters               queued waiters, ≥ 0
     */
    public record LockEntry(byte[] key, long ownerConnId, long leaseExpiresInNanos, int waiters) {
        public LockEntry {
            key = copyKey(key);
            requireNonNegative(leaseExpiresInNanos, "leaseExpiresInNanos");
            requireNonNegative(waiters, "waiters");
        }

        /** A copy of the key's bytes. */
        @Override
        public byte[] key() {
            return key.clone();
        }

        /** The key decoded as UTF-8, for display. */
        public String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }

        /** {@link #leaseExpiresInNanos} in seconds, as the JSON shows it (with nanosecond resolution here). */
        public double leaseExpiresInSeconds() {
            return leaseExpiresInNanos / 1e9;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LockEntry other && Arrays.equals(key, other.key) && ownerConnId == other.ownerConnId
                    && leaseExpiresInNanos == other.leaseExpiresInNanos && waiters == other.waiters;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(key), ownerConnId, leaseExpiresInNanos, waiters);
        }

        @Override
        public String toString() {
            return "LockEntry[key=" + Printable.of(key, 0, key.length) + ", ownerConnId=" + ownerConnId
                    + ", leaseExpiresInNanos=" + leaseExpiresInNanos + ", waiters=" + waiters + "]";
        }
    }

    /**
     * A busy semaphore: {@code {"key","limit","holders","waiters"}}.
     *
     * @param key     the key's bytes (non-empty)
     * @param limit   the key's limit
     * @param holders current holders, ≥ 0
     * @param waiters queued waiters, ≥ 0
     */
    public record SemaphoreEntry(byte[] key, int limit, int holders, int waiters) {
        public SemaphoreEntry {
            key = copyKey(key);
            requireNonNegative(holders, "holders");
            requireNonNegative(waiters, "waiters");
        }

        /** A copy of the key's bytes. */
        @Override
        public byte[] key() {
            return key.clone();
        }

        /** The key decoded as UTF-8, for display. */
        public String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SemaphoreEntry other && Arrays.equals(key, other.key) && limit == other.limit
                    && holders == other.holders && waiters == other.waiters;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(key), limit, holders, waiters);
        }

        @Override
        public String toString() {
            return "SemaphoreEntry[key=" + Printable.of(key, 0, key.length) + ", limit=" + limit + ", holders="
                    + holders + ", waiters=" + waiters + "]";
        }
    }

    /**
     * An idle resource: {@code {"key","idle_s"}}.
     *
     * @param key       the key's bytes (non-empty)
     * @param idleNanos time since the key's last activity, ≥ 0
     */
    public record IdleEntry(byte[] key, long idleNanos) {
        public IdleEntry {
            key = copyKey(key);
            requireNonNegative(idleNanos, "idleNanos");
        }

        /** A copy of the key's bytes. */
        @Override
        public byte[] key() {
            return key.clone();
        }

        /** The key decoded as UTF-8, for display. */
        public String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }

        /** {@link #idleNanos} in seconds. */
        public double idleSeconds() {
            return idleNanos / 1e9;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdleEntry other && Arrays.equals(key, other.key) && idleNanos == other.idleNanos;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Long.hashCode(idleNanos);
        }

        @Override
        public String toString() {
            return "IdleEntry[key=" + Printable.of(key, 0, key.length) + ", idleNanos=" + idleNanos + "]";
        }
    }

    private static byte[] copyKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        return key.clone();
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
