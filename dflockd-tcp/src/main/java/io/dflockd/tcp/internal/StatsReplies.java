package io.dflockd.tcp.internal;

import io.dflockd.core.LockManager;
import io.dflockd.core.StatsSnapshot;
import io.dflockd.protocol.ResponseEncoder;
import io.dflockd.protocol.ServerStats;
import io.dflockd.protocol.StatsJson;
import java.util.List;

/**
 * The {@code stats} reply: the engine's {@link StatsSnapshot} copied into the codec's {@link ServerStats} model and
 * written by the codec's one JSON writer, so TCP and HTTP send the same bytes (PROTOCOL.md §11). The snapshot is
 * already sorted by key bytes and holds no token. Any thread.
 */
final class StatsReplies {
    private final LockManager manager;

    StatsReplies(LockManager manager) {
        this.manager = manager;
    }

    /** {@code ok <json>\n} for the current snapshot. */
    byte[] encode() {
        return ResponseEncoder.stats(StatsJson.write(toWire(manager.stats())));
    }

    static ServerStats toWire(StatsSnapshot snapshot) {
        return new ServerStats(snapshot.openSessions(),
                snapshot.locks().stream().map(lock -> new ServerStats.LockEntry(lock.key().toBytes(),
                        lock.ownerSessionId(), lock.leaseRemaining().toNanos(), lock.waiters())).toList(),
                snapshot.semaphores().stream().map(semaphore -> new ServerStats.SemaphoreEntry(
                        semaphore.key().toBytes(), semaphore.limit(), semaphore.holders(), semaphore.waiters()))
                        .toList(),
                idle(snapshot.idleLocks()),
                idle(snapshot.idleSemaphores()));
    }

    private static List<ServerStats.IdleEntry> idle(List<StatsSnapshot.IdleEntry> entries) {
        return entries.stream().map(entry -> new ServerStats.IdleEntry(entry.key().toBytes(), entry.idle().toNanos()))
                .toList();
    }
}
