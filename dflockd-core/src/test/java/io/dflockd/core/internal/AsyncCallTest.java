package io.dflockd.core.internal;

import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.NanoClock;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The asynchronous forms hold no thread while pending; their timeouts, cancellations and races (AsyncCall). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AsyncCallTest {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncCallTest.class);
    private static final ResourceKey KEY = ResourceKey.of("async");
    private static final Duration LONG = Duration.ofSeconds(600);

    /** Live platform threads (virtual threads are not counted, nor needed to be: they hold no OS thread). */
    private static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }

    private static int holders(EngineFixture f) {
        return f.engine.view(KEY).map(v -> v.holders().size()).orElse(0);
    }

    private static int waiters(EngineFixture f) {
        return f.engine.view(KEY).map(ResourceView::waiters).orElse(0);
    }

    @Test
    void tenThousandPendingAsyncAcquiresOnOneKeyHoldNoThreads() throws Exception {
        int calls = 10_000;
        // the real clock, so that every pending call also has a deadline on the timer thread
        try (EngineFixture f = new EngineFixture(b -> b.nanoClock(NanoClock.system()))) {
            Session holder = f.engine.openSession();
            Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sessions.add(f.engine.openSession());
            }
            int threadsBefore = liveThreads();
            List<CompletableFuture<AcquireOutcome>> pending = new ArrayList<>(calls);
            for (int i = 0; i < calls; i++) {
                pending.add(sessions.get(i % sessions.size()).acquireAsync(KEY, 1, LONG));
            }
            int threadsPending = liveThreads();
            LOG.info("{} pending async acquires: {} live threads before, {} while pending", calls, threadsBefore,
                    threadsPending);
            assertThat(waiters(f)).isEqualTo(calls);
            assertThat(pending).noneMatch(CompletableFuture::isDone);
            assertThat(threadsPending - threadsBefore).as("threads started by pending calls").isLessThan(5);

            holder.release(KEY, held.token()); // the oldest call is granted; the rest end with their sessions
            Grant first = granted(pending.get(0).get(2, TimeUnit.SECONDS));
            assertThat(sessions.get(0).release(KEY, first.token())).isEqualTo(io.dflockd.core.Released.INSTANCE);
            for (Session session : sessions) {
                session.close();
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            long closed = pending.stream().filter(p -> p.join() == SessionClosed.INSTANCE).count();
            int threadsAfter = liveThreads();
            LOG.info("{} calls ended with their sessions; {} live threads after", closed, threadsAfter);
            // closing a session hands its grant to the next call, whose session may still be open: a few are granted
            assertThat(pending).allMatch(p -> p.join() == SessionClosed.INSTANCE || p.join() instanceof Granted);
            assertThat(closed).isGreaterThanOrEqualTo(calls - 1 - sessions.size());
            assertThat(threadsAfter - threadsBefore).as("completion threads").isLessThan(20);
            await().atMost(Duration.ofSeconds(2)).until(() -> waiters(f) == 0 && holders(f) == 0);
        }
    }

    @Test
    void anAsyncAcquireTimesOutOnTheManualClock() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
            long deadline = f.clock.nanoTime() + Duration.ofSeconds(3).toNanos();
            CompletableFuture<AcquireOutcome> timingOut = waiter.acquireAsync(KEY, 1, Duration.ofSeconds(3));
            assertThat(f.clock.scheduledTimes()).as("the deadline is a task of the engine's timers").contains(deadline);
            f.advance(Duration.ofMillis(2_999));
            assertThat(timingOut).isNotDone();
            assertThat(waiters(f)).isEqualTo(1);
            f.advance(Duration.ofMillis(1));
            assertThat(timingOut.get(2, TimeUnit.SECONDS)).isEqualTo(TimedOut.INSTANCE);
            assertThat(waiters(f)).isZero();
            holder.release(KEY, held.token());
            assertThat(holders(f)).as("the timed-out call was not granted").isZero();
        }
    }

    @Test
    void aGrantBeforeTheDeadlineWinsAndTheDeadlineThenDoesNothing() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> acquiring = waiter.acquireAsync(KEY, 1, Duration.ofSeconds(3),
                    Duration.ofSeconds(10));
            f.advanceSeconds(1);
            holder.release(KEY, held.token());
            Grant grant = granted(acquiring.get(2, TimeUnit.SECONDS));
            f.advanceSeconds(5); // past the call's deadline: the grant stays
            assertThat(f.engine.view(KEY).orElseThrow().holders()).singleElement()
                    .satisfies(h -> assertThat(h.fence()).isEqualTo(grant.fence()));
            waiter.release(KEY, grant.token());
        }
    }

    @Test
    void pendingAsyncCallsEndWithShutdownAndClosedSessionsAnswerAtOnce() throws Exception {
        EngineFixture f = new EngineFixture();
        Session holder = f.engine.openSession();
        Session waiter = f.engine.openSession();
        granted(holder.acquire(KEY, 1, Duration.ZERO));
        CompletableFuture<AcquireOutcome> pending = waiter.acquireAsync(KEY, 1, LONG);
        Session closed = f.engine.openSession();
        closed.close();
        assertThat(closed.acquireAsync(KEY, 1, LONG)).isCompletedWithValue(SessionClosed.INSTANCE);
        f.engine.beginShutdown();
        assertThat(pending.get(2, TimeUnit.SECONDS)).isEqualTo(new Rejected(RejectReason.SHUTTING_DOWN));
        assertThat(waiter.acquireAsync(KEY, 1, LONG).get(2, TimeUnit.SECONDS))
                .isEqualTo(new Rejected(RejectReason.SHUTTING_DOWN));
        f.engine.close();
    }

    @Test
    void aCancelRacingAGrantNeverStrandsTheGrant() throws Exception {
        int rounds = 300;
        int cancelledAfterGrant = 0;
        int cancelledBeforeGrant = 0;
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            for (int round = 0; round < rounds; round++) {
                Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
                long lastFence = f.fences.last();
                CompletableFuture<AcquireOutcome> call = waiter.acquireAsync(KEY, 1, LONG);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> release = racers.submit(() -> {
                    start.await();
                    return holder.release(KEY, held.token());
                });
                Future<Boolean> cancel = racers.submit(() -> {
                    start.await();
                    return call.cancel(false);
                });
                release.get(5, TimeUnit.SECONDS);
                if (cancel.get(5, TimeUnit.SECONDS)) {
                    boolean granted = f.fences.last() != lastFence;
                    cancelledAfterGrant += granted ? 1 : 0;
                    cancelledBeforeGrant += granted ? 0 : 1;
                    // a grant that won the race is given back by the engine: the key ends up free
                    await().atMost(Duration.ofSeconds(2)).pollInterval(1, TimeUnit.MILLISECONDS)
                            .until(() -> holders(f) == 0);
                } else {
                    Grant grant = granted(call.get(2, TimeUnit.SECONDS)); // the call won: the caller owns it
                    waiter.release(KEY, grant.token());
                }
                assertThat(holders(f)).as("round %d", round).isZero();
                assertThat(waiters(f)).as("round %d", round).isZero();
            }
        } finally {
            racers.shutdownNow();
        }
        LOG.info("{} rounds: cancel won before the grant {} times, after it (grant given back) {} times", rounds,
                cancelledBeforeGrant, cancelledAfterGrant);
    }

    @Test
    void theLeaseOfAnAsyncGrantStartsWhenTheFutureIsCompleted() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> call = waiter.acquireAsync(KEY, 1, LONG, Duration.ofSeconds(10));
            holder.release(KEY, held.token());
            assertThat(call.get(2, TimeUnit.SECONDS)).isInstanceOf(Granted.class);
            assertThat(f.engine.view(KEY).orElseThrow().holders().get(0).leaseRemaining())
                    .isEqualTo(Duration.ofSeconds(10));
        }
    }
}
