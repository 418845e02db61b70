package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The high-level semaphore against a real server. */
@Timeout(60)
class DistributedSemaphoreIT {

    @Test
    void twentyContendersNeverExceedFiveHolders() throws Exception {
        try (TestServer server = TestServer.start()) {
            int contenders = 20;
            int rounds = 5;
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            AtomicInteger maxOnServer = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(contenders);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                futures.add(pool.submit(() -> {
                    try (DistributedSemaphore sem = DistributedSemaphore.builder("rate-limited-api", 5)
                            .servers(List.of(server.address())).acquireTimeout(Duration.ofSeconds(20)).build()) {
                        start.await();
                        for (int r = 0; r < rounds; r++) {
                            assertThat(sem.acquire()).isTrue();
                            int now = inside.incrementAndGet();
                            maxInside.accumulateAndGet(now, Math::max);
                            maxOnServer.accumulateAndGet(server.holders("rate-limited-api"), Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                            sem.release();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
            System.out.printf("semaphore of 5, 20 contenders: max %d holders inside, max %d on the server%n",
                    maxInside.get(), maxOnServer.get());
            assertThat(maxInside.get()).isBetween(1, 5);
            assertThat(maxOnServer.get()).isBetween(1, 5);
            assertThat(server.holders("rate-limited-api")).isZero();
        }
    }

    @Test
    void semaphoreTwoPhaseAndAccessors() throws Exception {
        try (TestServer server = TestServer.start();
             DistributedSemaphore a = DistributedSemaphore.builder("sem-2p", 2).leaseTtl(Duration.ofSeconds(60))
                     .servers(List.of(server.address())).build();
             DistributedSemaphore b = DistributedSemaphore.builder("sem-2p", 2)
                     .servers(List.of(server.address())).build();
             DistributedSemaphore c = DistributedSemaphore.builder("sem-2p", 2)
                     .servers(List.of(server.address())).build()) {
            assertThat(a.enqueue()).isEqualTo(EnqueueStatus.ACQUIRED);
            assertThat(a.leaseSeconds()).isEqualTo(60);
            assertThat(b.acquire()).isTrue();
            assertThat(c.enqueue()).isEqualTo(EnqueueStatus.QUEUED);
            assertThat(server.semaphore("sem-2p").orElseThrow().waiters()).isEqualTo(1);
            b.release();
            assertThat(c.await(Duration.ofSeconds(5))).isTrue();
            assertThat(server.semaphore("sem-2p").orElseThrow().holders()).isEqualTo(2);
            assertThat(a.fence()).isNotEqualTo(c.fence());
        }
    }
}
