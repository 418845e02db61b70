package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exchanges of PROTOCOL.md §12, byte for byte (token values aside), one test per subsection. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkedExamplesIT {
    private static final String GRANT = "ok [0-9a-f]{32} ";

    @Test
    void ping12_1() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
            assertThat(c.send("ping\n\n\n").readLine()).isEqualTo("ok");
        }
    }

    @Test
    void acquire12_2() {
        try (TestServer server = TestServer.start(engine -> engine.maxLocks(6), tcp -> { });
             WireClient c = server.client(); WireClient a = server.client(); WireClient b = server.client()) {
            assertThat(c.request("l", "deploy-job", "10 60")).matches(GRANT + "60");
            assertThat(c.request("l", "build-cache", "10")).matches(GRANT + "33");
            assertThat(c.send("l\r\nbuild-cache\r\n0\r\n").readLine()).isEqualTo("timeout");

            String t1 = a.lock("job", "0 30");
            b.frame("l", "job", "20 30");
            b.assertSilentFor(Duration.ofMillis(200));
            assertThat(a.request("r", "job", t1)).isEqualTo("ok");
            String t2 = b.readLine();
            assertThat(t2).matches(GRANT + "30");
            assertThat(t2.substring(3, 35)).isGreaterThan(t1);

            long start = System.nanoTime();
            assertThat(c.request("l", "job", "2")).isEqualTo("timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));

            assertThat(c.request("l", "job", "10 0")).isEqualTo("error");
            assertThat(c.request("l", "job", "")).isEqualTo("error");
            assertThat(c.request("l", "job", "10 60 5")).isEqualTo("error");
            assertThat(c.request("l", "job", "-1")).isEqualTo("error");
            assertThat(c.request("l", "free-key", "+5")).matches(GRANT + "33");
            assertThat(c.request("l", "my key", "5")).isEqualTo("error");
            assertThat(c.request("sl", "rate-limited-api", "0 5")).matches(GRANT + "33");
            assertThat(c.request("l", "rate-limited-api", "5")).isEqualTo("error_limit_mismatch");
            // deploy-job, build-cache, job, free-key, rate-limited-api: one more key fits, then the cap
            assertThat(c.request("l", "one-more", "0")).matches(GRANT + "33");
            assertThat(c.request("l", "brand-new-key", "5")).isEqualTo("error_max_locks");
        }
    }

    @Test
    void release12_3() {
        try (TestServer server = TestServer.start(); WireClient a = server.client(); WireClient b = server.client()) {
            String token = a.lock("deploy-job", "0");
            assertThat(a.request("r", "deploy-job", token)).isEqualTo("ok");
            assertThat(a.request("r", "deploy-job", token)).isEqualTo("error");
            assertThat(a.request("r", "deploy-job", "   ")).isEqualTo("error");

            String report = a.lock("report", "0");
            assertThat(b.request("r", "report", report)).isEqualTo("ok");
            server.assertEngineIdle();
        }
    }

    @Test
    void renew12_4() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            String token = c.lock("deploy-job", "0 10");
            assertThat(c.request("n", "deploy-job", token + " 60")).isEqualTo("ok 60");
            assertThat(c.request("n", "deploy-job", token)).isEqualTo("ok 33");
            assertThat(c.request("n", "deploy-job", "00000000000000000000000000000000")).isEqualTo("error");
            assertThat(c.request("n", "deploy-job", "")).isEqualTo("error");
        }
    }

    @Test
    void twoPhaseFastPath12_5() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            String acquired = c.request("e", "migrate", "60");
            assertThat(acquired).matches("acquired [0-9a-f]{32} 60");
            String token = acquired.split(" ")[1];
            assertThat(c.request("w", "migrate", "10")).isEqualTo("ok " + token + " 60");
        }
    }

    @Test
    void twoPhaseQueuedThenGranted12_5() {
        try (TestServer server = TestServer.start(); WireClient a = server.client(); WireClient b = server.client()) {
            String t1 = a.lock("migrate", "0");
            assertThat(b.request("e", "migrate", "")).isEqualTo("queued");
            assertThat(b.request("e", "migrate", "")).isEqualTo("error_already_enqueued");
            assertThat(a.request("r", "migrate", t1)).isEqualTo("ok");
            assertThat(b.request("w", "migrate", "30")).matches(GRANT + "33");
        }
    }

    @Test
    void twoPhaseAbandonAndErrors12_5() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client()) {
            holder.lock("migrate", "0");
            assertThat(c.request("e", "migrate", "")).isEqualTo("queued");
            assertThat(c.request("w", "migrate", "0")).isEqualTo("timeout");
            assertThat(c.request("w", "migrate", "0")).isEqualTo("error_not_enqueued");
            assertThat(c.request("w", "other", "5")).isEqualTo("error_not_enqueued");
            assertThat(c.request("w", "migrate", "10 20")).isEqualTo("error");
            assertThat(c.request("e", "migrate", "30 junk")).isEqualTo("error");
        }
    }

    @Test
    void twoPhaseLeaseRanOut12_5() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            assertThat(c.request("e", "short", "1")).matches("acquired [0-9a-f]{32} 1");
            c.assertSilentFor(Duration.ofMillis(1500)); // the lease (1 s) runs out meanwhile
            assertThat(c.request("w", "short", "0")).isIn("error_lease_expired", "error_not_enqueued");
        }
    }

    @Test
    void semaphores12_6() {
        try (TestServer server = TestServer.start(); WireClient a = server.client(); WireClient b = server.client();
             WireClient c = server.client(); WireClient d = server.client()) {
            String t1 = a.request("sl", "rate-limited-api", "10 5").split(" ")[1];
            assertThat(b.request("sl", "rate-limited-api", "10 5 60")).matches(GRANT + "60");
            assertThat(c.request("sl", "rate-limited-api", "10 3")).isEqualTo("error_limit_mismatch");
            assertThat(c.request("sl", "rate-limited-api", "10 0")).isEqualTo("error");
            assertThat(c.request("sl", "rate-limited-api", "10 1048577")).isEqualTo("error");
            assertThat(c.request("sl", "rate-limited-api", "10")).isEqualTo("error");
            assertThat(a.request("sn", "rate-limited-api", t1 + " 45")).isEqualTo("ok 45");
            assertThat(a.request("sr", "rate-limited-api", t1)).isEqualTo("ok");
            String acquired = d.request("se", "rate-limited-api", "5");
            assertThat(acquired).matches("acquired [0-9a-f]{32} 33");
            assertThat(d.request("sw", "rate-limited-api", "5")).isEqualTo("ok " + acquired.split(" ")[1] + " 33");
        }
    }

    @Test
    void lockKeyThroughSemaphoreCommands12_6() {
        try (TestServer server = TestServer.start(); WireClient a = server.client(); WireClient b = server.client()) {
            String t1 = a.lock("deploy-job", "0");
            assertThat(b.request("sl", "deploy-job", "0 1")).isEqualTo("timeout");
            assertThat(b.request("sl", "deploy-job", "0 2")).isEqualTo("error_limit_mismatch");
            assertThat(a.request("sr", "deploy-job", t1)).isEqualTo("ok");
            server.assertEngineIdle();
        }
    }

    @Test
    void stats12_7() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient waiter = server.client()) {
            holder.lock("deploy-job", "0 60");
            waiter.frame("l", "deploy-job", "30");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
                    .until(() -> server.manager.stats().locks().stream().anyMatch(l -> l.waiters() == 1));
            String reply = holder.request("stats", "_", "_");
            assertThat(reply).matches("ok \\{\"connections\":2,\"locks\":\\[\\{\"key\":\"deploy-job\","
                    + "\"owner_conn_id\":1,\"lease_expires_in_s\":[0-9.]+,\"waiters\":1}],\"semaphores\":\\[],"
                    + "\"idle_locks\":\\[],\"idle_semaphores\":\\[]}");
        }
    }

    @Test
    void auth12_8() {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.authToken("s3cret"))) {
            try (WireClient c = server.client()) {
                assertThat(c.request("auth", "_", "s3cret")).isEqualTo("ok");
                assertThat(c.request("l", "job", "5")).matches(GRANT + "33");
                assertThat(c.request("auth", "_", "s3cret")).isEqualTo("error");
                assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
            }
            try (WireClient c = server.client()) {
                c.frame("auth", "_", "wrong");
                assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error_auth\n");
            }
            try (WireClient c = server.client()) {
                c.frame("ping", "_", "_");
                assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error_auth\n");
            }
        }
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            assertThat(c.request("auth", "_", "anything")).isEqualTo("error");
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
        }
    }

    @Test
    void framingErrors12_9() {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.readTimeout(Duration.ofSeconds(1)))) {
            try (WireClient c = server.client()) {
                assertThat(c.request("frobnicate", "x", "y")).isEqualTo("error");
                assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
                c.send("l\n" + "k".repeat(257) + "\n");
                assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error\n");
            }
            try (WireClient c = server.client()) {
                c.send("l\n");
                assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error\n");
            }
        }
    }

    @Test
    void pipelining12_10() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            c.send("ping\n_\n_\nl\njob\n0\nping\n_\n_\n");
            assertThat(c.readLine()).isEqualTo("ok");
            assertThat(c.readLine()).matches(GRANT + "33");
            assertThat(c.readLine()).isEqualTo("ok");
        }
    }

    @Test
    void draining12_11() throws Exception {
        TestServer server = TestServer.start();
        try (WireClient c = server.client()) {
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
            CompletableFuture<Void> drain = CompletableFuture.runAsync(server::close);
            assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error_draining\n");
            drain.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }
}
