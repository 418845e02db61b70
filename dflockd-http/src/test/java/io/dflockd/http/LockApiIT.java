package io.dflockd.http;

import static io.dflockd.http.TestApi.assertError;
import static io.dflockd.http.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dflockd.core.Granted;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Lock and semaphore endpoints, validation and introspection against one server with default settings. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LockApiIT {
    private TestApi api;

    @BeforeAll
    void start() {
        api = TestApi.start();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void sessionCreationAnswersA32HexIdAndTheIdleTimeout() {
        HttpResponse<String> response = api.post("/v1/sessions", null, "ignored, not JSON");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("\\{\"session_id\":\"[0-9a-f]{32}\",\"idle_timeout_s\":20}\n");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void acquireReleaseAndNotHeldFollowTheSpec() {
        String sid = api.createSession();
        HttpResponse<String> acquired = api.post("/v1/locks/h3-key", sid,
                "{\"acquire_timeout_s\": 10, \"lease_ttl_s\": 60}");
        assertThat(acquired.statusCode()).isEqualTo(200);
        assertThat(acquired.body()).matches("\\{\"status\":\"ok\",\"token\":\"[0-9a-f]{32}\",\"lease_ttl_s\":60}\n");
        String token = json(acquired).get("token").asText();

        String other = api.createSession();
        HttpResponse<String> timeout = api.post("/v1/locks/h3-key", other, "{\"acquire_timeout_s\": 0}");
        assertThat(timeout.statusCode()).isEqualTo(200);
        assertThat(timeout.body()).isEqualTo("{\"status\":\"timeout\"}\n");

        HttpResponse<String> released = api.post("/v1/locks/h3-key/release", sid, "{\"token\":\"" + token + "\"}");
        assertThat(released.statusCode()).isEqualTo(204);
        assertThat(released.body()).isEmpty();

        assertError(api.post("/v1/locks/h3-key/release", sid, "{\"token\":\"" + token + "\"}"), 404, "not_held",
                "token not held");
        assertError(api.post("/v1/locks/h3-key/release", sid, "{\"token\":\"7f4c...\"}"), 404, "not_held");
    }

    @Test
    void defaultLeaseAppliesWhenTheLeaseIsZeroOrAbsent() {
        String sid = api.createSession();
        HttpResponse<String> response = api.post("/v1/locks/default-lease", sid, "{}");
        assertThat(json(response).get("lease_ttl_s").asLong()).isEqualTo(33);
    }

    @Test
    void renewAnswersTheAppliedTtl() {
        String sid = api.createSession();
        String token = api.acquire(sid, "renew-key");
        HttpResponse<String> renewed = api.post("/v1/locks/renew-key/renew", sid,
                "{\"token\":\"" + token + "\",\"lease_ttl_s\":60}");
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(renewed.body()).isEqualTo("{\"remaining_s\":60}\n");
        assertThat(api.post("/v1/locks/renew-key/renew", sid, "{\"token\":\"" + token + "\"}").body())
                .isEqualTo("{\"remaining_s\":33}\n");
        assertError(api.post("/v1/locks/renew-key/renew", sid, "{\"token\":\"00000000000000000000000000000000\"}"),
                404, "not_held");
    }

    @Test
    void h1MissingUnknownAndMalformedSessionsAreRefused() {
        assertError(api.post("/v1/locks/h1", null, "{\"acquire_timeout_s\": 1}"), 400, "bad_request",
                "X-Dflockd-Session header required");
        assertError(api.post("/v1/locks/h1", "", "{}"), 400, "bad_request", "X-Dflockd-Session header required");
        assertError(api.post("/v1/locks/h1", "0123456789abcdef0123456789abcdef", "{}"), 410, "session_gone");
        assertError(api.post("/v1/locks/h1", "not-hex", "{}"), 410, "session_gone");
        assertError(api.delete("/v1/sessions/NOT-A-SESSION"), 400, "bad_request", "invalid session id");
        assertError(api.post("/v1/sessions/0123456789ABCDEF0123456789ABCDEF/ping", null, null), 400,
                "bad_request", "invalid session id");
        assertError(api.delete("/v1/sessions/0123456789abcdef0123456789abcdef"), 410, "session_gone");
        assertError(api.post("/v1/sessions/0123456789abcdef0123456789abcdef/ping", null, null), 410,
                "session_gone");
    }

    @Test
    void deletedSessionIsGoneAndPingKeepsALiveOne() {
        String sid = api.createSession();
        assertThat(api.post("/v1/sessions/" + sid + "/ping", null, null).statusCode()).isEqualTo(204);
        assertThat(api.delete("/v1/sessions/" + sid).statusCode()).isEqualTo(204);
        assertError(api.delete("/v1/sessions/" + sid), 410, "session_gone");
        assertError(api.post("/v1/sessions/" + sid + "/ping", null, null), 410, "session_gone");
        assertError(api.post("/v1/locks/after-delete", sid, "{}"), 410, "session_gone");
    }

    @Test
    void deleteReleasesWhatTheSessionHeld() {
        String sid = api.createSession();
        api.acquire(sid, "released-by-delete");
        assertThat(api.delete("/v1/sessions/" + sid).statusCode()).isEqualTo(204);
        api.acquire(api.createSession(), "released-by-delete");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"acquire_timeout_s\":1,\"bogus\":2}",
        "{\"acquire_timeout_s\":1}{\"acquire_timeout_s\":1}",
        "{\"acquire_timeout_s\":1} 5",
        "{\"acquire_timeout_s\":1.5}",
        "{\"acquire_timeout_s\":1.0}",
        "{\"acquire_timeout_s\":1e1}",
        "{\"acquire_timeout_s\":\"10\"}",
        "{\"acquire_timeout_s\":true}",
        "{\"acquire_timeout_s\":99999999999999999999}",
        "{\"acquire_timeout_s\":1,\"acquire_timeout_s\":2}",
        "[1]",
        "\"text\"",
        "null",
        "{\"acquire_timeout_s\":",
        "not json",
    })
    void h2MalformedBodiesAreBadRequests(String body) {
        HttpResponse<String> response = api.post("/v1/locks/h2", api.createSession(), body);
        assertError(response, 400, "bad_request");
        assertThat(json(response).get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/v1/locks/v|{\"acquire_timeout_s\":-1}|acquire_timeout_s must be >= 0",
        "/v1/locks/v|{\"acquire_timeout_s\":9223372037}|acquire_timeout_s too large",
        "/v1/locks/v|{\"acquire_timeout_s\":0,\"lease_ttl_s\":-5}|lease_ttl_s must be >= 0",
        "/v1/locks/v|{\"lease_ttl_s\":9223372037}|lease_ttl_s too large",
        "/v1/locks/v/wait|{\"timeout_s\":-1}|timeout_s must be >= 0",
        "/v1/locks/v/wait|{\"timeout_s\":9223372037}|timeout_s too large",
        "/v1/semaphores/v|{\"acquire_timeout_s\":0}|limit must be > 0",
        "/v1/semaphores/v|{\"limit\":0}|limit must be > 0",
        "/v1/semaphores/v|{\"limit\":1048577}|limit too large",
        "/v1/semaphores/v|{\"acquire_timeout_s\":-1,\"limit\":0}|acquire_timeout_s must be >= 0",
        "/v1/semaphores/v/enqueue|{\"limit\":-3}|limit must be > 0",
        "/v1/locks/v/release|{}|token required",
        "/v1/locks/v/release|{\"token\":null}|token required",
        "/v1/locks/v/release|{\"token\":\"a b\"}|token contains whitespace",
        "/v1/locks/v/renew|{\"token\":\"\"}|token required",
        "/v1/semaphores/v/enqueue||empty body",
        "/v1/locks/v||empty body",
        "/v1/locks/v/wait|   |empty body",
    })
    void fieldRulesAnswerTheSpecDetails(String path, String body, String detail) {
        assertError(api.post(path, api.createSession(), body == null ? "" : body), 400, "bad_request", detail);
    }

    @Test
    void tokenOver256BytesIsRefused() {
        String token = "a".repeat(257);
        assertError(api.post("/v1/locks/v/release", api.createSession(), "{\"token\":\"" + token + "\"}"), 400,
                "bad_request", "token too long (max 256 bytes)");
    }

    @Test
    void h2BodyOverOneMebibyteIsRefused() {
        String body = "{\"acquire_timeout_s\":0" + " ".repeat(1_048_576) + "}";
        assertError(api.post("/v1/locks/big", api.createSession(), body), 400, "bad_request",
                "body too large (max 1 MiB)");
    }

    @Test
    void h2EmptyBodyIsAcceptedOnLockEnqueueOnly() {
        String sid = api.createSession();
        HttpResponse<String> enqueued = api.post("/v1/locks/enq-empty/enqueue", sid, null);
        assertThat(enqueued.statusCode()).isEqualTo(200);
        assertThat(enqueued.body()).matches("\\{\"status\":\"acquired\",\"token\":\"[0-9a-f]{32}\","
                + "\"lease_ttl_s\":33}\n");
        assertError(api.post("/v1/semaphores/enq-empty2/enqueue", sid, null), 400, "bad_request", "empty body");
    }

    @Test
    void twoPhaseEnqueueQueuedThenWaitGetsTheGrant() {
        String holder = api.createSession();
        String token = api.acquire(holder, "two-phase");
        String sid = api.createSession();
        assertThat(api.post("/v1/locks/two-phase/enqueue", sid, "").body()).isEqualTo("{\"status\":\"queued\"}\n");
        assertError(api.post("/v1/locks/two-phase/enqueue", sid, "{}"), 409, "already_enqueued", "already enqueued");
        CompletableFuture<HttpResponse<String>> wait =
                api.sendAsync(api.postRequest("/v1/locks/two-phase/wait", sid, "{\"timeout_s\": 30}"));
        api.post("/v1/locks/two-phase/release", holder, "{\"token\":\"" + token + "\"}");
        HttpResponse<String> granted = wait.join();
        assertThat(granted.body()).matches("\\{\"status\":\"ok\",\"token\":\"[0-9a-f]{32}\",\"lease_ttl_s\":33}\n");
        assertError(api.post("/v1/locks/two-phase/wait", sid, "{\"timeout_s\": 0}"), 409, "not_enqueued",
                "not enqueued");
    }

    @Test
    void waitTimeoutDropsTheTwoPhaseState() {
        String holder = api.createSession();
        api.acquire(holder, "wait-timeout");
        String sid = api.createSession();
        api.post("/v1/locks/wait-timeout/enqueue", sid, "{}");
        assertThat(api.post("/v1/locks/wait-timeout/wait", sid, "{\"timeout_s\":0}").body())
                .isEqualTo("{\"status\":\"timeout\"}\n");
        assertError(api.post("/v1/locks/wait-timeout/wait", sid, "{}"), 409, "not_enqueued");
    }

    @Test
    void semaphoreLimitsAndLimitMismatch() {
        String sid = api.createSession();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = api.post("/v1/semaphores/sem-a", sid,
                    "{\"acquire_timeout_s\": 10, \"limit\": 2}");
            assertThat(json(response).get("status").asText()).isEqualTo("ok");
        }
        assertThat(api.post("/v1/semaphores/sem-a", sid, "{\"acquire_timeout_s\": 0, \"limit\": 2}").body())
                .isEqualTo("{\"status\":\"timeout\"}\n");
        assertError(api.post("/v1/semaphores/sem-a", sid, "{\"acquire_timeout_s\": 0, \"limit\": 3}"), 409,
                "limit_mismatch", "limit mismatch");
        assertError(api.post("/v1/locks/sem-a", sid, "{}"), 409, "limit_mismatch");
        assertError(api.post("/v1/locks/sem-a/enqueue", sid, "{}"), 409, "limit_mismatch");
        api.acquire(sid, "lock-b");
        assertThat(api.post("/v1/semaphores/lock-b", sid, "{\"acquire_timeout_s\": 0, \"limit\": 1}").body())
                .isEqualTo("{\"status\":\"timeout\"}\n");
        HttpResponse<String> enqueued = api.post("/v1/semaphores/sem-c/enqueue", sid, "{\"limit\":3}");
        assertThat(json(enqueued).get("status").asText()).isEqualTo("acquired");
    }

    @Test
    void semaphoreReleaseRenewAndWaitWork() {
        String sid = api.createSession();
        String token = json(api.post("/v1/semaphores/sem-rw", sid, "{\"limit\":3,\"lease_ttl_s\":5}"))
                .get("token").asText();
        assertThat(api.post("/v1/semaphores/sem-rw/renew", sid, "{\"token\":\"" + token + "\",\"lease_ttl_s\":9}")
                .body()).isEqualTo("{\"remaining_s\":9}\n");
        assertThat(api.post("/v1/semaphores/sem-rw/release", sid, "{\"token\":\"" + token + "\"}").statusCode())
                .isEqualTo(204);
        assertError(api.post("/v1/semaphores/sem-rw/wait", sid, "{\"timeout_s\":0}"), 409, "not_enqueued");
    }

    @Test
    void releaseIsABearerOperationFromAnySession() {
        String holder = api.createSession();
        String token = api.acquire(holder, "bearer");
        assertThat(api.post("/v1/locks/bearer/release", api.createSession(), "{\"token\":\"" + token + "\"}")
                .statusCode()).isEqualTo(204);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/v1/locks/%20x|key contains whitespace",
        "/v1/locks/a%09b|key contains whitespace",
        "/v1/locks/a%0Ab|key contains whitespace",
        "/v1/locks/|empty key",
    })
    void invalidKeysAreBadRequests(String path, String detail) {
        assertError(api.post(path, api.createSession(), "{}"), 400, "bad_request", detail);
    }

    @Test
    void keyOver256BytesIsRefusedAnd256IsFine() {
        String sid = api.createSession();
        assertError(api.post("/v1/locks/" + "k".repeat(257), sid, "{}"), 400, "bad_request",
                "key too long (max 256 bytes)");
        assertThat(api.post("/v1/locks/" + "%41".repeat(256), sid, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void h10KeyWithEncodedSlashIsAcceptedAndShownWithItsSlash() {
        String sid = api.createSession();
        api.acquire(sid, "team%2Fdeploy+x");
        HttpResponse<String> view = api.get("/v1/locks/team%2Fdeploy+x");
        assertThat(json(view).get("key").asText()).isEqualTo("team/deploy+x");
        assertThat(api.get("/v1/stats").body()).contains("\"key\":\"team/deploy+x\"");
        assertError(api.post("/v1/locks/team/deploy", sid, "{}"), 404, "not_found");
    }

    @Test
    void keysRenderAlikeInViewsAndStats() throws Exception {
        String sid = api.createSession();
        api.acquire(sid, "ctl%01%7F%FF%C3%A9%22x");
        byte[] view = api.client.send(api.request("/v1/locks/ctl%01%7F%FF%C3%A9%22x").build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        byte[] stats = api.client.send(api.request("/v1/stats").build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        String viewText = new String(view, java.nio.charset.StandardCharsets.UTF_8);
        String statsText = new String(stats, java.nio.charset.StandardCharsets.UTF_8);
        String rendered = viewText.substring("{\"key\":".length(), viewText.indexOf(",\"limit\""));
        assertThat(rendered).isEqualTo("\"ctl\\u0001\u007f\ufffd\u00e9\\\"x\"");
        assertThat(statsText).contains("{\"key\":" + rendered + ",");
    }

    @Test
    void h10UnknownPathsAnd405WithAllow() {
        HttpResponse<String> notFound = api.get("/nope");
        assertThat(notFound.body()).isEqualTo("{\"error\":\"not_found\"}\n");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertError(api.get("/health/"), 404, "not_found");
        HttpResponse<String> wrongMethod = api.send(api.request("/v1/locks/x").DELETE().build());
        assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"method_not_allowed\"}\n");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(api.get("/v1/sessions").headers().firstValue("Allow")).hasValue("POST");
        assertThat(api.post("/health", null, null).headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(api.get("/v1/sessions/abc").headers().firstValue("Allow")).hasValue("DELETE");
    }

    @Test
    void h13ContentTypeIsIgnored() {
        String sid = api.createSession();
        HttpResponse<String> response = api.send(api.request("/v1/locks/form-type")
                .header("Content-Type", "application/x-www-form-urlencoded").header(TestApi.SESSION, sid)
                .POST(HttpRequest.BodyPublishers.ofString("{\"acquire_timeout_s\": 10, \"lease_ttl_s\": 60}"))
                .build());
        assertThat(json(response).get("status").asText()).isEqualTo("ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/ready", "/metrics", "/v1/openapi.json", "/v1/stats", "/v1/locks/head-key",
        "/v1/semaphores/head-key", "/v1/locks/never-used"})
    void h15HeadWorksOnEveryGetRouteWithoutABody(String path) {
        api.post("/v1/locks/head-key", api.createSession(), "{}");
        HttpResponse<String> get = api.get(path);
        HttpResponse<String> head = api.send(api.request(path).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.statusCode()).isEqualTo(get.statusCode());
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
    }

    @Test
    void healthReadyAndStats() {
        assertThat(api.get("/health").body()).isEqualTo("{\"status\":\"ok\"}\n");
        assertThat(api.get("/ready").body()).isEqualTo("{\"status\":\"ok\"}\n");
        HttpResponse<String> stats = api.get("/v1/stats");
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).startsWith("{\"connections\":").endsWith("}\n").doesNotContain(" ");
        JsonNode node = json(stats);
        assertThat(node.fieldNames()).toIterable()
                .containsExactly("connections", "locks", "semaphores", "idle_locks", "idle_semaphores");
    }

    @Test
    void statsNeverShowTokensOrSessionIds() {
        String sid = api.createSession();
        String token = api.acquire(sid, "secret-holder");
        String stats = api.get("/v1/stats").body();
        String view = api.get("/v1/locks/secret-holder").body();
        assertThat(stats).doesNotContain(token).doesNotContain(sid).doesNotContain(token.substring(16));
        assertThat(view).doesNotContain(token.substring(16)).doesNotContain(sid);
    }

    @Test
    void b1IntrospectionShowsHoldersWaitersAndPosition() throws Exception {
        String holder = api.createSession();
        String token = json(api.post("/v1/locks/b1", holder, "{\"lease_ttl_s\":60}")).get("token").asText();
        String first = api.createSession();
        String second = api.createSession();
        api.post("/v1/locks/b1/enqueue", first, "{}");
        api.post("/v1/locks/b1/enqueue", second, "{}");

        JsonNode anonymous = json(api.get("/v1/locks/b1"));
        assertThat(anonymous.get("key").asText()).isEqualTo("b1");
        assertThat(anonymous.get("limit").asInt()).isEqualTo(1);
        assertThat(anonymous.get("holders").asInt()).isEqualTo(1);
        assertThat(anonymous.get("waiters").asInt()).isEqualTo(2);
        assertThat(anonymous.has("position")).isFalse();
        JsonNode grant = anonymous.get("grants").get(0);
        assertThat(grant.get("fence_hex").asText()).isEqualTo(token.substring(0, 16));
        assertThat(grant.get("fence").bigIntegerValue().toString(16)).isEqualTo(token.substring(0, 16)
                .replaceFirst("^0+", ""));
        assertThat(grant.get("lease_expires_in_s").asDouble()).isBetween(0.0, 60.0);

        assertThat(json(api.send(api.request("/v1/locks/b1").header(TestApi.SESSION, second).build()))
                .get("position").asInt()).isEqualTo(2);
        assertThat(json(api.send(api.request("/v1/semaphores/b1").header(TestApi.SESSION, holder).build()))
                .get("position").isNull()).isTrue();
        assertThat(api.send(api.request("/v1/locks/b1").header(TestApi.SESSION, "").build()).body())
                .doesNotContain("position");
        String lease = "\"lease_expires_in_s\":[0-9.]+";
        assertThat(api.get("/v1/semaphores/b1").body().replaceAll(lease, "L"))
                .isEqualTo(api.get("/v1/locks/b1").body().replaceAll(lease, "L"));
        assertError(api.get("/v1/semaphores/nope"), 404, "not_found", "key not found");
        assertError(api.send(api.request("/v1/locks/b1").header(TestApi.SESSION, "dead").build()), 410,
                "session_gone");
        assertError(api.send(api.request("/v1/locks/%20").header(TestApi.SESSION, "dead").build()), 400,
                "bad_request");
    }

    @Test
    void semaphoreViewListsGrantsInFenceOrder() {
        String sid = api.createSession();
        for (int i = 0; i < 3; i++) {
            api.post("/v1/semaphores/b1-sem", sid, "{\"limit\":5}");
        }
        JsonNode view = json(api.get("/v1/semaphores/b1-sem"));
        assertThat(view.get("limit").asInt()).isEqualTo(5);
        assertThat(view.get("holders").asInt()).isEqualTo(3);
        List<String> fences = new ArrayList<>();
        view.get("grants").forEach(g -> fences.add(g.get("fence_hex").asText()));
        assertThat(fences).hasSize(3).isSorted();
    }

    @Test
    @Timeout(20)
    void mixedFifoBetweenEngineSessionsAndHttpSessions() throws Exception {
        ResourceKey key = ResourceKey.of("mixed-fifo");
        try (Session tcpLike = api.manager.openSession(); Session tcpLater = api.manager.openSession()) {
            Granted first = (Granted) tcpLike.acquire(key, 1, Duration.ZERO);
            String httpSession = api.createSession();
            CompletableFuture<HttpResponse<String>> http =
                    api.sendAsync(api.postRequest("/v1/locks/mixed-fifo", httpSession, "{\"acquire_timeout_s\":20}"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> api.manager.view(key).orElseThrow().waiters() == 1);
            CompletableFuture<io.dflockd.core.AcquireOutcome> engineWaiter =
                    tcpLater.acquireAsync(key, 1, Duration.ofSeconds(20));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> api.manager.view(key).orElseThrow().waiters() == 2);
            tcpLike.release(key, first.grant().token());
            HttpResponse<String> granted = http.get(10, TimeUnit.SECONDS);
            assertThat(json(granted).get("status").asText()).isEqualTo("ok");
            assertThat(engineWaiter).isNotDone();
            api.post("/v1/locks/mixed-fifo/release", httpSession,
                    "{\"token\":\"" + json(granted).get("token").asText() + "\"}");
            assertThat(engineWaiter.get(10, TimeUnit.SECONDS)).isInstanceOf(Granted.class);
        }
    }

    @Test
    void statsBytesEqualTheProtocolWriterOutput() {
        String sid = api.createSession();
        api.acquire(sid, "stats-bytes");
        String body = api.get("/v1/stats").body();
        JsonNode stats = json(api.get("/v1/stats"));
        assertThat(body).endsWith("}\n");
        assertThat(stats.get("connections").asLong()).isGreaterThanOrEqualTo(1);
        boolean listed = false;
        for (JsonNode lock : stats.get("locks")) {
            listed |= lock.get("key").asText().equals("stats-bytes");
        }
        assertThat(listed).isTrue();
    }
}
