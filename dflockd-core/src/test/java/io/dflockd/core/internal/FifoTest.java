package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.Background.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.TimedOut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SEMANTICS 2 and 1.1: strict FIFO for locks and semaphores, no barging, one namespace (F-*, N-*). */
class FifoTest {
    private static final ResourceKey KEY = ResourceKey.of("fifo");
    private static final Duration LONG = Duration.ofSeconds(60);

    static Grant granted(AcquireOutcome outcome) {
        assertThat(outcome).isInstanceOf(Granted.class);
        return ((Granted) outcome).grant();
    }

    @Test
    void f1LockGrantsFollowArrivalOrderAcrossFiveWaiters() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Grant first = granted(holder.acquire(KEY, 1, Duration.ZERO));
            List<Session> sessions = new ArrayList<>();
            List<CompletableFuture<AcquireOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Session s = f.engine.openSession();
                sessions.add(s);
                calls.add(call(() -> s.acquire(KEY, 1, LONG)));
                awaitWaiters(f.engine, KEY, i + 1);
            }
            Grant previous = first;
            Session releaser = holder;
            for (int i = 0; i < 5; i++) {
                assertThat(releaser.release(KEY, previous.token())).isEqualTo(Released.INSTANCE);
                Grant next = granted(get(calls.get(i)));
                for (int j = i + 1; j < 5; j++) {
                    assertThat(calls.get(j)).isNotDone();
                }
                assertThat(Long.compareUnsigned(next.fence(), previous.fence())).isPositive();
                previous = next;
                releaser = sessions.get(i);
            }
        }
    }

    @Test
    void f1SemaphoreGrantsFollowArrivalOrder() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Grant a = granted(holder.acquire(KEY, 2, Duration.ZERO));
            Grant b = granted(holder.acquire(KEY, 2, Duration.ZERO));
            List<CompletableFuture<AcquireOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Session s = f.engine.openSession();
                calls.add(call(() -> s.acquire(KEY, 2, LONG)));
                awaitWaiters(f.engine, KEY, i + 1);
            }
            holder.release(KEY, a.token());
            Grant c = granted(get(calls.get(0)));
            assertThat(calls.get(1)).isNotDone();
            holder.release(KEY, b.token());
            holder.release(KEY, c.token());
            granted(get(calls.get(1)));
            granted(get(calls.get(2)));
            assertThat(calls.subList(3, 5)).noneMatch(CompletableFuture::isDone);
        }
    }

    @Test
    void f2TryLockNeverJumpsAQueuedWaiterEvenRightAfterRelease() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session queued = f.engine.openSession();
            Session tryer = f.engine.openSession();
            Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> waiting = call(() -> queued.acquire(KEY, 1, LONG));
            awaitWaiters(f.engine, KEY, 1);
            assertThat(tryer.acquire(KEY, 1, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);
            holder.release(KEY, held.token());
            assertThat(tryer.acquire(KEY, 1, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);
            granted(get(waiting));
            assertThat(f.engine.view(KEY).orElseThrow().waiters()).isZero();
        }
    }

    @Test
    void f3LocksAreNotReentrant() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            granted(session.acquire(KEY, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> again = call(() -> session.acquire(KEY, 1, Duration.ofSeconds(2)));
            awaitWaiters(f.engine, KEY, 1);
            f.advanceSeconds(2);
            assertThat(get(again)).isEqualTo(TimedOut.INSTANCE);
        }
    }

    @Test
    void f4SemaphoreHoldersGetDistinctTokensAndIncreasingFencesAndTheNextOneWaits() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Set<String> tokens = new HashSet<>();
            long lastFence = 0;
            List<Grant> grants = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Grant g = granted(f.engine.openSession().acquire(KEY, 4, Duration.ZERO));
                assertThat(tokens.add(g.token().hex())).isTrue();
                assertThat(Long.compareUnsigned(g.fence(), lastFence)).isPositive();
                lastFence = g.fence();
                grants.add(g);
            }
            Session fifth = f.engine.openSession();
            CompletableFuture<AcquireOutcome> waiting = call(() -> fifth.acquire(KEY, 4, LONG));
            awaitWaiters(f.engine, KEY, 1);
            assertThat(waiting).isNotDone();
            fifth.release(KEY, grants.get(2).token());
            assertThat(granted(get(waiting)).fence()).isGreaterThan(lastFence);
        }
    }

    @Test
    void f5OneSessionMayHoldSeveralSlotsOfOneSemaphore() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            Grant a = granted(session.acquire(KEY, 3, Duration.ZERO));
            Grant b = granted(session.acquire(KEY, 3, Duration.ZERO));
            assertThat(a.token()).isNotEqualTo(b.token());
            assertThat(f.engine.view(KEY).orElseThrow().holders()).hasSize(2);
        }
    }

    @Test
    void n1ALimitOtherThanTheResourcesIsLimitMismatchForAcquireAndEnqueue() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            granted(session.acquire(KEY, 1, Duration.ZERO));
            assertThat(session.acquire(KEY, 5, Duration.ZERO)).isEqualTo(new Rejected(RejectReason.LIMIT_MISMATCH));
            assertThat(session.enqueue(KEY, 5)).isEqualTo(new Rejected(RejectReason.LIMIT_MISMATCH));
            ResourceKey sem = ResourceKey.of("sem");
            granted(session.acquire(sem, 5, Duration.ZERO));
            assertThat(session.acquire(sem, 1, Duration.ZERO)).isEqualTo(new Rejected(RejectReason.LIMIT_MISMATCH));
            assertThat(session.enqueue(sem, 1)).isEqualTo(new Rejected(RejectReason.LIMIT_MISMATCH));
        }
    }

    @Test
    void n2ASemaphoreRequestWithLimitOneIsTheLockAndQueuesInItsFifo() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session lockUser = f.engine.openSession();
            Session semUser = f.engine.openSession();
            Grant held = granted(lockUser.acquire(KEY, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> sem = call(() -> semUser.acquire(KEY, 1, LONG));
            awaitWaiters(f.engine, KEY, 1);
            assertThat(lockUser.release(KEY, held.token())).isEqualTo(Released.INSTANCE);
            Grant viaSemaphore = granted(get(sem));
            assertThat(lockUser.renew(KEY, viaSemaphore.token())).isNotInstanceOf(Rejected.class);
        }
    }

    @Test
    void n3TheLimitStaysWhileIdleAndIsForgottenAfterCollection() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.gcMaxIdle(Duration.ofSeconds(10)))) {
            Session session = f.engine.openSession();
            session.release(KEY, granted(session.acquire(KEY, 1, Duration.ZERO)).token());
            assertThat(session.acquire(KEY, 3, Duration.ZERO)).isEqualTo(new Rejected(RejectReason.LIMIT_MISMATCH));
            f.advanceSeconds(15); // two GC passes (every 5 s) after 10 s idle
            assertThat(f.engine.view(KEY)).isEmpty();
            granted(session.acquire(KEY, 3, Duration.ZERO));
        }
    }
}
