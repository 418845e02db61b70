package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Interruption and cancellation at every stage leave nothing held on the server (CLIENT.md §4.5). */
@Timeout(60)
class InterruptionIT extends OneServerPerClass {
    private static DistributedLock lock(String key) {
        return DistributedLock.builder(key).servers(List.of(server.address())).build();
    }

    /** Runs {@code body} on a new thread; {@code interrupted} is counted down when it threw InterruptedException. */
    private static Thread runInterruptible(Interruptible body, CountDownLatch interrupted,
            AtomicReference<Object> result) {
        Thread thread = new Thread(() -> {
            try {
                result.set(body.run());
            } catch (InterruptedException e) {
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt status cleared").isFalse();
                interrupted.countDown();
            }
        });
        thread.start();
        return thread;
    }

    @FunctionalInterface
    interface Interruptible {
        Object run() throws InterruptedException;
    }

    @Test
    void interruptWhileQueuedInAcquire() throws Exception {
        try (DistributedLock holder = lock("int-queued"); DistributedLock waiter = lock("int-queued")) {
            assertThat(holder.acquire()).isTrue();
            CountDownLatch interrupted = new CountDownLatch(1);
            Thread thread = runInterruptible(waiter::acquire, interrupted, new AtomicReference<>());
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("int-queued") == 1);
            long start = System.nanoTime();
            thread.interrupt();
            assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
            System.out.printf("interrupt while queued: acquire ended after %.1f ms%n",
                    (System.nanoTime() - start) / 1e6);
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("int-queued") == 0);
            assertThat(waiter.isHeld()).isFalse();
            assertThatThrownBy(() -> waiter.await(Duration.ZERO)).isInstanceOf(NotEnqueuedException.class);
            holder.release();
            await().atMost(Duration.ofSeconds(2)).until(server::idle);
        }
    }

    @Test
    void interruptWhileQueuedInAwait() throws Exception {
        try (DistributedLock holder = lock("int-await"); DistributedLock waiter = lock("int-await")) {
            assertThat(holder.acquire()).isTrue();
            assertThat(waiter.enqueue()).isEqualTo(EnqueueStatus.QUEUED);
            CountDownLatch interrupted = new CountDownLatch(1);
            Thread thread = runInterruptible(() -> waiter.await(Duration.ofSeconds(20)), interrupted,
                    new AtomicReference<>());
            await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
                    .until(() -> thread.getState() == Thread.State.WAITING);
            thread.interrupt();
            assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("int-await") == 0);
            assertThat(waiter.isHeld()).isFalse();
            holder.release();
            await().atMost(Duration.ofSeconds(2)).until(server::idle);
        }
    }

    @Test
    void alreadyInterruptedOnEntryDoesNoIo() throws Exception {
        try (DistributedLock lock = lock("int-entry")) {
            int before = server.server.openConnections();
            Thread.currentThread().interrupt();
            assertThatThrownBy(lock::acquire).isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).isFalse();
            Thread.currentThread().interrupt();
            assertThatThrownBy(lock::enqueue).isInstanceOf(InterruptedException.class);
            Thread.currentThread().interrupt();
            assertThatThrownBy(lock::tryAcquire).isInstanceOf(InterruptedException.class);
            assertThat(server.server.openConnections()).isEqualTo(before);
            assertThat(lock.isHeld()).isFalse();
        }
    }

    @Test
    void interruptWhileHeldElsewhereAfterEntryAbandonsThePreviousGrant() throws Exception {
        try (DistributedLock lock = lock("int-held")) {
            assertThat(lock.acquire()).isTrue();
            Thread.currentThread().interrupt();
            assertThatThrownBy(lock::acquire).isInstanceOf(InterruptedException.class);
            assertThat(lock.isHeld()).isFalse();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.holders("int-held") == 0);
        }
    }

    @Test
    void aGrantStuckInTheNetworkWhenInterruptedIsFreed() throws Exception {
        try (Proxy proxy = new Proxy(server.address());
             DistributedLock holder = lock("int-raced-net");
             DistributedLock waiter = DistributedLock.builder("int-raced-net")
                     .servers(List.of(proxy.address())).build()) {
            assertThat(holder.acquire()).isTrue();
            CountDownLatch interrupted = new CountDownLatch(1);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread thread = runInterruptible(waiter::acquire, interrupted, result);
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("int-raced-net") == 1);
            proxy.freeze();
            holder.release(); // the server grants the waiter; the reply is stuck in the proxy
            await().atMost(Duration.ofSeconds(2)).until(() -> server.holders("int-raced-net") == 1);
            thread.interrupt();
            assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(3)).until(() -> server.holders("int-raced-net") == 0);
            assertThat(waiter.isHeld()).isFalse();
        }
    }

    @Test
    void interruptRacingAGrantNeverLeavesAHolder() throws Exception {
        int granted = 0;
        int interruptedCount = 0;
        for (int round = 0; round < 20; round++) {
            String key = "int-race-" + round;
            try (DistributedLock holder = lock(key); DistributedLock waiter = lock(key)) {
                assertThat(holder.acquire()).isTrue();
                CountDownLatch interrupted = new CountDownLatch(1);
                AtomicReference<Object> result = new AtomicReference<>();
                Thread thread = runInterruptible(waiter::acquire, interrupted, result);
                await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters(key) == 1);
                Thread releaser = new Thread(holder::release);
                releaser.start();
                long spin = ThreadLocalRandom.current().nextLong(0, 3_000_000);
                long until = System.nanoTime() + spin;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                thread.interrupt();
                thread.join(3000);
                releaser.join(3000);
                if (Boolean.TRUE.equals(result.get())) {
                    granted++;
                    assertThat(waiter.isHeld()).isTrue();
                    waiter.release();
                } else {
                    assertThat(interrupted.getCount()).isZero();
                    interruptedCount++;
                    assertThat(waiter.isHeld()).isFalse();
                }
                await().atMost(Duration.ofSeconds(3)).until(() -> server.holders(key) == 0 && server.waiters(key) == 0);
            }
        }
        System.out.printf("interrupt races: %d granted first, %d interrupted%n", granted, interruptedCount);
        assertThat(granted + interruptedCount).isEqualTo(20);
    }

    @Test
    void cancellingAnAsyncAcquireFreesTheQueuePosition() throws Exception {
        try (DistributedLock holder = lock("int-async"); DistributedLock waiter = lock("int-async")) {
            assertThat(holder.acquire()).isTrue();
            CompletableFuture<Boolean> future = waiter.acquireAsync();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("int-async") == 1);
            assertThat(future.cancel(true)).isTrue();
            assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("int-async") == 0);
            assertThat(waiter.isHeld()).isFalse();
            holder.release();
            assertThat(server.holders("int-async")).isZero();
        }
    }

    @Test
    void cancellingAnAsyncAwaitAndAnEnqueueThatAlreadyGot() throws Exception {
        try (DistributedLock holder = lock("int-async-2p"); DistributedLock waiter = lock("int-async-2p")) {
            assertThat(holder.acquire()).isTrue();
            assertThat(waiter.enqueueAsync().get(2, TimeUnit.SECONDS)).isEqualTo(EnqueueStatus.QUEUED);
            CompletableFuture<Boolean> awaiting = waiter.awaitAsync(Duration.ofSeconds(20));
            await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !awaiting.isDone());
            awaiting.cancel(true);
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("int-async-2p") == 0);
            holder.release();
            assertThat(server.holders("int-async-2p")).isZero();
        }
    }
}
