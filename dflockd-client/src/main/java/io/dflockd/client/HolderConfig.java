package io.dflockd.client;

import io.dflockd.protocol.LeaseTtl;
import io.dflockd.protocol.WireKey;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The validated settings of one {@link DistributedLock} or {@link DistributedSemaphore} (CLIENT.md §4.1).
 *
 * @param key                   the key as given
 * @param wireKey               the key as sent
 * @param semaphore             whether the semaphore spellings ({@code sl}, {@code sr}, ...) are used
 * @param limit                 1 for a lock
 * @param acquireTimeoutSeconds the acquire timeout, whole seconds, already defaulted (never 0)
 * @param leaseTtl              the lease asked for in acquire, enqueue and renew
 * @param servers               the server list, in order
 * @param shardFunction         picks the server of the key
 * @param renewRatio            0 &lt; r &lt; 1
 * @param renewJitter           0 &le; j &lt; 1
 * @param connectOptions        TLS, auth and connect timeout of every connection
 * @param onLeaseLost           the lease-loss callback (a no-op when none was set)
 */
record HolderConfig(
        String key,
        WireKey wireKey,
        boolean semaphore,
        int limit,
        long acquireTimeoutSeconds,
        LeaseTtl leaseTtl,
        List<HostPort> servers,
        ShardFunction shardFunction,
        double renewRatio,
        double renewJitter,
        ConnectOptions connectOptions,
        Consumer<LeaseLostEvent> onLeaseLost) {

    HolderConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(wireKey, "wireKey");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        servers = List.copyOf(servers);
        Objects.requireNonNull(shardFunction, "shardFunction");
        Objects.requireNonNull(connectOptions, "connectOptions");
        Objects.requireNonNull(onLeaseLost, "onLeaseLost");
    }

    /**
     * The server of this key.
     *
     * @throws IllegalStateException if the shard function answers outside {@code [0, servers.size())}
     */
    HostPort server() {
        int index = shardFunction.shard(key, servers.size());
        if (index < 0 || index >= servers.size()) {
            throw new IllegalStateException("shardFunction returned " + index + " for " + servers.size() + " servers");
        }
        return servers.get(index);
    }
}
