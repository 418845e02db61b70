package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.testing.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The quick start's TCP exchanges (PROTOCOL.md §12, the README's {@code nc} examples) replayed byte for byte against
 * the server started the way the quick start starts it: {@code ./dflockd} with default flags (port 0 instead of 6388
 * so the test never collides with a running server). Tokens are matched by shape; fences must increase.
 */
@Timeout(120)
class QuickStartIT {
    private static final String TOKEN = "([0-9a-f]{32})";

    private static ServerProcess server;
    private static int port;

    @BeforeAll
    static void startServerThroughTheLauncher() {
        server = ServerProcess.start(List.of(ServerProcess.launcher().toString(), "--port", "0"),
                Map.of("DFLOCKD_JAR", ServerProcess.jar().toString()), Optional.empty());
        port = server.tcpPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.sigterm();
            assertThat(server.awaitExit()).isZero();
            server.close();
        }
    }

    private static String token(String reply) {
        return reply.split(" ")[1];
    }

    @Test
    void ping() {
        try (WireClient client = WireClient.connect(port)) {
            assertThat(client.request("ping\n_\n_\n")).isEqualTo("ok\n");
            assertThat(client.request("ping\n\n\n")).isEqualTo("ok\n");
        }
    }

    @Test
    void acquireWithLeaseDefaultLeaseAndCrlfTryLock() {
        try (WireClient client = WireClient.connect(port)) {
            String first = client.request("l\nqs-deploy-job\n10 60\n");
            assertThat(first).matches("ok " + TOKEN + " 60\n");
            String second = client.request("l\nqs-build-cache\n10\n");
            assertThat(second).matches("ok " + TOKEN + " 33\n");
            assertThat(token(second).substring(0, 16)).isGreaterThan(token(first).substring(0, 16));
            assertThat(client.request("l\r\nqs-build-cache\r\n0\r\n")).isEqualTo("timeout\n");
        }
    }

    @Test
    void fifoHandOffAcrossTwoConnections() {
        try (WireClient a = WireClient.connect(port); WireClient b = WireClient.connect(port)) {
            String granted = a.request("l\nqs-job\n0 30\n");
            assertThat(granted).matches("ok " + TOKEN + " 30\n");
            b.send("l\nqs-job\n20 30\n");
            try (WireClient observer = WireClient.connect(port)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> observer.request("stats\n_\n_\n").contains("\"key\":\"qs-job\""));
                await().atMost(Duration.ofSeconds(10)).until(() -> observer.request("stats\n_\n_\n")
                        .matches("(?s).*\"key\":\"qs-job\",[^}]*\"waiters\":1}.*"));
            }
            assertThat(a.request("r\nqs-job\n" + token(granted) + "\n")).isEqualTo("ok\n");
            String handedOff = b.readLine();
            assertThat(handedOff).matches("ok " + TOKEN + " 30\n");
            assertThat(b.request("r\nqs-job\n" + token(handedOff) + "\n")).isEqualTo("ok\n");
        }
    }

    @Test
    void acquireArgumentErrors() {
        try (WireClient client = WireClient.connect(port)) {
            assertThat(client.request("l\nqs-err\n10 0\n")).isEqualTo("error\n");
            assertThat(client.request("l\nqs-err\n\n")).isEqualTo("error\n");
            assertThat(client.request("l\nqs-err\n10 60 5\n")).isEqualTo("error\n");
            assertThat(client.request("l\nqs-err\n-1\n")).isEqualTo("error\n");
            assertThat(client.request("l\nqs-free-key\n+5\n")).matches("ok " + TOKEN + " 33\n");
            assertThat(client.request("l\nmy key\n5\n")).isEqualTo("error\n");
            assertThat(client.request("sl\nqs-rate-limited-api\n10 5\n")).matches("ok " + TOKEN + " 33\n");
            assertThat(client.request("l\nqs-rate-limited-api\n5\n")).isEqualTo("error_limit_mismatch\n");
        }
    }

    @Test
    void releaseTwiceAndBearerRelease() {
        try (WireClient a = WireClient.connect(port); WireClient b = WireClient.connect(port)) {
            String granted = a.request("l\nqs-release\n10 60\n");
            assertThat(a.request("r\nqs-release\n" + token(granted) + "\n")).isEqualTo("ok\n");
            assertThat(a.request("r\nqs-release\n" + token(granted) + "\n")).isEqualTo("error\n");
            assertThat(a.request("r\nqs-release\n   \n")).isEqualTo("error\n");
            String report = a.request("l\nqs-report\n0\n");
            assertThat(report).matches("ok " + TOKEN + " 33\n");
            assertThat(b.request("r\nqs-report\n" + token(report) + "\n")).isEqualTo("ok\n");
        }
    }

    @Test
    void renew() {
        try (WireClient client = WireClient.connect(port)) {
            String token = token(client.request("l\nqs-renew\n10 60\n"));
            assertThat(client.request("n\nqs-renew\n" + token + " 60\n")).isEqualTo("ok 60\n");
            assertThat(client.request("n\nqs-renew\n" + token + "\n")).isEqualTo("ok 33\n");
            assertThat(client.request("n\nqs-renew\n00000000000000000000000000000000\n")).isEqualTo("error\n");
            assertThat(client.request("n\nqs-renew\n\n")).isEqualTo("error\n");
        }
    }

    @Test
    void twoPhaseFastPathQueuedAndErrors() {
        try (WireClient a = WireClient.connect(port); WireClient b = WireClient.connect(port)) {
            String acquired = a.request("e\nqs-migrate\n60\n");
            assertThat(acquired).matches("acquired " + TOKEN + " 60\n");
            assertThat(a.request("w\nqs-migrate\n10\n")).isEqualTo("ok " + token(acquired) + " 60\n");
            assertThat(a.request("r\nqs-migrate\n" + token(acquired) + "\n")).isEqualTo("ok\n");

            String held = a.request("l\nqs-migrate\n0\n");
            assertThat(b.request("e\nqs-migrate\n\n")).isEqualTo("queued\n");
            assertThat(b.request("e\nqs-migrate\n\n")).isEqualTo("error_already_enqueued\n");
            assertThat(a.request("r\nqs-migrate\n" + token(held) + "\n")).isEqualTo("ok\n");
            String promoted = b.request("w\nqs-migrate\n30\n");
            assertThat(promoted).matches("ok " + TOKEN + " 33\n");

            assertThat(a.request("e\nqs-migrate\n\n")).isEqualTo("queued\n");
            assertThat(a.request("w\nqs-migrate\n0\n")).isEqualTo("timeout\n");
            assertThat(a.request("w\nqs-migrate\n0\n")).isEqualTo("error_not_enqueued\n");
            assertThat(a.request("w\nqs-other\n5\n")).isEqualTo("error_not_enqueued\n");
            assertThat(a.request("w\nqs-migrate\n10 20\n")).isEqualTo("error\n");
            assertThat(a.request("e\nqs-migrate\n30 junk\n")).isEqualTo("error\n");
        }
    }

    @Test
    void semaphores() {
        try (WireClient a = WireClient.connect(port); WireClient b = WireClient.connect(port);
                WireClient c = WireClient.connect(port); WireClient d = WireClient.connect(port)) {
            String first = a.request("sl\nqs-api\n10 5\n");
            assertThat(first).matches("ok " + TOKEN + " 33\n");
            assertThat(b.request("sl\nqs-api\n10 5 60\n")).matches("ok " + TOKEN + " 60\n");
            assertThat(c.request("sl\nqs-api\n10 3\n")).isEqualTo("error_limit_mismatch\n");
            assertThat(c.request("sl\nqs-api\n10 0\n")).isEqualTo("error\n");
            assertThat(c.request("sl\nqs-api\n10 1048577\n")).isEqualTo("error\n");
            assertThat(c.request("sl\nqs-api\n10\n")).isEqualTo("error\n");
            assertThat(a.request("sn\nqs-api\n" + token(first) + " 45\n")).isEqualTo("ok 45\n");
            assertThat(a.request("sr\nqs-api\n" + token(first) + "\n")).isEqualTo("ok\n");
            String enqueued = d.request("se\nqs-api\n5\n");
            assertThat(enqueued).matches("acquired " + TOKEN + " 33\n");
            assertThat(d.request("sw\nqs-api\n5\n")).isEqualTo("ok " + token(enqueued) + " 33\n");

            String lock = a.request("l\nqs-sem-lock\n0\n");
            assertThat(b.request("sl\nqs-sem-lock\n0 1\n")).isEqualTo("timeout\n");
            assertThat(b.request("sl\nqs-sem-lock\n0 2\n")).isEqualTo("error_limit_mismatch\n");
            assertThat(a.request("sr\nqs-sem-lock\n" + token(lock) + "\n")).isEqualTo("ok\n");
        }
    }

    @Test
    void statsAuthWithoutTokenFramingAndPipelining() {
        try (WireClient client = WireClient.connect(port)) {
            assertThat(client.request("stats\n_\n_\n")).startsWith("ok {\"connections\":")
                    .contains("\"locks\":[", "\"semaphores\":[", "\"idle_locks\":[", "\"idle_semaphores\":[")
                    .endsWith("]}\n");
            assertThat(client.request("auth\n_\nanything\n")).isEqualTo("error\n");
            assertThat(client.request("frobnicate\nx\ny\n")).isEqualTo("error\n");
            assertThat(client.request("ping\n_\n_\n")).isEqualTo("ok\n");
            client.send("ping\n_\n_\nl\nqs-pipelined\n0\nping\n_\n_\n");
            assertThat(client.readLine()).isEqualTo("ok\n");
            assertThat(client.readLine()).matches("ok " + TOKEN + " 33\n");
            assertThat(client.readLine()).isEqualTo("ok\n");
            assertThat(client.request("l\n" + "k".repeat(257) + "\n")).isEqualTo("error\n");
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
