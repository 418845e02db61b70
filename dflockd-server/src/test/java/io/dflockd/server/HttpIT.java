package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server jar with the HTTP API on: both listeners are logged, share one engine (one FIFO queue per key), report
 * the same version, and drain together on SIGTERM with exit status 0.
 */
@Timeout(120)
class HttpIT {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A port that was free a moment ago; HTTP port 0 means "off", so the test has to pick one. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    @Test
    void tcpAndHttpShareOneQueueAndDrainTogether() throws Exception {
        int httpPort = freePort();
        try (ServerProcess server = ServerProcess.startJar(Map.of("DFLOCKD_HTTP_PORT", Integer.toString(httpPort)),
                "--port", "0")) {
            int tcpPort = server.tcpPort();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stderrText()
                    .contains("listening: http 127.0.0.1:" + httpPort + " (tls off, auth off, fences clock-seeded)"));
            assertThat(server.stderrText()).doesNotContain(" WARN ");

            assertThat(send(request(httpPort, "/health").GET().build()).statusCode()).isEqualTo(200);
            String openApi = send(request(httpPort, "/v1/openapi.json").GET().build()).body();
            assertThat(openApi).containsPattern("\"version\"\\s*:\\s*\"" + Pattern.quote(
                    System.getProperty("dflockd.version")) + "\"");

            try (WireClient holder = WireClient.connect(tcpPort)) {
                assertThat(holder.request("l\nmixed-key\n0 60\n")).matches("ok [0-9a-f]{32} 60\n");

                String created = send(request(httpPort, "/v1/sessions")
                        .POST(HttpRequest.BodyPublishers.noBody()).build()).body();
                Matcher sessionId = Pattern.compile("\"session_id\"\\s*:\\s*\"([^\"]+)\"").matcher(created);
                assertThat(sessionId.find()).as(created).isTrue();
                CompletableFuture<HttpResponse<String>> blocked = client.sendAsync(request(httpPort,
                        "/v1/locks/mixed-key")
                        .header("X-Dflockd-Session", sessionId.group(1))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"acquire_timeout_s\": 30, \"lease_ttl_s\": 60}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(10)).until(() -> holder.request("stats\n_\n_\n")
                        .matches("(?s).*\"key\":\"mixed-key\",[^}]*\"waiters\":1}.*"));
                String stats = send(request(httpPort, "/v1/stats").GET().build()).body();
                assertThat(stats).contains("\"connections\":2", "\"key\":\"mixed-key\"");

                server.sigterm();
                assertThat(holder.readLine()).isEqualTo("error_draining\n");
                assertThat(holder.closedByServer()).isTrue();
                HttpResponse<String> answer = blocked.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(410);
                assertThat(answer.body()).contains("session_gone");
                assertThat(server.awaitExit()).isZero();
            }
            assertThat(server.stderrText()).contains("shutdown complete");
        }
    }
}
