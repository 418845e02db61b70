package io.dflockd.core.internal;

import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.Acquired;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.Queued;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link io.dflockd.core.Session#longestRemainingLease()}: what an adapter's idle reaper asks (HTTP.md 6.4). */
class LongestRemainingLeaseTest {
    private static final ResourceKey KEY = ResourceKey.of("lease-horizon");
    private static final ResourceKey OTHER = ResourceKey.of("lease-horizon-other");
    private static final Duration SWEEP_NEVER = Duration.ofSeconds(100_000);

    private static EngineFixture fixture() {
        // no sweep and no collection during these tests: the answer must not depend on background upkeep
        return new EngineFixture(b -> b.leaseSweepInterval(SWEEP_NEVER).gcInterval(SWEEP_NEVER));
    }

    @Test
    void aSessionThatHoldsNothingHasNone() throws Exception {
        try (EngineFixture f = fixture()) {
            Session session = f.engine.openSession();
            assertThat(session.longestRemainingLease()).isEmpty();
            Session holder = f.engine.openSession();
            granted(holder.acquire(KEY, 1, Duration.ZERO));
            assertThat(session.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            assertThat(session.longestRemainingLease()).as("a queued request holds nothing").isEmpty();
        }
    }

    @Test
    void aHeldGrantCountsUntilItsLeaseEnds() throws Exception {
        try (EngineFixture f = fixture()) {
            Session session = f.engine.openSession();
            granted(session.acquire(KEY, 1, Duration.ZERO, Duration.ofSeconds(10)));
            assertThat(session.longestRemainingLease()).contains(Duration.ofSeconds(10));
            f.advanceSeconds(3);
            assertThat(session.longestRemainingLease()).contains(Duration.ofSeconds(7));
            f.advanceSeconds(7);
            assertThat(session.longestRemainingLease()).as("ended, though nothing has removed it yet").isEmpty();
            assertThat(f.engine.liveResource(KEY).earliestLeaseEnd()).isNotEqualTo(Deadlines.NEVER);
        }
    }

    @Test
    void theLongestOfSeveralKeysCountsAndOtherSessionsGrantsDoNot() throws Exception {
        try (EngineFixture f = fixture()) {
            Session session = f.engine.openSession();
            Session stranger = f.engine.openSession();
            granted(session.acquire(KEY, 1, Duration.ZERO, Duration.ofSeconds(10)));
            granted(session.acquire(OTHER, 2, Duration.ZERO, Duration.ofSeconds(20)));
            granted(stranger.acquire(OTHER, 2, Duration.ZERO, Duration.ofSeconds(90)));
            f.advanceSeconds(5);
            assertThat(session.longestRemainingLease()).contains(Duration.ofSeconds(15));
            assertThat(stranger.longestRemainingLease()).contains(Duration.ofSeconds(85));
        }
    }

    @Test
    void aPromotedTwoPhaseGrantNobodyCollectedCounts() throws Exception {
        try (EngineFixture f = fixture()) {
            Session holder = f.engine.openSession();
            Session session = f.engine.openSession();
            Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
            assertThat(session.enqueue(KEY, 1, Duration.ofSeconds(4))).isEqualTo(Queued.INSTANCE);
            f.advanceSeconds(1);
            assertThat(holder.release(KEY, held.token())).isEqualTo(Released.INSTANCE); // promotes the enqueue
            assertThat(session.longestRemainingLease()).contains(Duration.ofSeconds(4));
            f.advanceSeconds(3);
            assertThat(session.longestRemainingLease()).contains(Duration.ofSeconds(1));
            f.advanceSeconds(1);
            assertThat(session.longestRemainingLease()).isEmpty();
        }
    }

    @Test
    void anEnqueueGrantedAtOnceCountsBeforeAndAfterItIsCollected() throws Exception {
        try (EngineFixture f = fixture()) {
            Session session = f.engine.openSession();
            assertThat(session.enqueue(KEY, 1, Duration.ofSeconds(10))).isInstanceOf(Acquired.class);
            f.advanceSeconds(6);
            assertThat(session.longestRemainingLease()).contains(Duration.ofSeconds(4));
            assertThat(session.awaitGrant(KEY, Duration.ZERO)).isInstanceOf(Granted.class);
            assertThat(session.longestRemainingLease()).as("the wait restarts the lease")
                    .contains(Duration.ofSeconds(10));
        }
    }

    @Test
    void aReleasedGrantOrAClosedSessionHasNone() throws Exception {
        try (EngineFixture f = fixture()) {
            Session session = f.engine.openSession();
            Grant grant = granted(session.acquire(KEY, 1, Duration.ZERO));
            granted(session.acquire(OTHER, 1, Duration.ZERO));
            assertThat(session.release(KEY, grant.token())).isEqualTo(Released.INSTANCE);
            assertThat(session.longestRemainingLease()).isPresent();
            session.close();
            assertThat(session.longestRemainingLease()).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aCollectedKeyIsAskedThroughItsSuccessor() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.gcMaxIdle(Duration.ZERO).gcInterval(Duration.ofSeconds(1))
                .leaseSweepInterval(SWEEP_NEVER))) {
            Session session = f.engine.openSession();
            Grant grant = granted(session.acquire(KEY, 1, Duration.ZERO, Duration.ofSeconds(10)));
            session.release(KEY, grant.token());
            Resource first = f.engine.liveResource(KEY);
            f.advanceSeconds(1); // the collector retires the idle key
            assertThat(first.isRetired()).isTrue();
            granted(session.acquire(KEY, 1, Duration.ZERO, Duration.ofSeconds(10)));
            assertThat(session.longestRemainingLease()).contains(Duration.ofSeconds(10));
        }
    }
}
