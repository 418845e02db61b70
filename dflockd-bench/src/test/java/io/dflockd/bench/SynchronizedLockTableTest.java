package io.dflockd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Granted;
import io.dflockd.core.NanoClock;
import io.dflockd.core.NotHeld;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmarks' reference must be correct, or its numbers flatter it: FIFO, exclusion, limits, timeouts, leases. */
@Timeout(30)
class SynchronizedLockTableTest {
    private static final ResourceKey KEY = ResourceKey.of("k");
    private static final Duration LONG = Duration.ofSeconds(20);

    private final SynchronizedLockTable table = new SynchronizedLockTable(NanoClock.system(), Duration.ofSeconds(30));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static Token token(AcquireOutcome outcome) {
        assertThat(outcome).isInstanceOf(Granted.class);
        return ((Granted) outcome).grant().token();
    }

    @Test
    void grantsAFreeLockAtOnceAndReleasesItOnceByToken() throws InterruptedException {
        Token token = token(table.acquire(1, KEY, 1, Duration.ZERO));

        assertThat(table.holderCount(KEY)).isEqualTo(1);
        assertThat(table.release(KEY, token)).isEqualTo(Released.INSTANCE);
        assertThat(table.release(KEY, token)).isEqualTo(NotHeld.INSTANCE);
        assertThat(table.holderCount(KEY)).isZero();
    }

    @Test
    void releaseWithAnUnknownTokenOrKeyIsNotHeld() throws InterruptedException {
        Token token = token(table.acquire(1, KEY, 1, Duration.ZERO));

        assertThat(table.release(KEY, new Token(token.fence(), token.salt() + 1))).isEqualTo(NotHeld.INSTANCE);
        assertThat(table.release(ResourceKey.of("other"), token)).isEqualTo(NotHeld.INSTANCE);
        assertThat(table.holderCount(KEY)).isEqualTo(1);
    }

    @Test
    void everyGrantTakesALargerFence() throws InterruptedException {
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 100; i++) {
            Token token = token(table.acquire(1, KEY, 1, Duration.ZERO));
            assertThat(token.fence()).isGreaterThan(previous);
            previous = token.fence();
            table.release(KEY, token);
        }
    }

    @Test
    void aTryAcquireOfAHeldLockTimesOutWithoutQueueing() throws InterruptedException {
        token(table.acquire(1, KEY, 1, Duration.ZERO));

        assertThat(table.acquire(2, KEY, 1, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);
        assertThat(table.waiterCount(KEY)).isZero();
    }

    @Test
    void aLimitOtherThanTheKeysIsALimitMismatch() throws InterruptedException {
        token(table.acquire(1, KEY, 1, Duration.ZERO));

        assertThat(table.acquire(2, KEY, 2, Duration.ZERO)).isEqualTo(new Rejected(RejectReason.LIMIT_MISMATCH));
    }

    @Test
    void waitersAreGrantedInArrivalOrderAndATryAcquireNeverJumpsTheQueue() throws Exception {
        Token first = token(table.acquire(0, KEY, 1, Duration.ZERO));
        List<String> order = new ArrayList<>();
        List<Future<?>> waiters = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            int queuedBefore = waiters.size();
            waiters.add(threads.submit(() -> {
                Token mine = token(table.acquire(1, KEY, 1, LONG));
                synchronized (order) {
                    order.add(name);
                }
                table.release(KEY, mine);
                return null;
            }));
            await().atMost(Duration.ofSeconds(2)).until(() -> table.waiterCount(KEY) == queuedBefore + 1);
        }
        assertThat(table.acquire(9, KEY, 1, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);

        table.release(KEY, first);
        for (Future<?> waiter : waiters) {
            waiter.get(10, TimeUnit.SECONDS);
        }

        assertThat(order).containsExactly("a", "b", "c");
        assertThat(table.holderCount(KEY)).isZero();
        assertThat(table.waiterCount(KEY)).isZero();
    }

    @Test
    void aReleaseHandsTheSlotToTheHeadWaiterBeforeANewcomerCanTakeIt() throws Exception {
        Token first = token(table.acquire(0, KEY, 1, Duration.ZERO));
        Future<AcquireOutcome> waiter = threads.submit(() -> table.acquire(1, KEY, 1, LONG));
        await().atMost(Duration.ofSeconds(2)).until(() -> table.waiterCount(KEY) == 1);

        table.release(KEY, first);

        assertThat(table.acquire(2, KEY, 1, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(Granted.class);
    }

    @Test
    void aTimedAcquireLeavesTheQueueWhenItTimesOut() throws InterruptedException {
        Token first = token(table.acquire(0, KEY, 1, Duration.ZERO));

        assertThat(table.acquire(1, KEY, 1, Duration.ofMillis(50))).isEqualTo(TimedOut.INSTANCE);
        assertThat(table.waiterCount(KEY)).isZero();

        table.release(KEY, first);
        assertThat(table.holderCount(KEY)).isZero();
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueAndThrows() throws Exception {
        token(table.acquire(0, KEY, 1, Duration.ZERO));
        Future<AcquireOutcome> waiter = threads.submit(() -> table.acquire(1, KEY, 1, LONG));
        await().atMost(Duration.ofSeconds(2)).until(() -> table.waiterCount(KEY) == 1);

        waiter.cancel(true);

        await().atMost(Duration.ofSeconds(2)).until(() -> table.waiterCount(KEY) == 0);
        assertThat(table.holderCount(KEY)).isEqualTo(1);
    }

    @Test
    void anEndedLeaseFreesTheSlotAndItsTokenNoLongerReleases() throws InterruptedException {
        AtomicLong now = new AtomicLong();
        SynchronizedLockTable manual = new SynchronizedLockTable(now::get, Duration.ofSeconds(30));
        Token expired = token(manual.acquire(1, KEY, 1, Duration.ZERO, Duration.ofSeconds(1)));

        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(manual.acquire(2, KEY, 1, Duration.ZERO)).isEqualTo(TimedOut.INSTANCE);
        now.addAndGet(Duration.ofMillis(1).toNanos());

        assertThat(manual.acquire(2, KEY, 1, Duration.ZERO)).isInstanceOf(Granted.class);
        assertThat(manual.release(KEY, expired)).isEqualTo(NotHeld.INSTANCE);
    }

    @Test
    void aLockIsNeverHeldByTwoThreadsAtOnce() throws Exception {
        assertThat(maxConcurrentHolders(1, 4, 2_000)).isEqualTo(1);
    }

    @Test
    void aSemaphoreIsNeverHeldAboveItsLimit() throws Exception {
        assertThat(maxConcurrentHolders(3, 6, 2_000)).isBetween(1, 3);
    }

    /** Runs {@code threadCount} threads doing acquire/release {@code rounds} times; returns the most seen inside. */
    private int maxConcurrentHolders(int limit, int threadCount, int rounds)
            throws InterruptedException, ExecutionException, TimeoutException {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            long owner = t;
            workers.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                    Token token = token(table.acquire(owner, KEY, limit, LONG));
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    assertThat(table.release(KEY, token)).isEqualTo(Released.INSTANCE);
                    completed.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(20, TimeUnit.SECONDS);
        }
        assertThat(completed.get()).isEqualTo(threadCount * rounds);
        assertThat(table.holderCount(KEY)).isZero();
        assertThat(table.waiterCount(KEY)).isZero();
        return most.get();
    }
}
