package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Queued;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SEMANTICS 6 and 8: maxLocks, maxWaiters, idle collection (G-*). */
class CapsAndGcTest {
    private static final Rejected MAX_LOCKS = new Rejected(RejectReason.MAX_LOCKS);
    private static final Rejected MAX_WAITERS = new Rejected(RejectReason.MAX_WAITERS);
    private static final Duration LONG = Duration.ofSeconds(600);

    private static ResourceKey key(int i) {
        return ResourceKey.of("k" + i);
    }

    @Test
    void g1MaxLocksCountsHeldWaiterOnlyAndIdleKeysAndFreesOnCollection() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.maxLocks(3).gcMaxIdle(Duration.ofSeconds(10)))) {
            Session s = f.engine.openSession();
            Session other = f.engine.openSession();
            Grant held = granted(s.acquire(key(0), 1, Duration.ZERO));                   // held
            s.release(key(1), granted(s.acquire(key(1), 1, Duration.ZERO)).token());    // idle
            granted(other.acquire(key(2), 2, Duration.ZERO));
            granted(other.acquire(key(2), 2, Duration.ZERO));
            assertThat(s.enqueue(key(2), 2)).isEqualTo(Queued.INSTANCE);                // a waiter
            assertThat(s.acquire(key(3), 1, Duration.ZERO)).isEqualTo(MAX_LOCKS);
            assertThat(s.enqueue(key(3), 1)).isEqualTo(MAX_LOCKS);
            assertThat(f.engine.view(key(3))).isEmpty();
            assertThat(s.release(key(0), held.token())).isNotEqualTo(MAX_LOCKS);       // existing keys keep working
            granted(s.acquire(key(0), 1, Duration.ZERO));
            f.advanceSeconds(15);                                                        // key 1 collected
            assertThat(f.engine.view(key(1))).isEmpty();
            granted(s.acquire(key(3), 1, Duration.ZERO));
            assertThat(s.acquire(key(4), 1, Duration.ZERO)).isEqualTo(MAX_LOCKS);
        }
    }

    @Test
    void g2MaxWaitersRefusesTheNextWaiterOnAcquireEnqueueAndATryLockThatWouldQueue() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.maxWaiters(2))) {
            Session s = f.engine.openSession();
            granted(s.acquire(key(0), 1, Duration.ZERO));
            assertThat(f.engine.openSession().enqueue(key(0), 1)).isEqualTo(Queued.INSTANCE);
            Session blocked = f.engine.openSession();
            CompletableFuture<AcquireOutcome> waiting = call(() -> blocked.acquire(key(0), 1, LONG));
            awaitWaiters(f.engine, key(0), 2);
            Session third = f.engine.openSession();
            assertThat(third.acquire(key(0), 1, LONG)).isEqualTo(MAX_WAITERS);
            assertThat(third.enqueue(key(0), 1)).isEqualTo(MAX_WAITERS);
            assertThat(third.acquire(key(0), 1, Duration.ZERO)).isEqualTo(MAX_WAITERS);
            assertThat(waiting).isNotDone();
        }
    }

    @Test
    void g3CollectionRemovesOnlyKeysIdleLongerThanMaxIdleAndNeverBusyOnes() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.gcMaxIdle(Duration.ofSeconds(60)))) {
            Session s = f.engine.openSession();
            s.release(key(0), granted(s.acquire(key(0), 1, Duration.ZERO, Duration.ofSeconds(1000))).token());
            granted(s.acquire(key(1), 1, Duration.ZERO, Duration.ofSeconds(1000)));               // held
            granted(s.acquire(key(2), 1, Duration.ZERO, Duration.ofSeconds(1000)));
            assertThat(f.engine.openSession().enqueue(key(2), 1)).isEqualTo(Queued.INSTANCE);     // waiter too
            f.advanceSeconds(55);
            assertThat(f.engine.view(key(0))).isPresent();
            f.advanceSeconds(10);
            assertThat(f.engine.view(key(0))).isEmpty();
            f.advanceSeconds(300);
            assertThat(f.engine.view(key(1))).isPresent();
            assertThat(f.engine.view(key(2))).isPresent();
            assertThat(f.engine.resourceCount()).isEqualTo(2);
        }
    }

    @Test
    void g4BogusReleaseAndRenewDoNotDelayCollection() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.gcMaxIdle(Duration.ofSeconds(10)))) {
            Session s = f.engine.openSession();
            Token token = granted(s.acquire(key(0), 1, Duration.ZERO)).token();
            s.release(key(0), token);
            for (int i = 0; i < 3; i++) {
                f.advanceSeconds(4);
                s.release(key(0), token);
                s.renew(key(0), new Token(5, 5));
            }
            assertThat(f.engine.view(key(0))).isEmpty(); // collected at the 15 s pass, 12+ s after the release
        }
    }

    @Test
    void g5MaxIdleZeroCollectsAtTheNextPass() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.gcMaxIdle(Duration.ZERO))) {
            Session s = f.engine.openSession();
            s.release(key(0), granted(s.acquire(key(0), 1, Duration.ZERO)).token());
            assertThat(f.engine.view(key(0))).isPresent();
            f.advanceSeconds(5);
            assertThat(f.engine.view(key(0))).isEmpty();
            assertThat(f.engine.resourceCount()).isZero();
        }
    }

    @Test
    void g6StatsAndViewsDoNotDelayCollection() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.gcMaxIdle(Duration.ofSeconds(10)))) {
            Session s = f.engine.openSession();
            s.release(key(0), granted(s.acquire(key(0), 1, Duration.ZERO)).token());
            for (int i = 0; i < 3; i++) {
                f.advanceSeconds(4);
                f.engine.stats();
                f.engine.view(key(0));
                s.view(key(0));
            }
            assertThat(f.engine.view(key(0))).isEmpty();
        }
    }

    @Test
    @Timeout(10)
    void g7ConcurrentCreationOfDistinctKeysNeverExceedsMaxLocks() throws Exception {
        int maxLocks = 50;
        int threads = 8;
        try (EngineFixture f = new EngineFixture(b -> b.maxLocks(maxLocks))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 20; round++) {
                    CountDownLatch start = new CountDownLatch(1);
                    AtomicInteger granted = new AtomicInteger();
                    List<Future<?>> futures = new ArrayList<>();
                    int base = round * 1000;
                    for (int t = 0; t < threads; t++) {
                        int first = base + t * 20;
                        futures.add(pool.submit(() -> {
                            Session s = f.engine.openSession();
                            start.await();
                            for (int i = 0; i < 20; i++) {
                                AcquireOutcome o = s.acquire(key(first + i), 1, Duration.ZERO);
                                if (o instanceof io.dflockd.core.Granted) {
                                    granted.incrementAndGet();
                                } else {
                                    assertThat(o).isEqualTo(MAX_LOCKS);
                                }
                            }
                            s.close();
                            return null;
                        }));
                    }
                    start.countDown();
                    for (Future<?> future : futures) {
                        future.get(5, TimeUnit.SECONDS);
                    }
                    assertThat(granted.get()).isEqualTo(maxLocks);
                    assertThat(f.engine.resourceCount()).isEqualTo(maxLocks);
                    f.advanceSeconds(65); // collect everything for the next round
                    assertThat(f.engine.resourceCount()).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aCommandRacingTheCollectionActsOnAFreshResource() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.gcMaxIdle(Duration.ZERO))) {
            Session s = f.engine.openSession();
            s.release(key(0), granted(s.acquire(key(0), 1, Duration.ZERO)).token());
            Resource stale = f.engine.liveResource(key(0));
            f.advanceSeconds(5);
            assertThat(stale.isRetired()).isTrue();
            Waiter waiter = new Waiter((EngineSession) s, Duration.ofSeconds(5), 5_000_000_000L, true, 3,
                    Thread.currentThread());
            stale.submit(waiter); // an acquire that looked the key up just before it was collected
            assertThat(waiter.decision()).isInstanceOf(Grant.class);
            Resource fresh = f.engine.liveResource(key(0));
            assertThat(fresh).isNotSameAs(stale);
            assertThat(fresh.limit).isEqualTo(3);
            Commands.Release release = new Commands.Release(((Grant) waiter.decision()).token());
            stale.submit(release);
            assertThat(release.await()).isEqualTo(io.dflockd.core.Released.INSTANCE);
        }
    }
}
