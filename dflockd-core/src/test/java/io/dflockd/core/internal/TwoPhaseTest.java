package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.Background.get;
import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.Acquired;
import io.dflockd.core.EnqueueOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.Queued;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SEMANTICS 5: every transition of the two-phase enqueue / wait state machine (T-*). */
class TwoPhaseTest {
    private static final ResourceKey KEY = ResourceKey.of("two-phase");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(600);
    private static final Rejected ALREADY = new Rejected(RejectReason.ALREADY_ENQUEUED);
    private static final Rejected NOT_ENQUEUED = new Rejected(RejectReason.NOT_ENQUEUED);
    private static final Rejected LEASE_EXPIRED = new Rejected(RejectReason.LEASE_EXPIRED);

    private static Grant acquired(EnqueueOutcome outcome) {
        assertThat(outcome).isInstanceOf(Acquired.class);
        return ((Acquired) outcome).grant();
    }

    private static Grant waited(WaitOutcome outcome) {
        assertThat(outcome).isInstanceOf(Granted.class);
        return ((Granted) outcome).grant();
    }

    @Test
    void t1SecondEnqueueOnTheSameKeyIsAlreadyEnqueuedButOtherKeysAreIndependent() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            acquired(session.enqueue(KEY, 1));
            assertThat(session.enqueue(KEY, 1)).isEqualTo(ALREADY);
            acquired(session.enqueue(ResourceKey.of("other"), 1));
            Session queuedSession = f.engine.openSession();
            assertThat(queuedSession.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            assertThat(queuedSession.enqueue(KEY, 1)).isEqualTo(ALREADY);
            assertThat(f.engine.view(KEY).orElseThrow().waiters()).isEqualTo(1);
        }
    }

    @Test
    void t2AcquiredThenWaitReturnsTheSameTokenAndResetsTheLease() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            Grant grant = acquired(session.enqueue(KEY, 1, TTL));
            f.advanceSeconds(6);
            Grant collected = waited(session.awaitGrant(KEY, Duration.ZERO));
            assertThat(collected.token()).isEqualTo(grant.token());
            assertThat(f.engine.view(KEY).orElseThrow().holders().get(0).leaseRemaining()).isEqualTo(TTL);
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isEqualTo(NOT_ENQUEUED);
        }
    }

    @Test
    void t3AcquiredThenTheLeaseEndsThenWaitIsLeaseExpiredOrNotEnqueued() throws Exception {
        for (boolean sweepFirst : new boolean[] {false, true}) {
            try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(sweepFirst ? 1 : 1000)))) {
                Session session = f.engine.openSession();
                acquired(session.enqueue(KEY, 1, TTL));
                f.advanceSeconds(11);
                assertThat(session.awaitGrant(KEY, LONG)).isEqualTo(sweepFirst ? NOT_ENQUEUED : LEASE_EXPIRED);
                assertThat(f.engine.view(KEY).orElseThrow().holders()).isEmpty();
            }
        }
    }

    @Test
    void t4QueuedThenZeroWaitTimesOutAndLeavesTheQueue() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session session = f.engine.openSession();
            granted(holder.acquire(KEY, 1, Duration.ZERO));
            assertThat(session.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);
            assertThat(f.engine.view(KEY).orElseThrow().waiters()).isZero();
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isEqualTo(NOT_ENQUEUED);
        }
    }

    @Test
    void t5QueuedThenPromotedThenWaitAfterTheLeaseEndedIsLeaseExpiredOrNotEnqueued() throws Exception {
        for (boolean sweepFirst : new boolean[] {false, true}) {
            try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(sweepFirst ? 1 : 1000)))) {
                Session holder = f.engine.openSession();
                Session session = f.engine.openSession();
                Token token = granted(holder.acquire(KEY, 1, Duration.ZERO)).token();
                assertThat(session.enqueue(KEY, 1, TTL)).isEqualTo(Queued.INSTANCE);
                holder.release(KEY, token);
                f.advanceSeconds(11);
                assertThat(session.awaitGrant(KEY, LONG)).isEqualTo(sweepFirst ? NOT_ENQUEUED : LEASE_EXPIRED);
            }
        }
    }

    @Test
    void t6WaitWithoutEnqueueIsNotEnqueued() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            assertThat(session.awaitGrant(KEY, LONG)).isEqualTo(NOT_ENQUEUED);
            granted(f.engine.openSession().acquire(KEY, 1, Duration.ZERO));
            assertThat(session.awaitGrant(KEY, LONG)).isEqualTo(NOT_ENQUEUED);
        }
    }

    @Test
    void t7QueuedThenPromotedThenWaitAnswersAtOnceAndTheLeaseRestartsAtTheWait() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session session = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO)).token();
            assertThat(session.enqueue(KEY, 1, TTL)).isEqualTo(Queued.INSTANCE);
            holder.release(KEY, token);
            f.advanceSeconds(4);
            waited(session.awaitGrant(KEY, Duration.ofSeconds(30)));
            assertThat(f.engine.view(KEY).orElseThrow().holders().get(0).leaseRemaining()).isEqualTo(TTL);
        }
    }

    @Test
    void t7QueuedThenABlockingWaitIsGrantedWhenTheHolderReleases() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session session = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO)).token();
            assertThat(session.enqueue(KEY, 1, TTL)).isEqualTo(Queued.INSTANCE);
            CompletableFuture<WaitOutcome> waiting = call(() -> session.awaitGrant(KEY, LONG));
            f.engine.view(KEY).orElseThrow();
            holder.release(KEY, token);
            waited(get(waiting));
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isEqualTo(NOT_ENQUEUED);
        }
    }

    @Test
    void t8ABlockingWaitThatTimesOutLosesItsPlace() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session session = f.engine.openSession();
            Session later = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO)).token();
            assertThat(session.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            assertThat(later.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            // 4.5 s: the sweep (every 1 s) and the collection (every 5 s) never fire at that instant, so the timer
            // awaitTimerAt sees is this wait's own wake-up (at 5 s it raced the collection's first run)
            Duration timeout = Duration.ofMillis(4_500);
            long deadline = f.clock.nanoTime() + timeout.toNanos();
            CompletableFuture<WaitOutcome> waiting = call(() -> session.awaitGrant(KEY, timeout));
            awaitTimerAt(f, deadline);
            f.advanceSeconds(5);
            assertThat(get(waiting)).isEqualTo(TimedOut.INSTANCE);
            awaitWaiters(f.engine, KEY, 1);
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isEqualTo(NOT_ENQUEUED);
            assertThat(session.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE); // to the tail, behind "later"
            holder.release(KEY, token);
            waited(later.awaitGrant(KEY, Duration.ZERO));
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);
        }
    }

    @Test
    void t9ReleasingAnEnqueuedTokenFromAnySessionClearsTheState() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            Session other = f.engine.openSession();
            Grant grant = acquired(session.enqueue(KEY, 1));
            assertThat(other.release(KEY, grant.token())).isEqualTo(Released.INSTANCE);
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isEqualTo(NOT_ENQUEUED);
            acquired(session.enqueue(KEY, 1));
        }
    }

    @Test
    void t11AfterAnAcquiredLeaseEndsASecondEnqueueIsAccepted() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(1000)))) {
            Session session = f.engine.openSession();
            Grant first = acquired(session.enqueue(KEY, 1, TTL));
            f.advanceSeconds(10);
            Grant second = acquired(session.enqueue(KEY, 1, TTL));
            assertThat(second.fence()).isGreaterThan(first.fence());
        }
    }

    @Test
    void renewWorksOnAnUncollectedTwoPhaseGrant() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            Grant grant = acquired(session.enqueue(KEY, 1, TTL));
            assertThat(session.renew(KEY, grant.token(), Duration.ofSeconds(20)))
                    .isEqualTo(new io.dflockd.core.Renewed(Duration.ofSeconds(20)));
            assertThat(waited(session.awaitGrant(KEY, Duration.ZERO)).token()).isEqualTo(grant.token());
        }
    }

    /**
     * Waits until a blocked caller has armed its wake-up at {@code deadline} on the manual clock. Choose a deadline that
     * no periodic engine timer (sweep, collection) shares, or this can return before the caller has armed its own.
     */
    static void awaitTimerAt(EngineFixture f, long deadline) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1))
                .until(() -> f.clock.scheduledTimes().contains(deadline));
    }
}
