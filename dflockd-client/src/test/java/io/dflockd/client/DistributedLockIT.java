package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The high-level lock against a real server (CLIENT.md §4.2, §4.6). */
@Timeout(30)
class DistributedLockIT extends OneServerPerClass {
    private static DistributedLock.Builder lock(String key) {
        return DistributedLock.builder(key).servers(List.of(server.address()));
    }

    @Test
    void acquireHoldsAndReleaseFrees() throws Exception {
        try (DistributedLock lock = lock("dl-basic").leaseTtl(Duration.ofSeconds(60)).build()) {
            assertThat(lock.acquire()).isTrue();
            assertThat(lock.isHeld()).isTrue();
            assertThat(lock.token()).get().asString().hasSize(32);
            assertThat(lock.fence()).hasValue(Tokens.fence(lock.token().orElseThrow()));
            assertThat(lock.leaseSeconds()).isEqualTo(60);
            assertThat(lock.toString()).contains("dl-basic").contains("held")
                    .doesNotContain(lock.token().orElseThrow().substring(16));
            assertThat(server.holders("dl-basic")).isEqualTo(1);
            lock.release();
            assertThat(lock.isHeld()).isFalse();
            assertThat(lock.token()).isEmpty();
            assertThat(lock.leaseSeconds()).isZero();
            assertThat(server.holders("dl-basic")).isZero();
            lock.release(); // idempotent
            assertThat(lock.acquire()).as("reusable after release").isTrue();
        }
        assertThat(server.holders("dl-basic")).isZero();
    }

    @Test
    void tryAcquireNeverWaitsAndAcquireTimesOut() throws Exception {
        try (DistributedLock holder = lock("dl-try").build();
             DistributedLock other = lock("dl-try").acquireTimeout(Duration.ofMillis(300)).build()) {
            assertThat(holder.tryAcquire()).isTrue();
            assertThat(other.tryAcquire()).isFalse();
            long start = System.nanoTime();
            assertThat(other.acquire()).isFalse(); // 300 ms rounds up to 1 s
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(other.isHeld()).isFalse();
            assertThat(server.waiters("dl-try")).isZero();
        }
    }

    @Test
    void twoPhaseAcquiredThenAwaitReturnsAtOnce() throws Exception {
        try (DistributedLock lock = lock("dl-2p-fast").build()) {
            assertThat(lock.enqueue()).isEqualTo(EnqueueStatus.ACQUIRED);
            assertThat(lock.isHeld()).isTrue();
            assertThat(lock.await(Duration.ofSeconds(30))).isTrue();
            assertThatThrownBy(() -> lock.await(Duration.ZERO)).isInstanceOf(NotEnqueuedException.class);
            assertThat(lock.isHeld()).isTrue();
        }
    }

    @Test
    void twoPhaseQueuedThenGranted() throws Exception {
        try (DistributedLock first = lock("dl-2p").build(); DistributedLock second = lock("dl-2p").build()) {
            assertThat(first.acquire()).isTrue();
            assertThat(second.enqueue()).isEqualTo(EnqueueStatus.QUEUED);
            assertThat(second.isHeld()).isFalse();
            assertThat(server.waiters("dl-2p")).isEqualTo(1);
            Future<Boolean> granted = second.awaitAsync(Duration.ofSeconds(10));
            first.release();
            assertThat(granted.get()).isTrue();
            assertThat(second.isHeld()).isTrue();
            assertThat(Long.compareUnsigned(second.fence().getAsLong(), 0)).isPositive();
        }
    }

    @Test
    void twoPhaseAwaitTimeoutLosesThePosition() throws Exception {
        try (DistributedLock first = lock("dl-2p-to").build(); DistributedLock second = lock("dl-2p-to").build()) {
            assertThat(first.acquire()).isTrue();
            assertThat(second.enqueue()).isEqualTo(EnqueueStatus.QUEUED);
            assertThat(second.await(Duration.ZERO)).isFalse();
            assertThat(server.waiters("dl-2p-to")).isZero();
            assertThatThrownBy(() -> second.await(Duration.ZERO)).isInstanceOf(NotEnqueuedException.class);
            assertThat(second.enqueue()).isEqualTo(EnqueueStatus.QUEUED);
            assertThat(second.await(Duration.ofMillis(100))).isFalse();
        }
    }

    @Test
    void releaseWhileQueuedDropsTheWaiter() throws Exception {
        try (DistributedLock first = lock("dl-q-rel").build(); DistributedLock second = lock("dl-q-rel").build()) {
            assertThat(first.acquire()).isTrue();
            assertThat(second.enqueue()).isEqualTo(EnqueueStatus.QUEUED);
            second.release();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("dl-q-rel") == 0);
            assertThatThrownBy(() -> second.await(Duration.ZERO)).isInstanceOf(NotEnqueuedException.class);
        }
    }

    @Test
    void fifoAmongSeveralInstances() throws Exception {
        int n = 4;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<DistributedLock> locks = new ArrayList<>();
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (DistributedLock owner = lock("dl-fifo").build()) {
            assertThat(owner.acquire()).isTrue();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                DistributedLock waiter = lock("dl-fifo").build();
                locks.add(waiter);
                futures.add(pool.submit(() -> {
                    assertThat(waiter.acquire()).isTrue();
                    order.add(id);
                    waiter.release();
                    return null;
                }));
                // queue them in a known order: the next starts only once this one waits on the server
                await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("dl-fifo") == id + 1);
            }
            owner.release();
            for (Future<?> future : futures) {
                future.get();
            }
            assertThat(order).containsExactly(0, 1, 2, 3);
        } finally {
            locks.forEach(DistributedLock::close);
            pool.shutdown();
        }
    }

    @Test
    void acquireAgainAbandonsThePreviousGrant() throws Exception {
        try (DistributedLock lock = lock("dl-reacquire").build()) {
            assertThat(lock.acquire()).isTrue();
            long firstFence = lock.fence().getAsLong();
            assertThat(lock.acquire()).isTrue(); // the old connection is closed; auto-release frees it
            assertThat(Long.compareUnsigned(lock.fence().getAsLong(), firstFence)).isPositive();
            assertThat(server.holders("dl-reacquire")).isEqualTo(1);
        }
    }

    @Test
    void abandonFreesThroughAutoReleaseAndTheNextWaiterGetsIt() throws Exception {
        try (DistributedLock holder = lock("dl-abandon").build();
             DistributedLock waiter = lock("dl-abandon").build()) {
            assertThat(holder.acquire()).isTrue();
            Future<Boolean> next = waiter.acquireAsync();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("dl-abandon") == 1);
            long start = System.nanoTime();
            holder.abandon();
            assertThat(holder.isHeld()).isFalse();
            assertThat(next.get()).isTrue();
            System.out.printf("hand-off after abandon took %.1f ms%n", (System.nanoTime() - start) / 1e6);
            assertThat(waiter.isHeld()).isTrue();
            holder.release(); // nothing held: no error
        }
    }

    @Test
    void releaseOfAGrantTheServerNoLongerKnowsThrowsButCloseDoesNot() throws Exception {
        try (DistributedLock lock = lock("dl-gone").build();
             DflockdConnection other = DflockdConnection.connect(server.address(), ConnectOptions.defaults())) {
            assertThat(lock.acquire()).isTrue();
            other.release("dl-gone", lock.token().orElseThrow()); // bearer release behind the holder's back
            assertThatThrownBy(lock::release).isInstanceOf(ServerErrorException.class);
            assertThat(lock.isHeld()).isFalse();
            DistributedLock closing = lock("dl-gone").build();
            assertThat(closing.acquire()).isTrue();
            other.release("dl-gone", closing.token().orElseThrow());
            closing.close(); // no exception
            assertThat(closing.isHeld()).isFalse();
        }
    }

    @Test
    void aLockAndASemaphoreOfLimitOneShareTheKey() throws Exception {
        try (DistributedLock lock = lock("dl-shared").build();
             DistributedSemaphore one = DistributedSemaphore.builder("dl-shared", 1)
                     .servers(List.of(server.address())).build();
             DistributedSemaphore two = DistributedSemaphore.builder("dl-shared", 2)
                     .servers(List.of(server.address())).build()) {
            assertThat(lock.acquire()).isTrue();
            assertThat(one.tryAcquire()).isFalse();
            assertThatThrownBy(two::tryAcquire).isInstanceOf(LimitMismatchException.class);
            assertThat(two.isHeld()).isFalse();
            lock.release();
            assertThat(one.tryAcquire()).isTrue();
        }
    }

    @Test
    void connectionFailureIsARetryableConnectionException() {
        String closedPort;
        try (TestServer gone = TestServer.start()) {
            closedPort = gone.address();
        }
        DistributedLock lock = DistributedLock.builder("dl-down").servers(List.of(closedPort)).build();
        assertThatThrownBy(lock::acquire).isInstanceOf(ConnectionException.class)
                .satisfies(e -> assertThat(((DflockdException) e).isRetryable()).isTrue());
        assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void releaseFromAnInterruptedThreadStillReleasesAndKeepsTheInterrupt() throws Exception {
        try (DistributedLock lock = lock("dl-interrupted-release").build()) {
            assertThat(lock.acquire()).isTrue();
            Thread.currentThread().interrupt();
            lock.release();
            assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
            assertThat(server.holders("dl-interrupted-release")).isZero();
        }
    }

    @Test
    void aBlockedAcquireCancelledByAServerShutdownIsARetryableDraining() throws Exception {
        TestServer draining = TestServer.start();
        try (DistributedLock holder = DistributedLock.builder("dl-drain").servers(List.of(draining.address())).build();
             DistributedLock waiter = DistributedLock.builder("dl-drain").servers(List.of(draining.address()))
                     .build()) {
            assertThat(holder.acquire()).isTrue();
            Future<Boolean> blocked = waiter.acquireAsync();
            await().atMost(Duration.ofSeconds(2)).until(() -> draining.waiters("dl-drain") == 1);
            draining.close();
            assertThatThrownBy(blocked::get).hasCauseInstanceOf(DrainingException.class)
                    .satisfies(e -> assertThat(((DflockdException) e.getCause()).isRetryable()).isTrue());
            assertThat(waiter.isHeld()).isFalse();
        }
    }
}
