package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.Background.get;
import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Queued;
import io.dflockd.core.Released;
import io.dflockd.core.Renewed;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.Token;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SEMANTICS 3 and 4: leases, renew, release, exact expiry (L-*). */
class LeaseTest {
    private static final ResourceKey KEY = ResourceKey.of("lease");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(600);

    @Test
    void l1AnEndedLeasePassesTheSlotOnAtTheNextSweep() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session next = f.engine.openSession();
            granted(holder.acquire(KEY, 1, Duration.ZERO, TTL));
            CompletableFuture<AcquireOutcome> waiting = call(() -> next.acquire(KEY, 1, LONG));
            awaitWaiters(f.engine, KEY, 1);
            f.advance(Duration.ofMillis(9_999));
            assertThat(waiting).isNotDone();
            f.advance(Duration.ofMillis(1_001)); // the sweep at t = 11 s, within one interval of the end at 10 s
            Grant grant = granted(get(waiting));
            assertThat(f.engine.view(KEY).orElseThrow().holders()).singleElement()
                    .extracting(ResourceView.HolderView::fence).isEqualTo(grant.fence());
        }
    }

    @Test
    void l2RenewMovesTheLeaseEndAndDefaultsToTheServerTtl() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.defaultLeaseTtl(Duration.ofSeconds(33)))) {
            Session session = f.engine.openSession();
            Token token = granted(session.acquire(KEY, 1, Duration.ZERO, TTL)).token();
            f.advanceSeconds(5);
            assertThat(session.renew(KEY, token, Duration.ofSeconds(20))).isEqualTo(new Renewed(Duration.ofSeconds(20)));
            assertThat(remaining(f)).isEqualTo(Duration.ofSeconds(20));
            f.advanceSeconds(19);
            assertThat(session.renew(KEY, token)).isEqualTo(new Renewed(Duration.ofSeconds(33)));
            assertThat(remaining(f)).isEqualTo(Duration.ofSeconds(33));
        }
    }

    @Test
    void l3RenewAfterTheLeaseEndedButBeforeTheSweepFailsAndHandsOn() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(1000)))) {
            Session holder = f.engine.openSession();
            Session next = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO, TTL)).token();
            CompletableFuture<AcquireOutcome> waiting = call(() -> next.acquire(KEY, 1, LONG));
            awaitWaiters(f.engine, KEY, 1);
            f.advanceSeconds(10);
            assertThat(waiting).isNotDone();
            assertThat(holder.renew(KEY, token)).isEqualTo(NotHeld.INSTANCE);
            granted(get(waiting));
        }
    }

    @Test
    void l4RenewOfAnUnknownTokenFails() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            granted(session.acquire(KEY, 1, Duration.ZERO));
            assertThat(session.renew(KEY, new Token(1, 2))).isEqualTo(NotHeld.INSTANCE);
            assertThat(session.renew(ResourceKey.of("nokey"), new Token(1, 2))).isEqualTo(NotHeld.INSTANCE);
        }
    }

    @Test
    void l5ReleaseAndRenewWorkWithATokenFromAnotherSession() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session owner = f.engine.openSession();
            Session other = f.engine.openSession();
            Token token = granted(owner.acquire(KEY, 1, Duration.ZERO)).token();
            assertThat(other.renew(KEY, token, TTL)).isEqualTo(new Renewed(TTL));
            assertThat(other.release(KEY, token)).isEqualTo(Released.INSTANCE);
        }
    }

    @Test
    void l6ReleasingTheSameTokenTwiceSucceedsThenFails() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            Token token = granted(session.acquire(KEY, 1, Duration.ZERO)).token();
            assertThat(session.release(KEY, token)).isEqualTo(Released.INSTANCE);
            assertThat(session.release(KEY, token)).isEqualTo(NotHeld.INSTANCE);
        }
    }

    @Test
    void l7AGrantDeliveredToABlockedWaiterGetsItsFullTtlFromDelivery() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session next = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO, TTL)).token();
            CompletableFuture<AcquireOutcome> waiting = call(() -> next.acquire(KEY, 1, LONG, TTL));
            awaitWaiters(f.engine, KEY, 1);
            f.advanceSeconds(7);
            holder.release(KEY, token);
            granted(get(waiting));
            assertThat(remaining(f)).isEqualTo(TTL);
        }
    }

    @Test
    void l7AGrantWhoseLeaseEndedBeforeDeliveryIsNotReturned() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(1000)))) {
            Session holder = f.engine.openSession();
            Session next = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO, TTL)).token();
            assertThat(next.enqueue(KEY, 1, TTL)).isEqualTo(Queued.INSTANCE);
            holder.release(KEY, token); // promoted now, lease from now
            f.advanceSeconds(10);
            WaitOutcome late = next.awaitGrant(KEY, LONG);
            assertThat(late).isIn(new io.dflockd.core.Rejected(io.dflockd.core.RejectReason.LEASE_EXPIRED),
                    new io.dflockd.core.Rejected(io.dflockd.core.RejectReason.NOT_ENQUEUED));
            assertThat(f.engine.view(KEY).orElseThrow().holders()).isEmpty();
        }
    }

    @Test
    void l9LeaseEndIsExactForRenewReleaseAndEveryKeyedCommand() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(1000)))) {
            Session holder = f.engine.openSession();
            Session other = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO, TTL)).token();
            f.advance(Duration.ofMillis(9_999));
            assertThat(other.acquire(KEY, 1, Duration.ZERO)).isEqualTo(io.dflockd.core.TimedOut.INSTANCE);
            f.advance(Duration.ofMillis(1)); // exactly the lease end: invalid from this instant
            assertThat(holder.release(KEY, token)).isEqualTo(NotHeld.INSTANCE);
            assertThat(holder.renew(KEY, token)).isEqualTo(NotHeld.INSTANCE);
            for (String op : new String[] {"acquire", "enqueue", "release", "renew", "wait"}) {
                Session s = f.engine.openSession();
                Token t = granted(s.acquire(ResourceKey.of(op), 1, Duration.ZERO, TTL)).token();
                Session queued = f.engine.openSession();
                assertThat(queued.enqueue(ResourceKey.of(op), 1)).isEqualTo(Queued.INSTANCE);
                f.advanceSeconds(10);
                Session actor = f.engine.openSession();
                switch (op) {
                    case "acquire" -> actor.acquire(ResourceKey.of(op), 1, Duration.ZERO);
                    case "enqueue" -> actor.enqueue(ResourceKey.of(op), 1);
                    case "release" -> actor.release(ResourceKey.of(op), new Token(7, 7));
                    case "renew" -> actor.renew(ResourceKey.of(op), new Token(7, 7));
                    default -> actor.awaitGrant(ResourceKey.of(op), Duration.ZERO);
                }
                assertThat(queued.awaitGrant(ResourceKey.of(op), Duration.ZERO)).as(op)
                        .isInstanceOf(io.dflockd.core.Granted.class);
                assertThat(s.release(ResourceKey.of(op), t)).isEqualTo(NotHeld.INSTANCE);
            }
        }
    }

    @Test
    void aRenewToAShorterLeaseIsHandedOnAtItsNewEnd() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session next = f.engine.openSession();
            Grant grant = granted(holder.acquire(KEY, 1, Duration.ZERO, Duration.ofSeconds(33)));
            assertThat(next.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            assertThat(holder.renew(KEY, grant.token(), Duration.ofSeconds(2)))
                    .isEqualTo(new Renewed(Duration.ofSeconds(2)));
            f.advanceSeconds(2); // the sweep at the new lease end hands the slot on (not the one at the old end)
            assertThat(next.awaitGrant(KEY, Duration.ZERO)).isInstanceOf(io.dflockd.core.Granted.class);
            assertThat(holder.release(KEY, grant.token())).isEqualTo(NotHeld.INSTANCE);
        }
    }

    @Test
    void anExpiredLeaseIsNeverRevivedByALaterRenew() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(1000)))) {
            Session session = f.engine.openSession();
            Token token = granted(session.acquire(KEY, 1, Duration.ZERO, TTL)).token();
            f.advanceSeconds(11);
            assertThat(session.renew(KEY, token, Duration.ofSeconds(100))).isEqualTo(NotHeld.INSTANCE);
            assertThat(session.release(KEY, token)).isEqualTo(NotHeld.INSTANCE);
        }
    }

    private static Duration remaining(EngineFixture f) {
        return f.engine.view(KEY).orElseThrow().holders().get(0).leaseRemaining();
    }
}
