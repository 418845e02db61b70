package io.dflockd.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HttpSessionTest {
    @Test
    void turnsPassInArrivalOrderAndSealingWakesTheQueue() throws Exception {
        try (LockManager manager = LockManager.create(LockManagerConfig.defaults())) {
            HttpSession session = new HttpSession("0".repeat(32), manager.openSession(),
                    InetAddress.getLoopbackAddress(), System.nanoTime());
            assertThat(session.claim()).isTrue();
            Object first = session.awaitTurn();
            assertThat(first).isNotNull();
            List<Integer> order = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                CountDownLatch queued = new CountDownLatch(1);
                Future<?> second = pool.submit(() -> {
                    queued.countDown();
                    Object turn = session.awaitTurn();
                    order.add(2);
                    session.releaseTurn(turn);
                    return null;
                });
                queued.await();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).pollDelay(
                        java.time.Duration.ofMillis(50)).until(() -> !second.isDone());
                order.add(1);
                session.releaseTurn(first);
                second.get(5, TimeUnit.SECONDS);
                assertThat(order).containsExactly(1, 2);

                Object holder = session.awaitTurn();
                Future<Object> blocked = pool.submit(session::awaitTurn);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).pollDelay(
                        java.time.Duration.ofMillis(50)).until(() -> !blocked.isDone());
                assertThat(session.seal()).isTrue();
                assertThat(blocked.get(5, TimeUnit.SECONDS)).isNull();
                assertThat(session.claim()).isFalse();
                session.releaseTurn(holder);
                session.unclaim();
                assertThat(session.awaitIdle(0)).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void sealIfIdleNeverSealsABusySession() throws Exception {
        try (LockManager manager = LockManager.create(LockManagerConfig.defaults())) {
            HttpSession session = new HttpSession("1".repeat(32), manager.openSession(),
                    InetAddress.getLoopbackAddress(), 0);
            session.claim();
            assertThat(session.sealIfIdle(Long.MAX_VALUE, 1)).isFalse();
            session.unclaim();
            assertThat(session.sealIfIdle(session.lastSeenNanos() + 10, 1)).isTrue();
            assertThat(session.isSealed()).isTrue();
        }
    }
}
