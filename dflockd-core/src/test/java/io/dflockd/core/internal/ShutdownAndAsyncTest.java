package io.dflockd.core.internal;

import static io.dflockd.core.internal.Background.awaitWaiters;
import static io.dflockd.core.internal.Background.call;
import static io.dflockd.core.internal.Background.get;
import static io.dflockd.core.internal.FifoTest.granted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Queued;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.TimedOut;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown, the asynchronous forms, interrupts and the timeout race. */
class ShutdownAndAsyncTest {
    private static final ResourceKey KEY = ResourceKey.of("k");
    private static final Duration LONG = Duration.ofSeconds(600);
    private static final Rejected SHUTTING_DOWN = new Rejected(RejectReason.SHUTTING_DOWN);

    @Test
    void beginShutdownEndsBlockedCallsAndRefusesNewOnesButSessionsStillClose() throws Exception {
        EngineFixture f = new EngineFixture();
        Session holder = f.engine.openSession();
        Session waiter = f.engine.openSession();
        Grant grant = granted(holder.acquire(KEY, 1, Duration.ZERO));
        CompletableFuture<AcquireOutcome> blocked = call(() -> waiter.acquire(KEY, 1, LONG));
        awaitWaiters(f.engine, KEY, 1);
        f.engine.beginShutdown();
        assertThat(f.engine.isShuttingDown()).isTrue();
        assertThat(get(blocked)).isEqualTo(SHUTTING_DOWN);
        assertThat(holder.acquire(ResourceKey.of("new"), 1, Duration.ZERO)).isEqualTo(SHUTTING_DOWN);
        assertThat(holder.enqueue(KEY, 1)).isEqualTo(SHUTTING_DOWN);
        assertThat(holder.release(KEY, grant.token())).isEqualTo(SHUTTING_DOWN);
        assertThatThrownBy(f.engine::openSession).isInstanceOf(IllegalStateException.class);
        holder.close(); // auto-release still works
        assertThat(f.engine.view(KEY).orElseThrow().holders()).isEmpty();
        f.engine.close();
        assertThat(f.fences.closed).isTrue();
        f.engine.close();
    }

    @Test
    void asyncAcquireCompletesOnAnEngineThreadNeverTheReleaser() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            Grant grant = granted(holder.acquire(KEY, 1, Duration.ZERO));
            CompletableFuture<String> completedOn = waiter.acquireAsync(KEY, 1, LONG)
                    .thenApply(outcome -> {
                        assertThat(outcome).isInstanceOf(io.dflockd.core.Granted.class);
                        return Thread.currentThread().getName();
                    });
            awaitWaiters(f.engine, KEY, 1);
            holder.release(KEY, grant.token());
            assertThat(completedOn.get(2, TimeUnit.SECONDS)).startsWith("dflockd-async-")
                    .isNotEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void cancellingAnAsyncAcquireRemovesItsWaiterAndNothingIsStranded() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            Session third = f.engine.openSession();
            Grant grant = granted(holder.acquire(KEY, 1, Duration.ZERO));
            CompletableFuture<AcquireOutcome> cancelled = waiter.acquireAsync(KEY, 1, LONG);
            awaitWaiters(f.engine, KEY, 1);
            cancelled.cancel(true);
            awaitWaiters(f.engine, KEY, 0);
            CompletableFuture<AcquireOutcome> next = third.acquireAsync(KEY, 1, LONG);
            awaitWaiters(f.engine, KEY, 1);
            holder.release(KEY, grant.token());
            assertThat(next.get(2, TimeUnit.SECONDS)).isInstanceOf(io.dflockd.core.Granted.class);
        }
    }

    @Test
    void asyncAwaitGrantTimesOutOnTheManualClock() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            granted(holder.acquire(KEY, 1, Duration.ZERO));
            assertThat(waiter.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            long deadline = f.clock.nanoTime() + Duration.ofSeconds(3).toNanos();
            CompletableFuture<WaitOutcome> waiting = waiter.awaitGrantAsync(KEY, Duration.ofSeconds(3));
            TwoPhaseTest.awaitTimerAt(f, deadline);
            f.advanceSeconds(3);
            assertThat(waiting.get(2, TimeUnit.SECONDS)).isEqualTo(TimedOut.INSTANCE);
            assertThat(f.engine.view(KEY).orElseThrow().waiters()).isZero();
        }
    }

    @Test
    void anInterruptedAcquireLeavesNothingQueued() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session waiter = f.engine.openSession();
            Grant grant = granted(holder.acquire(KEY, 1, Duration.ZERO));
            Thread[] caller = new Thread[1];
            CompletableFuture<AcquireOutcome> blocked = call(() -> {
                caller[0] = Thread.currentThread();
                return waiter.acquire(KEY, 1, LONG);
            });
            awaitWaiters(f.engine, KEY, 1);
            caller[0].interrupt();
            assertThatThrownBy(() -> get(blocked)).hasCauseInstanceOf(InterruptedException.class);
            awaitWaiters(f.engine, KEY, 0);
            assertThat(holder.release(KEY, grant.token())).isEqualTo(Released.INSTANCE);
            assertThat(f.engine.view(KEY).orElseThrow().holders()).isEmpty();
        }
    }

    @Test
    void aTimeoutThatLosesTheRaceToAGrantReturnsTheGrant() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session session = f.engine.openSession();
            granted(holder.acquire(KEY, 1, Duration.ZERO));
            Waiter waiter = new Waiter((EngineSession) session, Duration.ofSeconds(10), 10_000_000_000L, true, 1,
                    Thread.currentThread());
            Resource resource = f.engine.liveResource(KEY);
            waiter.resource = resource;
            resource.submit(waiter);
            Grant grant = new Grant(KEY, new io.dflockd.core.Token(1, 2), Duration.ofSeconds(10));
            assertThat(waiter.tryGrant(grant, f.clock.nanoTime() + 1)).isTrue(); // the drainer's CAS wins
            assertThat(waiter.tryCancel(TimedOut.INSTANCE)).isFalse();          // the timeout's loses
            assertThat(waiter.decision()).isSameAs(grant);
            assertThat(waiter.deliver(f.clock.nanoTime())).isTrue();
            resource.submit(new Commands.Cancel(waiter)); // leave the engine as the requester would find it
            holder.close();
        }
    }

    @Test
    void aGrantThatLosesTheRaceToACancelGoesToTheNextWaiter() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            Session holder = f.engine.openSession();
            Session next = f.engine.openSession();
            Grant held = granted(holder.acquire(KEY, 1, Duration.ZERO));
            Waiter cancelled = new Waiter((EngineSession) f.engine.openSession(), Duration.ofSeconds(10),
                    10_000_000_000L, true, 1, Thread.currentThread());
            Resource resource = f.engine.liveResource(KEY);
            cancelled.resource = resource;
            resource.submit(cancelled);
            assertThat(next.enqueue(KEY, 1)).isEqualTo(Queued.INSTANCE);
            assertThat(cancelled.tryCancel(TimedOut.INSTANCE)).isTrue(); // cancel wins; its command not sent yet
            holder.release(KEY, held.token());
            assertThat(cancelled.decision()).isEqualTo(TimedOut.INSTANCE);
            assertThat(next.awaitGrant(KEY, Duration.ZERO)).isInstanceOf(io.dflockd.core.Granted.class);
            resource.submit(new Commands.Cancel(cancelled));
        }
    }
}
