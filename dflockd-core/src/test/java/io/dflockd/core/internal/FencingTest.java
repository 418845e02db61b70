package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.Background.get;
import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.Queued;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SEMANTICS 2.4 and 9: fences and minting failures (X-1, X-5, F-7). */
class FencingTest {
    private static final ResourceKey KEY = ResourceKey.of("fenced");
    private static final Duration LONG = Duration.ofSeconds(600);
    private static final Rejected FENCE_PERSISTENCE = new Rejected(RejectReason.FENCE_PERSISTENCE);

    @Test
    void x1TokensAreLowercaseHexAndFencesStrictlyIncreaseAcrossKeysLocksAndSemaphores() throws Exception {
        try (LockManager manager = LockManager.create(LockManagerConfig.defaults());
             Session session = manager.openSession()) {
            Set<String> tokens = new HashSet<>();
            long last = 0;
            for (int i = 0; i < 200; i++) {
                ResourceKey key = ResourceKey.of("k" + (i % 7));
                int limit = i % 7 < 3 ? 1 : 4;
                Grant grant = i % 2 == 0 ? granted(session.acquire(key, limit, Duration.ZERO))
                        : ((io.dflockd.core.Acquired) session.enqueue(key, limit)).grant();
                String hex = grant.token().hex();
                assertThat(hex).matches("[0-9a-f]{32}");
                assertThat(tokens.add(hex)).isTrue();
                assertThat(Long.compareUnsigned(grant.fence(), last)).isPositive();
                last = grant.fence();
                if (i % 2 == 1) {
                    session.awaitGrant(key, Duration.ZERO);
                }
                assertThat(session.release(key, grant.token())).isEqualTo(Released.INSTANCE);
            }
        }
    }

    @Test
    void x5TheTokensFenceIsTheFenceOfTheViewAndItsFirstSixteenHexDigits() throws Exception {
        try (LockManager manager = LockManager.create(LockManagerConfig.defaults());
             Session session = manager.openSession()) {
            Grant grant = granted(session.acquire(KEY, 1, Duration.ZERO));
            ResourceView view = manager.view(KEY).orElseThrow();
            assertThat(view.holders()).singleElement().extracting(ResourceView.HolderView::fence)
                    .isEqualTo(grant.fence());
            assertThat(Long.parseUnsignedLong(grant.token().hex().substring(0, 16), 16)).isEqualTo(grant.fence());
            assertThat(grant.token().fenceHex()).isEqualTo(grant.token().hex().substring(0, 16));
        }
    }

    @Test
    void f7AFailedMintDuringPromotionKeepsTheHeadAndTheReleaseStillSucceeds() throws Exception {
        try (EngineFixture f = new EngineFixture(b -> b.leaseSweepInterval(Duration.ofSeconds(1000)))) {
            Session holder = f.engine.openSession();
            Session head = f.engine.openSession();
            Session second = f.engine.openSession();
            Token token = granted(holder.acquire(KEY, 1, Duration.ZERO)).token();
            CompletableFuture<AcquireOutcome> first = call(() -> head.acquire(KEY, 1, LONG));
            awaitWaiters(f.engine, KEY, 1);
            assertThat(second.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            f.fences.exhaust();
            assertThat(holder.release(KEY, token)).isEqualTo(Released.INSTANCE);
            assertThat(f.engine.view(KEY).orElseThrow().waiters()).isEqualTo(2);
            assertThat(first).isNotDone();
            assertThat(holder.acquire(KEY, 1, Duration.ZERO)).isEqualTo(io.dflockd.core.TimedOut.INSTANCE);
            f.fences.reserve(); // the reserver wrote a reservation and asks stuck heads to retry
            Grant promoted = granted(get(first));
            assertThat(promoted.fence()).isGreaterThan(token.fence());
            assertThat(second.awaitGrant(KEY, Duration.ZERO)).isEqualTo(io.dflockd.core.TimedOut.INSTANCE);
        }
    }

    @Test
    void f7AStuckHeadIsAlsoPromotedByTheNextOperationOnTheKeyOrTheSweep() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            Token t1 = granted(holder.acquire(KEY, 1, Duration.ZERO)).token();
            assertThat(waiter.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            f.fences.exhaust();
            holder.release(KEY, t1);
            f.fences.restoreSilently();
            holder.renew(KEY, new Token(1, 1)); // any keyed operation retries promotion
            assertThat(waiter.awaitGrant(KEY, Duration.ZERO)).isInstanceOf(io.dflockd.core.Granted.class);

            ResourceKey other = ResourceKey.of("other");
            Token t2 = granted(holder.acquire(other, 1, Duration.ZERO)).token();
            assertThat(waiter.enqueue(other, 1)).isEqualTo(Queued.INSTANCE);
            f.fences.exhaust();
            holder.release(other, t2);
            f.fences.restoreSilently();
            f.advanceSeconds(1); // the sweep retries stuck heads
            assertThat(waiter.awaitGrant(other, Duration.ZERO)).isInstanceOf(io.dflockd.core.Granted.class);
        }
    }

    @Test
    void anAcquireOrEnqueueThatWouldBeGrantedButCannotMintIsFencePersistence() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session session = f.engine.openSession();
            f.fences.exhaust();
            assertThat(session.acquire(KEY, 1, Duration.ZERO)).isEqualTo(FENCE_PERSISTENCE);
            assertThat(session.acquire(KEY, 1, LONG)).isEqualTo(FENCE_PERSISTENCE);
            assertThat(session.enqueue(KEY, 1)).isEqualTo(FENCE_PERSISTENCE);
            assertThat(f.engine.view(KEY).orElseThrow().holders()).isEmpty();
            f.fences.restoreSilently();
            granted(session.acquire(KEY, 1, Duration.ZERO));
        }
    }
}
