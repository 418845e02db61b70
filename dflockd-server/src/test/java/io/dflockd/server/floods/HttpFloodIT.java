package io.dflockd.server.floods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.faults.LatencyProbe;
import io.dflockd.server.faults.LineClient;
import io.dflockd.server.faults.RawHttp;
import io.dflockd.server.testing.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP floods (issue 7, Floods and limits): session creation stops at {@code --http-max-sessions-per-ip} and
 * {@code --http-max-sessions} with {@code 503}, and a request flood from one address is cut to
 * {@code --http-rate-limit-per-ip} with {@code 429}. Requests come from several loopback addresses (the limits key on
 * the socket peer address). During each flood an unrelated HTTP client (its own address, its own session) acquires and
 * releases its lock promptly, and so does a TCP client.
 */
@Timeout(60)
class HttpFloodIT {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFloodIT.class);
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @Test
    void sessionFloodsStopAtThePerIpAndGlobalCapsWhileOthersAreServed() {
        int httpPort = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.startJar("--port", "0", "--http-port", Integer.toString(httpPort),
                "--http-max-sessions", "30", "--http-max-sessions-per-ip", "10");
                LineClient tcp = LineClient.connect(server.tcpPort())) {
            server.awaitHttp(httpPort);
            LatencyProbe tcpProbe = LatencyProbe.lock(tcp, "session-flood-tcp").warmUp(20);
            RawHttp unrelated = new RawHttp("127.0.0.2", httpPort);
            String session = unrelated.createSession();
            Duration coldLatency = httpRoundTrip(unrelated, session, "session-flood-http");

            Map<String, Long> fromOneIp = createSessions(new RawHttp("127.0.0.1", httpPort), 25);
            Duration perIpLatency = httpRoundTrip(unrelated, session, "session-flood-http");
            tcpProbe.roundTrip();
            RawHttp newcomer = new RawHttp("127.0.0.3", httpPort);
            Duration newcomerLatency = httpRoundTrip(newcomer, newcomer.createSession(), "session-flood-newcomer");
            // 1 + 10 + 1 live: 127.0.0.4 fills its 10, 127.0.0.5 gets the last 8 before the global cap.
            Map<String, Long> fourth = createSessions(new RawHttp("127.0.0.4", httpPort), 10);
            Map<String, Long> fifth = createSessions(new RawHttp("127.0.0.5", httpPort), 10);
            Duration globalLatency = httpRoundTrip(unrelated, session, "session-flood-http");
            tcpProbe.roundTrip();
            LOG.info("HTTP session flood (caps 30 global, 10 per IP): unrelated session l+r {} ms before (cold), {} ms"
                    + " at the per-IP cap, {} ms at the global cap; newcomer from another IP {} ms; TCP probe {}",
                    coldLatency.toMillis(), perIpLatency.toMillis(), globalLatency.toMillis(),
                    newcomerLatency.toMillis(), tcpProbe.summary());

            assertThat(fromOneIp).isEqualTo(Map.of("200", 10L, "503 max_sessions_per_ip", 15L));
            assertThat(fourth).isEqualTo(Map.of("200", 10L));
            assertThat(fifth).isEqualTo(Map.of("200", 8L, "503 max_sessions", 2L));
            assertThat(outcome(new RawHttp("127.0.0.6", httpPort).post("/v1/sessions", "")))
                    .isEqualTo("503 max_sessions");
            assertThat(tcp.request("stats", "_", "_")).startsWith("ok {\"connections\":31,");
        }
    }

    @Test
    void aRequestFloodIsCutToTheRateLimitWhileOthersAreServed() throws Exception {
        int httpPort = ServerProcess.freePort();
        int rate = 20;
        try (ServerProcess server = ServerProcess.startJar("--port", "0", "--http-port", Integer.toString(httpPort),
                "--http-rate-limit-per-ip", Integer.toString(rate), "--http-rate-limit-burst", Integer.toString(rate));
                LineClient tcp = LineClient.connect(server.tcpPort())) {
            server.awaitHttp(httpPort);
            LatencyProbe tcpProbe = LatencyProbe.lock(tcp, "rate-flood-tcp").warmUp(20);
            RawHttp unrelated = new RawHttp("127.0.0.2", httpPort);
            String session = unrelated.createSession();
            RawHttp flooder = new RawHttp("127.0.0.1", httpPort);
            Duration coldLatency = httpRoundTrip(unrelated, session, "rate-flood-http");

            long started = System.nanoTime();
            List<CompletableFuture<Map<String, Long>>> floods = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                floods.add(CompletableFuture.supplyAsync(() -> requestFlood(flooder, 100), THREADS));
            }
            List<Duration> latencies = new ArrayList<>();
            for (int i = 0; i < 5 && floods.stream().anyMatch(flood -> !flood.isDone()); i++) {
                latencies.add(httpRoundTrip(unrelated, session, "rate-flood-http"));
                tcpProbe.roundTrip();
            }
            Map<String, Long> outcomes = new TreeMap<>();
            for (CompletableFuture<Map<String, Long>> flood : floods) {
                flood.get(30, TimeUnit.SECONDS).forEach((status, count) -> outcomes.merge(status, count, Long::sum));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info(String.format(Locale.ROOT, "HTTP request flood of 400 from one IP in %.2f s (rate %d/s, burst"
                    + " %d): %s; unrelated client l+r %d ms before (cold), %s ms during; TCP probe %s", seconds, rate,
                    rate, outcomes, coldLatency.toMillis(), latencies.stream().map(Duration::toMillis).toList(),
                    tcpProbe.summary()));

            long allowed = (long) Math.ceil(rate + rate * seconds) + 1;
            assertThat(outcomes.keySet()).containsOnly("200", "429 rate_limited");
            assertThat(outcomes.get("200")).as("at most burst + rate x elapsed").isLessThanOrEqualTo(allowed);
            assertThat(outcomes.get("429 rate_limited")).isGreaterThanOrEqualTo(400 - allowed);
            assertThat(flooder.get("/health").status()).as("/health is exempt").isEqualTo(200);
        }
    }

    /** {@code count} session creations; outcomes counted as {@code "200"} or {@code "503 <error>"}. */
    private static Map<String, Long> createSessions(RawHttp client, int count) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outcomes.add(outcome(client.post("/v1/sessions", "")));
        }
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static Map<String, Long> requestFlood(RawHttp client, int count) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outcomes.add(outcome(client.get("/v1/stats")));
        }
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String outcome(RawHttp.Response response) {
        return response.status() == 200 ? "200" : response.status() + " " + response.error().orElse("?");
    }

    /** Acquire and release over HTTP on the session, bounded by {@link LatencyProbe#PROMPTLY}; returns the time. */
    private static Duration httpRoundTrip(RawHttp client, String session, String key) {
        long[] took = new long[1];
        int released = await().atMost(LatencyProbe.PROMPTLY).pollDelay(Duration.ZERO).until(() -> {
            long start = System.nanoTime();
            String token = client.acquire(session, key, 10);
            int status = client.release(session, key, token);
            took[0] = System.nanoTime() - start;
            return status;
        }, Objects::nonNull);
        assertThat(released).as("release status").isEqualTo(204);
        return Duration.ofNanos(took[0]);
    }
}
