package io.dflockd.client;

import io.dflockd.protocol.ServerStats;
import io.dflockd.protocol.StatsJson;
import io.dflockd.protocol.StatsResult;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * A server's {@code stats} snapshot (CLIENT.md §9), parsed with jackson-core's streaming parser by the shared
 * stats reader of {@code dflockd-protocol}. It never contains a token. Unknown fields are ignored; missing arrays
 * are empty lists.
 *
 * @param connections    open TCP connections plus live HTTP sessions
 * @param locks          limit-1 resources with a holder or waiters
 * @param semaphores     resources with limit &gt; 1 with holders or waiters
 * @param idleLocks      limit-1 resources with neither
 * @param idleSemaphores resources with limit &gt; 1 with neither
 */
public record Stats(
        int connections,
        List<LockInfo> locks,
        List<SemaphoreInfo> semaphores,
        List<IdleInfo> idleLocks,
        List<IdleInfo> idleSemaphores) {

    public Stats {
        locks = List.copyOf(locks);
        semaphores = List.copyOf(semaphores);
        idleLocks = List.copyOf(idleLocks);
        idleSemaphores = List.copyOf(idleSemaphores);
    }

    /**
     * A busy lock. With waiters only: owner 0 and 0 s.
     *
     * @param key             the key (UTF-8 decoded)
     * @param ownerConnId     the holder's connection or session id, 0 if none
     * @param leaseExpiresInS seconds until the holder's lease ends
     * @param waiters         queued waiters
     */
    public record LockInfo(String key, long ownerConnId, double leaseExpiresInS, int waiters) {
        public LockInfo {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * A busy semaphore.
     *
     * @param key     the key (UTF-8 decoded)
     * @param limit   its limit
     * @param holders current holders
     * @param waiters queued waiters
     */
    public record SemaphoreInfo(String key, int limit, int holders, int waiters) {
        public SemaphoreInfo {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * An idle resource.
     *
     * @param key   the key (UTF-8 decoded)
     * @param idleS seconds since its last activity
     */
    public record IdleInfo(String key, double idleS) {
        public IdleInfo {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The lock entry of {@code key}, if busy. */
    public Optional<LockInfo> lock(String key) {
        return locks.stream().filter(l -> l.key().equals(key)).findFirst();
    }

    /** The semaphore entry of {@code key}, if busy. */
    public Optional<SemaphoreInfo> semaphore(String key) {
        return semaphores.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * Parses the stats JSON text.
     *
     * @throws ProtocolException if it is not valid stats JSON
     */
    public static Stats parse(String json) {
        Objects.requireNonNull(json, "json");
        StatsResult result = StatsJson.read(json);
        if (result instanceof StatsResult.Parsed parsed) {
            return of(parsed.stats());
        }
        throw new ProtocolException("invalid stats JSON: " + ((StatsResult.Malformed) result).reason(), null);
    }

    private static Stats of(ServerStats stats) {
        return new Stats(
                (int) Math.min(Integer.MAX_VALUE, stats.connections()),
                stats.locks().stream().map(l -> new LockInfo(l.keyText(), l.ownerConnId(),
                        l.leaseExpiresInSeconds(), l.waiters())).toList(),
                stats.semaphores().stream().map(s -> new SemaphoreInfo(s.keyText(), s.limit(), s.holders(),
                        s.waiters())).toList(),
                stats.idleLocks().stream().map(i -> new IdleInfo(i.keyText(), i.idleSeconds())).toList(),
                stats.idleSemaphores().stream().map(i -> new IdleInfo(i.keyText(), i.idleSeconds())).toList());
    }
}
