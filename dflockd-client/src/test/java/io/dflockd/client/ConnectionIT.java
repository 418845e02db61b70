package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every low-level command and every error status, against a real server (CLIENT.md §5, §6). */
@Timeout(30)
class ConnectionIT {
    private static final Duration TEN = Duration.ofSeconds(10);
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(engine -> engine.maxWaiters(1), tcp -> { });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static DflockdConnection connect() {
        return DflockdConnection.connect(server.address(), ConnectOptions.defaults());
    }

    @Test
    void acquireRenewReleaseAndPing() throws Exception {
        try (DflockdConnection c = connect()) {
            c.ping();
            Grant grant = c.acquire("conn-basic", TEN, Duration.ofSeconds(60)).orElseThrow();
            assertThat(grant.leaseSeconds()).isEqualTo(60);
            assertThat(grant.token()).hasSize(32);
            assertThat(grant.fence()).isPresent();
            assertThat(c.renew("conn-basic", grant.token(), Duration.ofSeconds(45))).isEqualTo(45);
            assertThat(c.renew("conn-basic", grant.token(), Duration.ZERO)).isEqualTo(33);
            c.release("conn-basic", grant.token());
            assertThatThrownBy(() -> c.release("conn-basic", grant.token()))
                    .isInstanceOf(ServerErrorException.class)
                    .satisfies(e -> assertThat(((DflockdException) e).statusLine()).hasValue("error"));
            assertThat(c.isOpen()).isTrue();
            assertThatThrownBy(() -> c.renew("conn-basic", grant.token(), Duration.ZERO))
                    .isInstanceOf(ServerErrorException.class);
        }
    }

    @Test
    void timeoutIsEmptyNotAnException() throws Exception {
        try (DflockdConnection a = connect(); DflockdConnection b = connect()) {
            Grant held = a.acquire("conn-timeout", Duration.ZERO, Duration.ZERO).orElseThrow();
            assertThat(held.leaseSeconds()).isEqualTo(33);
            assertThat(b.acquire("conn-timeout", Duration.ZERO, Duration.ZERO)).isEmpty();
            assertThat(b.acquire("conn-timeout", Duration.ofMillis(200), Duration.ZERO)).isEmpty();
            assertThat(b.isOpen()).isTrue();
            b.release("conn-timeout", held.token()); // bearer: any connection may release
        }
    }

    @Test
    void twoPhaseFastPathAndQueuedPath() throws Exception {
        try (DflockdConnection a = connect(); DflockdConnection b = connect()) {
            EnqueueResult first = a.enqueue("conn-2p", Duration.ofSeconds(60));
            assertThat(first).isInstanceOf(EnqueueResult.Acquired.class);
            Grant fast = ((EnqueueResult.Acquired) first).grant();
            assertThat(a.await("conn-2p", TEN)).hasValueSatisfying(g -> assertThat(g.token()).isEqualTo(fast.token()));
            assertThat(b.enqueue("conn-2p", Duration.ZERO)).isInstanceOf(EnqueueResult.Queued.class);
            assertThatThrownBy(() -> b.enqueue("conn-2p", Duration.ZERO)).isInstanceOf(AlreadyEnqueuedException.class);
            a.release("conn-2p", fast.token());
            Grant promoted = b.await("conn-2p", TEN).orElseThrow();
            assertThat(Long.compareUnsigned(promoted.fence().getAsLong(), fast.fence().getAsLong())).isPositive();
            assertThatThrownBy(() -> b.await("conn-2p", Duration.ZERO)).isInstanceOf(NotEnqueuedException.class);
            b.release("conn-2p", promoted.token());
            assertThat(b.enqueue("conn-2p", Duration.ZERO)).isInstanceOf(EnqueueResult.Acquired.class);
        }
    }

    @Test
    void awaitZeroAbandonsTheQueuePosition() throws Exception {
        try (DflockdConnection a = connect(); DflockdConnection b = connect()) {
            Grant held = a.acquire("conn-w0", Duration.ZERO, Duration.ZERO).orElseThrow();
            assertThat(b.enqueue("conn-w0", Duration.ZERO)).isInstanceOf(EnqueueResult.Queued.class);
            assertThat(b.await("conn-w0", Duration.ZERO)).isEmpty();
            assertThat(server.waiters("conn-w0")).isZero();
            a.release("conn-w0", held.token());
        }
    }

    @Test
    void semaphoreCommands() throws Exception {
        try (DflockdConnection a = connect(); DflockdConnection b = connect(); DflockdConnection c = connect()) {
            Grant one = a.semAcquire("conn-sem", TEN, 2, Duration.ZERO).orElseThrow();
            Grant two = b.semAcquire("conn-sem", TEN, 2, Duration.ofSeconds(60)).orElseThrow();
            assertThat(two.leaseSeconds()).isEqualTo(60);
            assertThat(c.semAcquire("conn-sem", Duration.ZERO, 2, Duration.ZERO)).isEmpty();
            assertThatThrownBy(() -> c.semAcquire("conn-sem", Duration.ZERO, 3, Duration.ZERO))
                    .isInstanceOf(LimitMismatchException.class)
                    .satisfies(e -> assertThat(((DflockdException) e).statusLine()).hasValue("error_limit_mismatch"));
            assertThatThrownBy(() -> c.acquire("conn-sem", Duration.ZERO, Duration.ZERO))
                    .isInstanceOf(LimitMismatchException.class);
            assertThat(a.semRenew("conn-sem", one.token(), Duration.ofSeconds(45))).isEqualTo(45);
            a.semRelease("conn-sem", one.token());
            assertThat(c.semEnqueue("conn-sem", 2, Duration.ZERO)).isInstanceOf(EnqueueResult.Acquired.class);
            Grant three = c.semAwait("conn-sem", TEN).orElseThrow();
            assertThat(server.semaphore("conn-sem").orElseThrow().holders()).isEqualTo(2);
            b.semRelease("conn-sem", two.token());
            c.release("conn-sem", three.token()); // r and sr are the same operation
            assertThat(server.holders("conn-sem")).isZero();
        }
    }

    @Test
    void statsJsonAndParsedStats() throws Exception {
        try (DflockdConnection a = connect()) {
            Grant grant = a.acquire("conn-stats", Duration.ZERO, Duration.ofSeconds(60)).orElseThrow();
            String json = a.statsJson();
            assertThat(json).startsWith("{\"connections\":").contains("\"conn-stats\"").doesNotContain(grant.token());
            Stats stats = a.stats();
            assertThat(stats.connections()).isPositive();
            Stats.LockInfo info = stats.lock("conn-stats").orElseThrow();
            assertThat(info.ownerConnId()).isPositive();
            assertThat(info.leaseExpiresInS()).isBetween(50.0, 60.0);
            a.release("conn-stats", grant.token());
        }
    }

    @Test
    void maxWaitersAndAuthWithoutServerToken() throws Exception {
        try (DflockdConnection a = connect(); DflockdConnection b = connect(); DflockdConnection c = connect()) {
            Grant held = a.acquire("conn-mw", Duration.ZERO, Duration.ZERO).orElseThrow();
            assertThat(b.enqueue("conn-mw", Duration.ZERO)).isInstanceOf(EnqueueResult.Queued.class);
            assertThatThrownBy(() -> c.enqueue("conn-mw", Duration.ZERO)).isInstanceOf(MaxWaitersException.class);
            assertThatThrownBy(() -> c.authenticate("anything")).isInstanceOf(ServerErrorException.class);
            assertThat(c.isOpen()).isTrue();
            c.ping();
            a.release("conn-mw", held.token());
        }
    }

    @Test
    void maxLocks() throws Exception {
        try (TestServer small = TestServer.start(engine -> engine.maxLocks(1), tcp -> { });
             DflockdConnection c = DflockdConnection.connect(small.address(), ConnectOptions.defaults())) {
            assertThat(c.acquire("first", Duration.ZERO, Duration.ZERO)).isPresent();
            assertThatThrownBy(() -> c.acquire("second", Duration.ZERO, Duration.ZERO))
                    .isInstanceOf(MaxLocksException.class);
        }
    }

    @Test
    void leaseExpiredBeforeAwait() throws Exception {
        AtomicLong now = new AtomicLong();
        try (TestServer manual = TestServer.start(engine -> engine.nanoClock(now::get), tcp -> { });
             DflockdConnection c = DflockdConnection.connect(manual.address(), ConnectOptions.defaults())) {
            assertThat(c.enqueue("short", Duration.ofSeconds(1))).isInstanceOf(EnqueueResult.Acquired.class);
            now.addAndGet(Duration.ofSeconds(3).toNanos());
            assertThatThrownBy(() -> c.await("short", Duration.ZERO))
                    .isInstanceOfAny(LeaseExpiredException.class, NotEnqueuedException.class);
        }
    }

    @Test
    void blockedAcquireCancelledByDrainIsDraining() throws Exception {
        TestServer draining = TestServer.start();
        try (DflockdConnection a = DflockdConnection.connect(draining.address(), ConnectOptions.defaults());
             DflockdConnection b = DflockdConnection.connect(draining.address(), ConnectOptions.defaults())) {
            assertThat(a.acquire("drain", Duration.ZERO, Duration.ZERO)).isPresent();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Optional<Grant>> blocked = pool.submit(() -> b.acquire("drain", TEN, Duration.ZERO));
            await().atMost(Duration.ofSeconds(2)).until(() -> draining.waiters("drain") == 1);
            draining.close();
            assertThatThrownBy(blocked::get).hasCauseInstanceOf(DrainingException.class);
            assertThat(b.isOpen()).isFalse();
            assertThatThrownBy(a::ping).isInstanceOfAny(DrainingException.class, ConnectionException.class);
            assertThatThrownBy(a::ping).isInstanceOf(ConnectionException.class);
            pool.shutdown();
        }
    }

    @Test
    void concurrentCallersNeverInterleaveReplies() throws Exception {
        try (DflockdConnection shared = connect()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String key = "conn-shared-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        Grant g = shared.acquire(key, Duration.ZERO, Duration.ZERO).orElseThrow();
                        assertThat(shared.renew(key, g.token(), Duration.ofSeconds(7))).isEqualTo(7);
                        shared.ping();
                        shared.release(key, g.token());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
        }
    }

    @Test
    void validationFailsBeforeIoAndTheConnectionStaysUsable() throws Exception {
        try (DflockdConnection c = connect()) {
            assertThatThrownBy(() -> c.acquire("a b", TEN, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.acquire("", TEN, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.acquire("k", Duration.ofSeconds(-1), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.acquire("k", TEN, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.acquire("k", Duration.ofSeconds(9_223_372_037L), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.semAcquire("k", TEN, 0, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.semEnqueue("k", 1_048_577, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.release("k", " ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.release("k", "a b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.renew("k", "x".repeat(257), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.authenticate("a\rb")).isInstanceOf(IllegalArgumentException.class);
            c.ping();
            assertThat(server.idle()).isTrue();
        }
    }

    @Test
    void aClosedConnectionThrowsConnectionException() throws Exception {
        DflockdConnection c = connect();
        c.close();
        c.close();
        assertThat(c.isOpen()).isFalse();
        assertThatThrownBy(c::ping).isInstanceOf(ConnectionException.class);
        assertThatThrownBy(() -> c.acquire("k", TEN, Duration.ZERO)).isInstanceOf(ConnectionException.class);
    }

    @Test
    void dialFailureIsARetryableConnectionException() {
        String closedPort;
        try (TestServer gone = TestServer.start()) {
            closedPort = gone.address();
        }
        assertThatThrownBy(() -> DflockdConnection.connect(closedPort, ConnectOptions.defaults()))
                .isInstanceOf(ConnectionException.class)
                .satisfies(e -> assertThat(((DflockdException) e).isRetryable()).isTrue());
    }

    @Test
    void interruptingABlockedAcquireClosesTheConnection() throws Exception {
        try (DflockdConnection a = connect(); DflockdConnection b = connect()) {
            Grant held = a.acquire("conn-int", Duration.ZERO, Duration.ZERO).orElseThrow();
            CountDownLatch done = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try {
                    b.acquire("conn-int", TEN, Duration.ZERO);
                } catch (InterruptedException e) {
                    done.countDown();
                }
            });
            waiter.start();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("conn-int") == 1);
            long start = System.nanoTime();
            waiter.interrupt();
            assertThat(done.await(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            System.out.printf("low-level interrupt took %.1f ms%n", (System.nanoTime() - start) / 1e6);
            assertThat(b.isOpen()).isFalse();
            await().atMost(Duration.ofSeconds(2)).until(() -> server.waiters("conn-int") == 0);
            a.release("conn-int", held.token());
        }
    }

    @Test
    void ipv6LiteralsInBrackets() throws Exception {
        try (TestServer v6 = TestServer.start(engine -> { }, tcp -> tcp.host("::1"))) {
            String address = "[::1]:" + v6.server.localAddress().getPort();
            try (DflockdConnection c = DflockdConnection.connect(address, ConnectOptions.defaults());
                 DistributedLock lock = DistributedLock.builder("v6").servers(java.util.List.of(address)).build()) {
                c.ping();
                assertThat(lock.acquire()).isTrue();
                assertThat(c.stats().lock("v6")).isPresent();
                assertThat(c.toString()).contains("[::1]:");
            }
        }
    }
}
