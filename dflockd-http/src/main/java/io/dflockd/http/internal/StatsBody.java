package io.dflockd.http.internal;

import io.dflockd.core.StatsSnapshot;
import io.dflockd.protocol.ServerStats;
import io.dflockd.protocol.StatsJson;
import java.util.List;

/**
 * {@code GET /v1/stats}: the engine's snapshot in the protocol module's stats model, written by the one stats JSON
 * writer ({@link StatsJson}) that TCP uses too, so both doors serve the same bytes (PROTOCOL.md §11).
 */
public final class StatsBody {
    private StatsBody() {
    }

    /** The response body: the stats JSON followed by {@code \n}. */
    public static byte[] of(StatsSnapshot snapshot) {
        byte[] json = StatsJson.write(toModel(snapshot));
        byte[] body = new byte[json.length + 1];
        System.arraycopy(json, 0, body, 0, json.length);
        body[json.length] = '\n';
        return body;
    }

    /** The engine's snapshot in the protocol module's stats model (the TCP adapter builds the same model). */
    public static ServerStats toModel(StatsSnapshot snapshot) {
        List<ServerStats.LockEntry> locks = snapshot.locks().stream()
                .map(e -> new ServerStats.LockEntry(e.key().toBytes(), e.ownerSessionId(),
                        Math.max(0, e.leaseRemaining().toNanos()), e.waiters()))
                .toList();
        List<ServerStats.SemaphoreEntry> semaphores = snapshot.semaphores().stream()
                .map(e -> new ServerStats.SemaphoreEntry(e.key().toBytes(), e.limit(), e.holders(), e.waiters()))
                .toList();
        return new ServerStats(snapshot.openSessions(), locks, semaphores, idle(snapshot.idleLocks()),
                idle(snapshot.idleSemaphores()));
    }

    private static List<ServerStats.IdleEntry> idle(List<StatsSnapshot.IdleEntry> entries) {
        return entries.stream()
                .map(e -> new ServerStats.IdleEntry(e.key().toBytes(), Math.max(0, e.idle().toNanos())))
                .toList();
    }
}
