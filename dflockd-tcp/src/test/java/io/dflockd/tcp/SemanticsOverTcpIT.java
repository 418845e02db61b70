package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's rules seen through TCP: F-1..F-5, N-1, N-2, L-5, L-6, L-8, T-1..T-9 and the D-1 matrix. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SemanticsOverTcpIT {
    private static final String GRANT = "ok [0-9a-f]{32} \\d+";
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private static ResourceView view(TestServer server, String key) {
        return server.manager.view(ResourceKey.of(key)).orElseThrow();
    }

    private static void awaitWaiters(TestServer server, String key, int count) {
        await().atMost(PROMPTLY).until(() -> server.manager.view(ResourceKey.of(key))
                .map(view -> view.waiters() == count).orElse(count == 0));
    }

    private static String tokenOf(String reply) {
        return reply.split(" ")[1];
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void f1FifoAcrossSixConnections(int limit) {
        try (TestServer server = TestServer.start()) {
            String acquire = limit == 1 ? "l" : "sl";
            String suffix = limit == 1 ? "" : " " + limit;
            List<WireClient> holders = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                WireClient holder = server.client();
                holders.add(holder);
                tokens.add(tokenOf(holder.request(acquire, "f", "0" + suffix)));
            }
            List<WireClient> waiters = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                WireClient waiter = server.client();
                waiters.add(waiter);
                waiter.frame(acquire, "f", "20" + suffix);
                awaitWaiters(server, "f", i + 1);
            }
            for (int i = 0; i < 6; i++) {
                WireClient releaser = i < limit ? holders.get(i) : waiters.get(i - limit);
                assertThat(releaser.request("r", "f", tokens.get(i))).isEqualTo("ok");
                String grant = waiters.get(i).readLine();
                assertThat(grant).matches(GRANT);
                tokens.add(tokenOf(grant));
                if (i + 1 < 6) {
                    waiters.get(i + 1).assertSilentFor(Duration.ofMillis(50)); // only the oldest was granted
                }
            }
            holders.forEach(WireClient::close);
            waiters.forEach(WireClient::close);
        }
    }

    @Test
    void f2NoBargingWhileAWaiterIsQueued() {
        try (TestServer server = TestServer.start(); WireClient a = server.client(); WireClient b = server.client();
             WireClient c = server.client()) {
            String token = a.lock("k", "0");
            b.frame("l", "k", "20");
            awaitWaiters(server, "k", 1);
            assertThat(c.request("l", "k", "0")).isEqualTo("timeout");
            c.frame("r", "k", token); // release and a try-lock from another connection, back to back
            a.frame("l", "k", "0");
            assertThat(c.readLine()).isEqualTo("ok");
            assertThat(b.readLine()).matches(GRANT);
            assertThat(a.readLine()).isEqualTo("timeout");
        }
    }

    @Test
    void maxWaitersAnswersErrorMaxWaitersOnLAndEAndATryLockThatWouldQueue() {
        try (TestServer server = TestServer.start(engine -> engine.maxWaiters(1), tcp -> { });
             WireClient holder = server.client(); WireClient queued = server.client();
             WireClient c = server.client()) {
            String token = holder.lock("k", "0");
            queued.frame("l", "k", "20");
            awaitWaiters(server, "k", 1);
            assertThat(c.request("l", "k", "5")).isEqualTo("error_max_waiters");
            assertThat(c.request("l", "k", "0")).isEqualTo("error_max_waiters");
            assertThat(c.request("e", "k", "")).isEqualTo("error_max_waiters");
            assertThat(c.request("sl", "k", "5 1")).isEqualTo("error_max_waiters");
            assertThat(holder.request("r", "k", token)).isEqualTo("ok");
            assertThat(queued.readLine()).matches(GRANT);
        }
    }

    @Test
    void f3LocksAreNotReentrant() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            c.lock("k", "0 60");
            assertThat(c.request("l", "k", "1")).isEqualTo("timeout");
        }
    }

    @Test
    void f4AndF5SemaphoreHoldersGetDistinctIncreasingTokensAndOneConnectionMayHoldSeveral() {
        try (TestServer server = TestServer.start(); WireClient c = server.client();
             WireClient extra = server.client()) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tokens.add(tokenOf(c.request("sl", "s", "0 4")));
            }
            assertThat(new HashSet<>(tokens)).hasSize(4);
            assertThat(tokens).isSorted();
            assertThat(view(server, "s").holders()).hasSize(4);
            extra.frame("sl", "s", "20 4");
            awaitWaiters(server, "s", 1);
            assertThat(c.request("sr", "s", tokens.get(2))).isEqualTo("ok");
            assertThat(extra.readLine()).matches(GRANT);
        }
    }

    @Test
    void n1AndN2OneNamespaceForLocksAndSemaphores() {
        try (TestServer server = TestServer.start(); WireClient a = server.client(); WireClient b = server.client()) {
            String lockToken = a.lock("k", "0");
            assertThat(b.request("sl", "k", "0 5")).isEqualTo("error_limit_mismatch");
            assertThat(b.request("se", "k", "5")).isEqualTo("error_limit_mismatch");
            assertThat(b.request("sl", "s", "0 5")).matches(GRANT);
            assertThat(a.request("l", "s", "0")).isEqualTo("error_limit_mismatch");
            assertThat(a.request("e", "s", "")).isEqualTo("error_limit_mismatch");

            assertThat(b.request("se", "k", "1")).isEqualTo("queued"); // same FIFO as l
            assertThat(a.request("sn", "k", lockToken + " 40")).isEqualTo("ok 40");
            assertThat(a.request("sr", "k", lockToken)).isEqualTo("ok");
            String grant = b.request("sw", "k", "5");
            assertThat(grant).matches(GRANT);
            assertThat(b.request("n", "k", tokenOf(grant))).isEqualTo("ok 33");
            assertThat(b.request("r", "k", tokenOf(grant))).isEqualTo("ok");
            assertThat(b.request("sl", "k", "0 1")).matches(GRANT);
        }
    }

    @Test
    void l5AndL6BearerTokensAndDoubleRelease() {
        try (TestServer server = TestServer.start(); WireClient a = server.client(); WireClient b = server.client()) {
            String token = a.lock("k", "0");
            assertThat(b.request("n", "k", token + " 50")).isEqualTo("ok 50");
            assertThat(b.request("r", "k", token)).isEqualTo("ok");
            assertThat(a.request("r", "k", token)).isEqualTo("error");
            assertThat(b.request("n", "k", token)).isEqualTo("error");
            assertThat(a.request("r", "k", "not-a-token")).isEqualTo("error");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void l8AHolderWhoseConnectionClosesIsReleasedOnlyWithAutoRelease(boolean autoRelease) {
        try (TestServer server = TestServer.start(engine -> engine.autoReleaseOnSessionEnd(autoRelease), tcp -> { });
             WireClient waiter = server.client()) {
            WireClient holder = server.client();
            holder.lock("k", "0 2");
            waiter.frame("l", "k", "20");
            awaitWaiters(server, "k", 1);
            long start = System.nanoTime();
            holder.close();
            assertThat(waiter.readLine()).matches(GRANT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (autoRelease) {
                assertThat(millis).isLessThan(1500);
            } else {
                assertThat(millis).isGreaterThanOrEqualTo(1000); // granted when the 2 s lease ended
            }
        }
    }

    @Test
    void t1EnqueueTwiceOnOneKeyFailsButDifferentKeysAreIndependent() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            assertThat(c.request("e", "a", "")).startsWith("acquired ");
            assertThat(c.request("e", "a", "")).isEqualTo("error_already_enqueued");
            assertThat(c.request("e", "b", "")).startsWith("acquired ");
        }
    }

    @Test
    void t2AcquiredThenWaitReturnsTheSameToken() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            String token = tokenOf(c.request("e", "k", "40"));
            assertThat(c.request("w", "k", "0")).isEqualTo("ok " + token + " 40");
            assertThat(view(server, "k").holders().get(0).leaseRemaining()).isGreaterThan(Duration.ofSeconds(38));
        }
    }

    @Test
    void t3AndT5LeaseEndsBeforeTheWait() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client(); WireClient d = server.client()) {
            assertThat(c.request("e", "t3", "1")).startsWith("acquired ");
            String token = holder.lock("t5", "0");
            assertThat(d.request("e", "t5", "1")).isEqualTo("queued");
            assertThat(holder.request("r", "t5", token)).isEqualTo("ok");
            c.assertSilentFor(Duration.ofMillis(1600));
            assertThat(c.request("w", "t3", "0")).isIn("error_lease_expired", "error_not_enqueued");
            assertThat(d.request("w", "t5", "5")).isIn("error_lease_expired", "error_not_enqueued");
        }
    }

    @Test
    void t4QueuedThenZeroWaitTimesOutAndLeavesTheQueue() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client()) {
            holder.lock("k", "0");
            assertThat(c.request("e", "k", "")).isEqualTo("queued");
            assertThat(view(server, "k").waiters()).isEqualTo(1);
            assertThat(c.request("w", "k", "0")).isEqualTo("timeout");
            assertThat(view(server, "k").waiters()).isZero();
            assertThat(c.request("w", "k", "5")).isEqualTo("error_not_enqueued");
        }
    }

    @Test
    void t6WaitWithoutEnqueue() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            assertThat(c.request("w", "k", "5")).isEqualTo("error_not_enqueued");
            assertThat(c.request("sw", "k", "0")).isEqualTo("error_not_enqueued");
        }
    }

    @Test
    void t7PromotedWaiterIsCollectedAtOnceWithAFreshLease() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client()) {
            String token = holder.lock("k", "0");
            assertThat(c.request("e", "k", "30")).isEqualTo("queued");
            assertThat(holder.request("r", "k", token)).isEqualTo("ok");
            long start = System.nanoTime();
            assertThat(c.request("w", "k", "30")).matches("ok [0-9a-f]{32} 30");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        }
    }

    @Test
    void t8BlockingWaitThatTimesOutLosesThePosition() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client(); WireClient other = server.client()) {
            String token = holder.lock("k", "0");
            assertThat(c.request("e", "k", "")).isEqualTo("queued");
            assertThat(c.request("w", "k", "1")).isEqualTo("timeout");
            assertThat(c.request("w", "k", "0")).isEqualTo("error_not_enqueued");
            assertThat(other.request("e", "k", "")).isEqualTo("queued");
            assertThat(c.request("e", "k", "")).isEqualTo("queued"); // at the tail now
            assertThat(holder.request("r", "k", token)).isEqualTo("ok");
            assertThat(other.request("w", "k", "0")).matches(GRANT);
            assertThat(c.request("w", "k", "0")).isEqualTo("timeout");
        }
    }

    @Test
    void t9ReleasingAnEnqueuedGrantClearsTheTwoPhaseState() {
        try (TestServer server = TestServer.start(); WireClient c = server.client();
             WireClient other = server.client()) {
            String token = tokenOf(c.request("e", "k", ""));
            assertThat(other.request("r", "k", token)).isEqualTo("ok");
            assertThat(c.request("w", "k", "0")).isEqualTo("error_not_enqueued");
        }
    }

    /** D-1: (a) held, (b) queued l, (c) queued e, (d) promoted uncollected e; auto-release on and off. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void d1DisconnectMatrix(boolean autoRelease) {
        try (TestServer server = TestServer.start(engine -> engine.autoReleaseOnSessionEnd(autoRelease), tcp -> { });
             WireClient other = server.client()) {
            String blocker = other.lock("b", "0 60");
            String dBlocker = other.lock("d", "0 60");
            WireClient leaving = server.client();
            String held = leaving.lock("a", "0 60");
            assertThat(other.request("e", "c", "")).startsWith("acquired ");
            assertThat(leaving.request("e", "c", "")).isEqualTo("queued");
            leaving.frame("l", "b", "30");
            awaitWaiters(server, "b", 1);
            leaving.close(); // still blocked in l b: the watcher sees the close
            await().atMost(PROMPTLY).until(() -> view(server, "b").waiters() == 0 && view(server, "c").waiters() == 0);

            WireClient promoted = server.client();
            assertThat(promoted.request("e", "d", "")).isEqualTo("queued");
            assertThat(other.request("r", "d", dBlocker)).isEqualTo("ok");
            await().atMost(PROMPTLY).until(() -> view(server, "d").holders().size() == 1);
            promoted.close();

            Set<String> stillHeld = new HashSet<>();
            await().atMost(PROMPTLY).untilAsserted(() -> {
                stillHeld.clear();
                for (String key : new String[] {"a", "d"}) {
                    if (!view(server, key).holders().isEmpty()) {
                        stillHeld.add(key);
                    }
                }
                assertThat(stillHeld).isEqualTo(autoRelease ? Set.of() : Set.of("a", "d"));
            });
            assertThat(view(server, "b").holders()).hasSize(1); // other's grant is untouched
            if (!autoRelease) {
                assertThat(other.request("r", "a", held)).isEqualTo("ok"); // bearer release from another connection
            }
            assertThat(other.request("r", "b", blocker)).isEqualTo("ok");
        }
    }
}
