package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.Grant;
import io.dflockd.core.Queued;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.StatsSnapshot;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Stats and views (S-2..S-5, N-4, SEMANTICS 12 a). */
class StatsTest {
    private static final Duration LONG = Duration.ofSeconds(600);

    @Test
    void s2AndN4ClassificationIsByLimitWhicheverCommandCreatedTheKey() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session s = f.engine.openSession();
            granted(s.acquire(ResourceKey.of("sem-one"), 1, Duration.ZERO));   // a "semaphore" request with limit 1
            granted(s.acquire(ResourceKey.of("lock"), 1, Duration.ZERO));
            granted(s.acquire(ResourceKey.of("sem"), 3, Duration.ZERO));
            StatsSnapshot stats = f.engine.stats();
            assertThat(stats.locks()).extracting(e -> e.key().asString()).containsExactly("lock", "sem-one");
            assertThat(stats.semaphores()).extracting(e -> e.key().asString()).containsExactly("sem");
            assertThat(stats.semaphores().get(0).limit()).isEqualTo(3);
            assertThat(stats.semaphores().get(0).holders()).isEqualTo(1);
        }
    }

    @Test
    void s3ALockWithWaitersButNoHolderShowsOwnerZeroAndNoLease() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(1000)))) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            ResourceKey key = ResourceKey.of("k");
            granted(holder.acquire(key, 1, Duration.ZERO, Duration.ofSeconds(5)));
            assertThat(waiter.enqueue(key, 1)).isEqualTo(Queued.INSTANCE);
            f.fences.exhaust();
            f.advanceSeconds(5);
            holder.renew(key, new io.dflockd.core.Token(1, 1)); // upkeep: the lease ended, the head is stuck
            StatsSnapshot.LockEntry entry = f.engine.stats().locks().get(0);
            assertThat(entry.ownerSessionId()).isZero();
            assertThat(entry.leaseRemaining()).isEqualTo(Duration.ZERO);
            assertThat(entry.waiters()).isEqualTo(1);
            f.fences.reserve();
        }
    }

    @Test
    void s4EveryListIsPresentAndEmptyWhenNothingExists() {
        try (EngineFixture f = new EngineFixture()) {
            StatsSnapshot stats = f.engine.stats();
            assertThat(stats.locks()).isNotNull().isEmpty();
            assertThat(stats.semaphores()).isNotNull().isEmpty();
            assertThat(stats.idleLocks()).isNotNull().isEmpty();
            assertThat(stats.idleSemaphores()).isNotNull().isEmpty();
        }
    }

    @Test
    void s5EntriesAreSortedByKeyAndShowNoTokenOrSessionSecrets() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session s = f.engine.openSession();
            Grant b = granted(s.acquire(ResourceKey.of("b"), 1, Duration.ZERO));
            granted(s.acquire(ResourceKey.of("a"), 1, Duration.ZERO));
            s.release(ResourceKey.of("d"), granted(s.acquire(ResourceKey.of("d"), 1, Duration.ZERO)).token());
            s.release(ResourceKey.of("c"), granted(s.acquire(ResourceKey.of("c"), 1, Duration.ZERO)).token());
            f.advanceSeconds(3);
            StatsSnapshot stats = f.engine.stats();
            assertThat(stats.openSessions()).isEqualTo(1);
            assertThat(stats.locks()).extracting(e -> e.key().asString()).containsExactly("a", "b");
            assertThat(stats.idleLocks()).extracting(e -> e.key().asString()).containsExactly("c", "d");
            assertThat(stats.idleLocks().get(0).idle()).isEqualTo(Duration.ofSeconds(3));
            assertThat(stats.toString()).doesNotContain(b.token().hex().substring(16));
        }
    }

    @Test
    void aViewShowsLimitHoldersInFenceOrderWaitersAndTheSessionsPosition() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            ResourceKey key = ResourceKey.of("view");
            Session holder = f.engine.openSession();
            Session first = f.engine.openSession();
            Session second = f.engine.openSession();
            Grant g1 = granted(holder.acquire(key, 2, Duration.ZERO, Duration.ofSeconds(10)));
            Grant g2 = granted(holder.acquire(key, 2, Duration.ZERO, Duration.ofSeconds(20)));
            assertThat(first.enqueue(key, 2)).isEqualTo(Queued.INSTANCE);
            var blocked = call(() -> second.acquire(key, 2, LONG));
            awaitWaiters(f.engine, key, 2);
            assertThat(second.enqueue(key, 2)).isEqualTo(Queued.INSTANCE);
            ResourceView view = second.view(key).orElseThrow();
            assertThat(view.limit()).isEqualTo(2);
            assertThat(view.holders()).extracting(ResourceView.HolderView::fence).containsExactly(g1.fence(), g2.fence());
            assertThat(view.holders().get(1).leaseRemaining()).isEqualTo(Duration.ofSeconds(20));
            assertThat(view.waiters()).isEqualTo(3);
            assertThat(view.queuePosition()).isEqualTo(OptionalInt.of(2));
            assertThat(first.view(key).orElseThrow().queuePosition()).isEqualTo(OptionalInt.of(1));
            assertThat(holder.view(key).orElseThrow().queuePosition()).isEmpty();
            assertThat(f.engine.view(key).orElseThrow().queuePosition()).isEmpty();
            assertThat(f.engine.view(ResourceKey.of("absent"))).isEmpty();
            second.close();
            assertThat(blocked.get()).isEqualTo(io.dflockd.core.SessionClosed.INSTANCE);
        }
    }
}
