package io.dflockd.core.internal;

import io.dflockd.core.ResourceView;
import io.dflockd.core.StatsSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns drainer snapshots into the public stats and view records. No tokens, no side effects. */
final class Views {
    private Views() {
    }

    static ResourceView view(ResourceSnapshot snapshot) {
        List<ResourceView.HolderView> holders = new ArrayList<>(snapshot.holders().size());
        for (ResourceSnapshot.Holder holder : snapshot.holders()) {
            holders.add(new ResourceView.HolderView(holder.fence(), Duration.ofNanos(holder.remainingNanos())));
        }
        return new ResourceView(snapshot.key(), snapshot.limit(), holders, snapshot.waiters(), snapshot.position());
    }

    /** Classification by limit only (SEMANTICS 1.1): limit 1 is a lock. Every list sorted by key. */
    static StatsSnapshot stats(long openSessions, List<ResourceSnapshot> snapshots) {
        snapshots.sort(Comparator.comparing(ResourceSnapshot::key));
        List<StatsSnapshot.LockEntry> locks = new ArrayList<>();
        List<StatsSnapshot.SemaphoreEntry> semaphores = new ArrayList<>();
        List<StatsSnapshot.IdleEntry> idleLocks = new ArrayList<>();
        List<StatsSnapshot.IdleEntry> idleSemaphores = new ArrayList<>();
        for (ResourceSnapshot s : snapshots) {
            boolean busy = !s.holders().isEmpty() || s.waiters() > 0;
            if (!busy) {
                StatsSnapshot.IdleEntry idle = new StatsSnapshot.IdleEntry(s.key(), Duration.ofNanos(s.idleNanos()));
                (s.limit() == 1 ? idleLocks : idleSemaphores).add(idle);
            } else if (s.limit() == 1) {
                ResourceSnapshot.Holder holder = s.holders().isEmpty() ? null : s.holders().get(0);
                locks.add(new StatsSnapshot.LockEntry(s.key(), holder == null ? 0 : holder.ownerSessionId(),
                        Duration.ofNanos(holder == null ? 0 : holder.remainingNanos()), s.waiters()));
            } else {
                semaphores.add(new StatsSnapshot.SemaphoreEntry(s.key(), s.limit(), s.holders().size(), s.waiters()));
            }
        }
        return new StatsSnapshot(openSessions, locks, semaphores, idleLocks, idleSemaphores);
    }
}
