package io.dflockd.http;

import static io.dflockd.http.TestApi.assertError;
import static io.dflockd.http.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.ResourceKey;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Per-session serialisation, DELETE during long-polls, reaping, caps, draining and gone clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionLifecycleIT {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycleIT.class);

    private static int waiters(TestApi api, String key) {
        return api.manager.view(ResourceKey.of(key)).map(v -> v.waiters()).orElse(0);
    }

    @Test
    void h4RequestsOnOneSessionAreSerialised() throws Exception {
        try (TestApi api = TestApi.start()) {
            String holder = api.createSession();
            String holderToken = api.acquire(holder, "h4-a");
            String sid = api.createSession();
            String ownToken = api.acquire(sid, "h4-b");
            CompletableFuture<HttpResponse<String>> longPoll =
                    api.sendAsync(api.postRequest("/v1/locks/h4-a", sid, "{\"acquire_timeout_s\":20}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiters(api, "h4-a") == 1);
            CompletableFuture<HttpResponse<String>> release = api.sendAsync(
                    api.postRequest("/v1/locks/h4-b/release", sid, "{\"token\":\"" + ownToken + "\"}"));
            // ping and introspection are not serialised: they complete while the long-poll holds the turn
            assertThat(api.post("/v1/sessions/" + sid + "/ping", null, null).statusCode()).isEqualTo(204);
            assertThat(api.send(api.request("/v1/locks/h4-b").header(TestApi.SESSION, sid).build()).statusCode())
                    .isEqualTo(200);
            assertThat(api.manager.view(ResourceKey.of("h4-b")).orElseThrow().holders()).hasSize(1);
            assertThat(release).isNotDone();
            api.post("/v1/locks/h4-a/release", holder, "{\"token\":\"" + holderToken + "\"}");
            assertThat(json(longPoll.get(10, TimeUnit.SECONDS)).get("status").asText()).isEqualTo("ok");
            assertThat(release.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void h5DeleteWakesABlockedWaitWith410() throws Exception {
        try (TestApi api = TestApi.start()) {
            api.acquire(api.createSession(), "h5");
            String sid = api.createSession();
            assertThat(api.post("/v1/locks/h5/enqueue", sid, "{}").body()).contains("queued");
            CompletableFuture<HttpResponse<String>> wait =
                    api.sendAsync(api.postRequest("/v1/locks/h5/wait", sid, "{\"timeout_s\":25}"));
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(50)).until(() -> !wait.isDone());
            long start = System.nanoTime();
            assertThat(api.delete("/v1/sessions/" + sid).statusCode()).isEqualTo(204);
            HttpResponse<String> woken = wait.get(2, TimeUnit.SECONDS);
            LOG.info("DELETE to woken wait: {} ms", (System.nanoTime() - start) / 1_000_000);
            assertError(woken, 410, "session_gone");
            assertThat(waiters(api, "h5")).isZero();
        }
    }

    @Test
    void deleteDuringBlockedAcquireAnswers410AndLeavesNoWaiter() throws Exception {
        try (TestApi api = TestApi.start()) {
            api.acquire(api.createSession(), "del-acq");
            String sid = api.createSession();
            CompletableFuture<HttpResponse<String>> acquire =
                    api.sendAsync(api.postRequest("/v1/locks/del-acq", sid, "{\"acquire_timeout_s\":25}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiters(api, "del-acq") == 1);
            // this one queues behind the long-poll for the session's turn
            CompletableFuture<HttpResponse<String>> queuedBehind =
                    api.sendAsync(api.postRequest("/v1/locks/del-acq-other", sid, "{}"));
            assertThat(api.delete("/v1/sessions/" + sid).statusCode()).isEqualTo(204);
            assertError(acquire.get(2, TimeUnit.SECONDS), 410, "session_gone");
            assertError(queuedBehind.get(2, TimeUnit.SECONDS), 410, "session_gone");
            assertThat(waiters(api, "del-acq")).isZero();
            assertThat(api.manager.view(ResourceKey.of("del-acq-other"))).isEmpty();
        }
    }

    @Test
    void h6IdleSessionsAreReapedButNotWhileBusyOrHoldingALease() throws Exception {
        try (TestApi api = TestApi.start(b -> b.sessionIdleTimeout(Duration.ofSeconds(2)))) {
            String idle = api.createSession();
            String pinged = api.createSession();
            String busy = api.createSession();
            String leaseHolder = api.createSession();
            long start = System.nanoTime();
            api.post("/v1/locks/h6-lease", leaseHolder, "{\"lease_ttl_s\":8}");
            api.acquire(api.createSession(), "h6-blocked");
            CompletableFuture<HttpResponse<String>> longPoll =
                    api.sendAsync(api.postRequest("/v1/locks/h6-blocked", busy, "{\"acquire_timeout_s\":8}"));
            long sessionsBefore = api.manager.stats().openSessions();
            // every successful lookup refreshes a session, so the watched ones are counted through the engine
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(api.post("/v1/sessions/" + pinged + "/ping", null, null).statusCode()).isEqualTo(204);
                return api.manager.stats().openSessions() == sessionsBefore - 1;
            });
            LOG.info("idle session reaped after {} ms", (System.nanoTime() - start) / 1_000_000);
            assertError(api.post("/v1/sessions/" + idle + "/ping", null, null), 410, "session_gone");
            assertThat(json(longPoll.get(20, TimeUnit.SECONDS)).get("status").asText()).isEqualTo("timeout");
            assertThat(api.post("/v1/sessions/" + busy + "/ping", null, null).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(16)).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertThat(api.post("/v1/sessions/" + pinged + "/ping", null, null).statusCode()).isEqualTo(204);
                assertThat(api.post("/v1/sessions/" + busy + "/ping", null, null).statusCode()).isEqualTo(204);
                return api.manager.stats().openSessions() == sessionsBefore - 2;
            });
            long leaseHolderReapedAfter = System.nanoTime() - start;
            LOG.info("lease holder reaped after {} ms (lease 8 s)", leaseHolderReapedAfter / 1_000_000);
            assertThat(leaseHolderReapedAfter).isGreaterThanOrEqualTo(Duration.ofSeconds(8).toNanos());
            assertError(api.post("/v1/sessions/" + leaseHolder + "/ping", null, null), 410, "session_gone");
        }
    }

    @Test
    void h11AClientThatResetsWhileBlockedLeavesNoPhantomHolder() throws Exception {
        try (TestApi api = TestApi.start()) {
            String holder = api.createSession();
            String holderToken = api.acquire(holder, "h11");
            String gone = api.createSession();
            String next = api.createSession();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", api.port()));
                String body = "{\"acquire_timeout_s\":20}";
                String request = "POST /v1/locks/h11 HTTP/1.1\r\nHost: x\r\nX-Dflockd-Session: " + gone
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(5)).until(() -> waiters(api, "h11") == 1);
                socket.setSoLinger(true, 0);
            }
            CompletableFuture<HttpResponse<String>> nextWaiter =
                    api.sendAsync(api.postRequest("/v1/locks/h11", next, "{\"acquire_timeout_s\":20}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiters(api, "h11") == 2);
            api.post("/v1/locks/h11/release", holder, "{\"token\":\"" + holderToken + "\"}");
            HttpResponse<String> granted = nextWaiter.get(10, TimeUnit.SECONDS);
            assertThat(json(granted).get("status").asText()).isEqualTo("ok");
            assertThat(api.manager.view(ResourceKey.of("h11")).orElseThrow().holders()).hasSize(1);
        }
    }

    @Test
    void aFloodOfSessionCreationNeverExceedsTheCap() throws Exception {
        try (TestApi api = TestApi.start(b -> b.maxSessions(20))) {
            java.util.List<CompletableFuture<HttpResponse<String>>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                attempts.add(api.sendAsync(api.postRequest("/v1/sessions", null, null)));
            }
            int created = 0;
            for (CompletableFuture<HttpResponse<String>> attempt : attempts) {
                HttpResponse<String> response = attempt.get(20, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    created++;
                } else {
                    assertError(response, 503, "max_sessions");
                }
            }
            assertThat(created).isEqualTo(20);
            assertThat(api.manager.stats().openSessions()).isEqualTo(20);
        }
    }

    @Test
    void h12SessionCapsAnswer503() {
        try (TestApi api = TestApi.start(b -> b.maxSessions(2))) {
            api.createSession();
            String second = api.createSession();
            assertError(api.post("/v1/sessions", null, null), 503, "max_sessions");
            api.delete("/v1/sessions/" + second);
            api.createSession();
        }
        try (TestApi api = TestApi.start(b -> b.maxSessionsPerIp(1))) {
            String only = api.createSession();
            assertError(api.post("/v1/sessions", null, null), 503, "max_sessions_per_ip");
            api.delete("/v1/sessions/" + only);
            api.createSession();
        }
    }

    @Test
    void h12DrainingRefusesNewWorkEndsLongPollsAndServesGets() throws Exception {
        try (TestApi api = TestApi.start(b -> b.shutdownTimeout(Duration.ofSeconds(5)))) {
            String holder = api.createSession();
            String token = api.acquire(holder, "drain");
            String sid = api.createSession();
            CompletableFuture<HttpResponse<String>> longPoll =
                    api.sendAsync(api.postRequest("/v1/locks/drain", sid, "{\"acquire_timeout_s\":25}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiters(api, "drain") == 1);
            CompletableFuture<Void> drain = CompletableFuture.runAsync(api.server::drain);
            assertError(longPoll.get(5, TimeUnit.SECONDS), 410, "session_gone");
            drain.get(10, TimeUnit.SECONDS);
            assertThat(api.manager.view(ResourceKey.of("drain")).map(v -> v.holders().size()).orElse(0)).isZero();
            assertThat(token).isNotEmpty();
        }
    }

    @Test
    void h12WhileDrainingNewWorkIsRefusedAndGetsAreServed() throws Exception {
        try (TestApi api = TestApi.start(b -> b.shutdownTimeout(Duration.ofSeconds(10)))) {
            String sid = api.createSession();
            String other = api.createSession();
            String body = "{\"acquire_timeout_s\":0}";
            try (Socket slow = new Socket()) {
                // a request whose body is still arriving keeps the drain waiting, so the listener stays up
                slow.connect(new InetSocketAddress("127.0.0.1", api.port()));
                OutputStream out = slow.getOutputStream();
                out.write(("POST /v1/locks/slow HTTP/1.1\r\nHost: x\r\nX-Dflockd-Session: " + sid
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // a round trip on another connection gives the server time to dispatch the slow request's handler
                assertThat(metricValue(api, "dflockd_http_sessions")).isEqualTo(2.0);
                CompletableFuture<Void> drain = CompletableFuture.runAsync(api.server::drain);
                await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/ready").statusCode() == 503);
                assertThat(api.get("/ready").body()).isEqualTo("{\"status\":\"draining\"}\n");
                assertThat(metricValue(api, "dflockd_ready")).isZero();
                assertThat(api.get("/v1/stats").statusCode()).isEqualTo(200);
                assertThat(api.get("/health").statusCode()).isEqualTo(200);
                assertError(api.post("/v1/sessions", null, null), 503, "draining");
                assertError(api.post("/v1/locks/refused", other, "{}"), 503, "draining");
                assertError(api.post("/v1/semaphores/refused/enqueue", other, "{\"limit\":2}"), 503, "draining");
                assertError(api.post("/v1/sessions/" + other + "/ping", null, null), 503, "draining");
                assertThat(api.manager.view(io.dflockd.core.ResourceKey.of("refused"))).isEmpty();
                assertThat(drain).isNotDone();
                out.write(body.substring(1).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(answer).isEqualTo("HTTP/1.1 410");
                drain.get(10, TimeUnit.SECONDS);
            }
            assertThat(api.manager.view(io.dflockd.core.ResourceKey.of("slow"))).isEmpty();
        }
    }

    private static double metricValue(TestApi api, String name) {
        return PrometheusTextChecker.check(api.get("/metrics").body()).value(name);
    }

    @Test
    void drainingAnswers503ForNewWork() throws Exception {
        try (TestApi api = TestApi.start(b -> b.shutdownTimeout(Duration.ofSeconds(10)))) {
            String sid = api.createSession();
            api.manager.beginShutdown();
            assertError(api.post("/v1/locks/refused", sid, "{}"), 503, "draining");
            assertError(api.post("/v1/sessions/" + sid + "/ping", null, null), 503, "draining");
            assertError(api.post("/v1/sessions", null, null), 503, "draining");
            assertThat(api.get("/v1/stats").statusCode()).isEqualTo(200);
            assertThat(api.manager.view(ResourceKey.of("refused"))).isEmpty();
        }
    }

    @Test
    void h16PerIpRequestCapAnswers503WithConnectionClose() throws Exception {
        try (TestApi api = TestApi.start(b -> b.maxConnectionsPerIp(2))) {
            String holder = api.createSession();
            String token = api.acquire(holder, "h16");
            String a = api.createSession();
            String b = api.createSession();
            CompletableFuture<HttpResponse<String>> first =
                    api.sendAsync(api.postRequest("/v1/locks/h16", a, "{\"acquire_timeout_s\":20}"));
            CompletableFuture<HttpResponse<String>> second =
                    api.sendAsync(api.postRequest("/v1/locks/h16", b, "{\"acquire_timeout_s\":20}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> waiters(api, "h16") == 2);
            HttpResponse<String> refused = api.post("/v1/locks/h16-other", holder, "{}");
            assertError(refused, 503, "max_connections_per_ip");
            assertThat(api.manager.view(ResourceKey.of("h16-other"))).isEmpty();
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", api.port()));
                raw.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("connection: close");
            }
            // end one long-poll (the release comes through the engine: HTTP is at its cap), then HTTP is served again
            try (io.dflockd.core.Session engine = api.manager.openSession()) {
                engine.release(ResourceKey.of("h16"), io.dflockd.core.Token.parse(token).orElseThrow());
            }
            CompletableFuture.anyOf(first, second).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/health").statusCode() == 200);
        }
    }
}
