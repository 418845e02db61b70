package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.StatsSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Background renewal and lease-loss notification (CLIENT.md §4.3, §4.4). */
@Timeout(40)
class RenewalIT {

    @Test
    void renewalKeepsATwoSecondLeaseAliveForSixSeconds() throws Exception {
        try (TestServer server = TestServer.start();
             DistributedLock lock = DistributedLock.builder("renew-6s").leaseTtl(Duration.ofSeconds(2))
                     .servers(List.of(server.address())).build()) {
            assertThat(lock.acquire()).isTrue();
            long fence = lock.fence().getAsLong();
            long owner = server.lock("renew-6s").orElseThrow().ownerSessionId();
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(lock.isHeld()).isTrue();
                assertThat(lock.fence()).hasValue(fence);
                assertThat(lock.leaseSeconds()).isEqualTo(2);
                StatsSnapshot.LockEntry entry = server.lock("renew-6s").orElseThrow();
                assertThat(entry.ownerSessionId()).isEqualTo(owner);
                assertThat(entry.leaseRemaining()).isPositive();
                return System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(6);
            });
            lock.release();
            assertThat(server.holders("renew-6s")).isZero();
        }
    }

    @Test
    void aKilledHolderLosesTheLockAtOnceAndTheNextWaiterGetsIt() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        try (TestServer server = TestServer.start();
             Proxy proxy = new Proxy(server.address());
             DistributedLock holder = DistributedLock.builder("killed").leaseTtl(Duration.ofSeconds(2))
                     .servers(List.of(proxy.address())).onLeaseLost(e -> lost.incrementAndGet()).build();
             DistributedLock next = DistributedLock.builder("killed").servers(List.of(server.address())).build()) {
            assertThat(holder.acquire()).isTrue();
            Future<Boolean> waiting = next.acquireAsync();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("killed") == 1);
            long start = System.nanoTime();
            proxy.cutAll();
            assertThat(waiting.get(2, TimeUnit.SECONDS)).isTrue();
            System.out.printf("next waiter granted %.1f ms after the holder's connection died%n",
                    (System.nanoTime() - start) / 1e6);
            await().atMost(Duration.ofSeconds(3)).until(() -> !holder.isHeld());
            await().atMost(Duration.ofSeconds(2)).until(() -> lost.get() == 1);
            assertThat(next.isHeld()).isTrue();
        }
    }

    @Test
    void serverShutdownTriggersOnLeaseLostOnce() throws Exception {
        List<LeaseLostEvent> events = new CopyOnWriteArrayList<>();
        TestServer server = TestServer.start();
        try (DistributedLock lock = DistributedLock.builder("shutdown").leaseTtl(Duration.ofSeconds(2))
                .servers(List.of(server.address())).onLeaseLost(events::add).build()) {
            assertThat(lock.acquire()).isTrue();
            Future<LeaseLostEvent> lostFuture = lock.leaseLost();
            long fence = lock.fence().getAsLong();
            server.close();
            LeaseLostEvent event = lostFuture.get(5, TimeUnit.SECONDS);
            assertThat(event.key()).isEqualTo("shutdown");
            assertThat(event.fence()).hasValue(fence);
            assertThat(event.cause()).isInstanceOfAny(DrainingException.class, ConnectionException.class);
            assertThat(lock.isHeld()).isFalse();
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> events.size() == 1);
            lock.release(); // lease already lost: nothing to do, no error
        }
    }

    @Test
    void aSilentNetworkEndsTheLeaseByItsEnd() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        try (TestServer server = TestServer.start();
             Proxy proxy = new Proxy(server.address());
             DistributedLock lock = DistributedLock.builder("silent").leaseTtl(Duration.ofSeconds(2))
                     .servers(List.of(proxy.address())).onLeaseLost(e -> {
                         assertThat(e.cause()).isInstanceOf(ConnectionException.class);
                         lost.incrementAndGet();
                     }).build()) {
            assertThat(lock.acquire()).isTrue();
            long start = System.nanoTime();
            proxy.freeze();
            await().atMost(Duration.ofSeconds(4)).until(() -> !lock.isHeld());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("silent network: not held after %.2f s (lease 2 s)%n", seconds);
            assertThat(seconds).as("not held once the 2 s lease has passed").isLessThan(3.0);
            await().atMost(Duration.ofSeconds(2)).until(() -> lost.get() == 1);
        }
    }

    @Test
    void aRefusedRenewIsALossButAReleaseIsNot() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        try (TestServer server = TestServer.start();
             DflockdConnection thief = DflockdConnection.connect(server.address(), ConnectOptions.defaults());
             DistributedLock lock = DistributedLock.builder("refused").leaseTtl(Duration.ofSeconds(1))
                     .servers(List.of(server.address())).onLeaseLost(e -> {
                         assertThat(e.cause()).isInstanceOf(ServerErrorException.class);
                         lost.incrementAndGet();
                     }).build()) {
            assertThat(lock.acquire()).isTrue();
            lock.release();
            assertThat(lock.acquire()).isTrue();
            lock.abandon();
            assertThat(lock.acquire()).isTrue();
            thief.release("refused", lock.token().orElseThrow());
            await().atMost(Duration.ofSeconds(3)).until(() -> lost.get() == 1);
            assertThat(lock.isHeld()).isFalse();
            await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(2)).until(() -> lost.get() == 1);
        }
    }

    @Test
    void aThrowingCallbackIsContained() throws Exception {
        try (TestServer server = TestServer.start();
             DflockdConnection thief = DflockdConnection.connect(server.address(), ConnectOptions.defaults());
             DistributedLock lock = DistributedLock.builder("throwing").leaseTtl(Duration.ofSeconds(1))
                     .servers(List.of(server.address())).onLeaseLost(e -> {
                         throw new IllegalStateException("callback bug");
                     }).build()) {
            assertThat(lock.acquire()).isTrue();
            Future<LeaseLostEvent> lost = lock.leaseLost();
            thief.release("throwing", lock.token().orElseThrow());
            assertThat(lost.get(3, TimeUnit.SECONDS).key()).isEqualTo("throwing");
            assertThat(lock.acquire()).as("usable after a throwing callback").isTrue();
        }
    }

    @Test
    void releaseDuringAStuckRenewForceClosesAndReleasesElsewhereWithinItsBound() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        try (TestServer server = TestServer.start();
             Proxy proxy = new Proxy(server.address());
             DistributedLock lock = DistributedLock.builder("stuck-renew").leaseTtl(Duration.ofSeconds(4))
                     .renewRatio(0.1).servers(List.of(proxy.address())).onLeaseLost(e -> lost.incrementAndGet())
                     .build()) {
            assertThat(lock.acquire()).isTrue();
            proxy.freeze(); // the next renew's reply never arrives
            long renewDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
            await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() - renewDue >= 0);
            long start = System.nanoTime();
            lock.release(); // waits 2 s for the stuck renew, force-closes, releases on a fresh connection (bounded)
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("release with a stuck renew took %.2f s%n", seconds);
            assertThat(seconds).isBetween(1.5, 5.0);
            assertThat(lock.isHeld()).isFalse();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.holders("stuck-renew") == 0);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> lost.get() == 0);
        }
    }
}
