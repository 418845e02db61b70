package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.Background.get;
import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Acquired;
import io.dflockd.core.Grant;
import io.dflockd.core.Queued;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.StatsSnapshot;
import io.dflockd.core.TimedOut;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** SEMANTICS 7: what a session leaves behind when it ends, with auto-release on and off (D-1, D-3). */
class SessionEndTest {
    private static final ResourceKey HELD = ResourceKey.of("held");
    private static final ResourceKey QUEUED_ACQUIRE = ResourceKey.of("queued-acquire");
    private static final ResourceKey QUEUED_ENQUEUE = ResourceKey.of("queued-enqueue");
    private static final ResourceKey PROMOTED = ResourceKey.of("promoted");
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration LONG = Duration.ofSeconds(600);

    @ParameterizedTest(name = "autoRelease={0}")
    @ValueSource(booleans = {true, false})
    void d1SessionEndRemovesWaitersAlwaysAndReleasesHoldingsOnlyWithAutoRelease(boolean autoRelease)
            throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.autoReleaseOnSessionEnd(autoRelease)
                .leaseSweepInterval(Duration.ofSeconds(1)))) {
            Session leaving = f.engine.openSession();
            Session other = f.engine.openSession();
            Session heir = f.engine.openSession();
            // (a) a held lock, with a waiter behind it
            granted(leaving.acquire(HELD, 1, Duration.ZERO, TTL));
            CompletableFuture<AcquireOutcome> heldNext = call(() -> heir.acquire(HELD, 1, LONG));
            awaitWaiters(f.engine, HELD, 1);
            // (b) a queued blocking acquire
            Grant blocker = granted(other.acquire(QUEUED_ACQUIRE, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> blocked = call(() -> leaving.acquire(QUEUED_ACQUIRE, 1, LONG));
            awaitWaiters(f.engine, QUEUED_ACQUIRE, 1);
            // (c) a queued enqueue
            Grant blocker2 = granted(other.acquire(QUEUED_ENQUEUE, 1, Duration.ZERO));
            assertThat(leaving.enqueue(QUEUED_ENQUEUE, 1)).isEqualTo(Queued.INSTANCE);
            // (d) a promoted, uncollected enqueue, with a waiter behind it
            Grant blocker3 = granted(other.acquire(PROMOTED, 1, Duration.ZERO));
            assertThat(leaving.enqueue(PROMOTED, 1, TTL)).isEqualTo(Queued.INSTANCE);
            other.release(PROMOTED, blocker3.token());
            assertThat(f.engine.view(PROMOTED).orElseThrow().holders()).hasSize(1);
            CompletableFuture<AcquireOutcome> promotedNext = call(() -> heir.acquire(PROMOTED, 1, LONG));
            awaitWaiters(f.engine, PROMOTED, 1);

            leaving.close();

            assertThat(get(blocked)).isEqualTo(SessionClosed.INSTANCE);
            assertThat(f.engine.view(QUEUED_ACQUIRE).orElseThrow().waiters()).isZero();
            assertThat(f.engine.view(QUEUED_ENQUEUE).orElseThrow().waiters()).isZero();
            assertThat(leaving.awaitGrant(QUEUED_ENQUEUE, Duration.ZERO)).isEqualTo(SessionClosed.INSTANCE);
            if (autoRelease) {
                granted(get(heldNext));
                granted(get(promotedNext));
            } else {
                assertThat(heldNext).isNotDone();
                assertThat(promotedNext).isNotDone();
                f.advanceSeconds(29);
                assertThat(heldNext).isNotDone();
                f.advanceSeconds(2); // lease end (30 s) plus at most one sweep interval
                granted(get(heldNext));
                granted(get(promotedNext));
            }
            other.release(QUEUED_ACQUIRE, blocker.token());
            other.release(QUEUED_ENQUEUE, blocker2.token());
            assertThat(f.engine.view(QUEUED_ACQUIRE).orElseThrow().holders()).isEmpty();
        }
    }

    @ParameterizedTest(name = "autoRelease={0}")
    @ValueSource(booleans = {true, false})
    void l8AHolderWhoseSessionClosesHandsOnAtOnceOrOnlyWhenItsLeaseEnds(boolean autoRelease) throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.autoReleaseOnSessionEnd(autoRelease))) {
            Session leaving = f.engine.openSession();
            Session next = f.engine.openSession();
            granted(leaving.acquire(HELD, 1, Duration.ZERO, Duration.ofSeconds(10)));
            CompletableFuture<AcquireOutcome> waiting = call(() -> next.acquire(HELD, 1, LONG));
            awaitWaiters(f.engine, HELD, 1);
            leaving.close();
            if (!autoRelease) {
                f.advanceSeconds(9);
                assertThat(waiting).isNotDone();
                f.advanceSeconds(2); // TTL plus at most one sweep interval
            }
            assertThat(get(waiting)).isInstanceOf(io.dflockd.core.Granted.class);
        }
    }

    @Test
    void d1WithAutoReleaseOffAHeldGrantCanStillBeReleasedWithItsToken() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.autoReleaseOnSessionEnd(false))) {
            Session leaving = f.engine.openSession();
            Session other = f.engine.openSession();
            Grant grant = granted(leaving.acquire(HELD, 1, Duration.ZERO));
            Grant enqueued = ((Acquired) leaving.enqueue(PROMOTED, 1)).grant();
            leaving.close();
            assertThat(f.engine.view(HELD).orElseThrow().holders()).hasSize(1);
            assertThat(other.release(HELD, grant.token())).isEqualTo(Released.INSTANCE);
            assertThat(other.release(PROMOTED, enqueued.token())).isEqualTo(Released.INSTANCE);
        }
    }

    @Test
    void d3ADepartedSessionIdNeverOwnsANewGrant() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session leaving = f.engine.openSession();
            Session holder = f.engine.openSession();
            Grant grant = granted(holder.acquire(HELD, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> blocked = call(() -> leaving.acquire(HELD, 1, LONG));
            awaitWaiters(f.engine, HELD, 1);
            leaving.close();
            assertThat(get(blocked)).isEqualTo(SessionClosed.INSTANCE);
            holder.release(HELD, grant.token());
            Session next = f.engine.openSession();
            granted(next.acquire(HELD, 1, Duration.ZERO));
            StatsSnapshot stats = f.engine.stats();
            assertThat(stats.locks()).singleElement().extracting(StatsSnapshot.LockEntry::ownerSessionId)
                    .isEqualTo(next.id()).isNotEqualTo(leaving.id());
        }
    }

    @Test
    void aClosedSessionAnswersSessionClosedAndCanStillReleaseAsABearer() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.autoReleaseOnSessionEnd(false))) {
            Session session = f.engine.openSession();
            Grant grant = granted(session.acquire(HELD, 1, Duration.ZERO));
            session.close();
            session.close();
            assertThat(session.isOpen()).isFalse();
            assertThat(session.acquire(HELD, 1, Duration.ZERO)).isEqualTo(SessionClosed.INSTANCE);
            assertThat(session.enqueue(HELD, 1)).isEqualTo(SessionClosed.INSTANCE);
            assertThat(session.awaitGrant(HELD, Duration.ZERO)).isEqualTo(SessionClosed.INSTANCE);
            assertThat(session.release(HELD, grant.token())).isEqualTo(Released.INSTANCE);
        }
    }

    @Test
    void sessionIdsComeFromOneSequencePerManagerStartingAtOne() {
        try (EngineFixture a = new EngineFixture(); EngineFixture b = new EngineFixture()) {
            assertThat(a.engine.openSession().id()).isEqualTo(1);
            assertThat(a.engine.openSession().id()).isEqualTo(2);
            assertThat(b.engine.openSession().id()).isEqualTo(1);
        }
    }

    @Test
    void aBlockedWaitEndsWithSessionClosedWhenItsSessionCloses() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session session = f.engine.openSession();
            granted(holder.acquire(HELD, 1, Duration.ZERO));
            assertThat(session.enqueue(HELD, 1)).isEqualTo(Queued.INSTANCE);
            long deadline = f.clock.nanoTime() + LONG.toNanos();
            CompletableFuture<WaitOutcome> waiting = call(() -> session.awaitGrant(HELD, LONG));
            TwoPhaseTest.awaitTimerAt(f, deadline);
            session.close();
            assertThat(get(waiting)).isEqualTo(SessionClosed.INSTANCE);
            assertThat(holder.acquire(ResourceKey.of("x"), 1, Duration.ZERO)).isNotEqualTo(TimedOut.INSTANCE);
        }
    }
}
