package io.dflockd.http;

import static io.dflockd.http.TestApi.assertError;
import static io.dflockd.http.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dflockd.http.internal.Operation;
import io.dflockd.http.internal.Route;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline stages (auth, rate limit, CORS, metrics), the OpenAPI document and raw-socket edge cases. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelineIT {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineIT.class);
    private static final String TOKEN = "s3cret-token";

    @Test
    void h7AuthRequiresTheBearerTokenExceptOnExemptPaths() {
        try (TestApi api = TestApi.start(b -> b.authToken(TOKEN))) {
            long start = System.nanoTime();
            HttpResponse<String> refused = api.get("/v1/stats");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            LOG.info("401 answered after {} ms", elapsedMillis);
            assertThat(refused.body()).isEqualTo("{\"error\":\"unauthorized\"}\n");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(100);
            assertError(api.get("/metrics"), 401, "unauthorized");
            assertError(api.get("/no/such/path"), 401, "unauthorized");
            assertError(api.post("/v1/sessions", null, null), 401, "unauthorized");
            assertError(api.send(api.request("/v1/stats").header("Authorization", "Bearer wrong").build()), 401,
                    "unauthorized");
            assertError(api.send(api.request("/v1/stats").header("Authorization", "Basic " + TOKEN).build()), 401,
                    "unauthorized");
            assertThat(api.get("/health").statusCode()).isEqualTo(200);
            assertThat(api.get("/ready").statusCode()).isEqualTo(200);
            assertThat(api.get("/v1/openapi.json").statusCode()).isEqualTo(200);
            assertThat(api.send(api.request("/v1/stats").header("Authorization", "bEaReR   " + TOKEN + "  ").build())
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> created = api.send(api.request("/v1/sessions")
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(created.statusCode()).isEqualTo(200);
            String metrics = api.send(api.request("/metrics").header("Authorization", "Bearer " + TOKEN).build())
                    .body();
            assertThat(requests(metrics, "GET", "/v1/stats", "401")).isEqualTo(3.0);
            assertThat(requests(metrics, "GET", "unmatched", "401")).isEqualTo(1.0);
            assertThat(requests(metrics, "POST", "/v1/sessions", "401")).isEqualTo(1.0);
        }
    }

    /** The value of {@code dflockd_http_requests_total} for one label set (0 when absent). */
    private static double requests(String exposition, String method, String path, String status) {
        return PrometheusTextChecker.check(exposition).samples().stream()
                .filter(s -> s.name().equals("dflockd_http_requests_total")
                        && s.labels().equals(java.util.Map.of("method", method, "path", path, "status", status)))
                .mapToDouble(PrometheusTextChecker.Sample::value).sum();
    }

    @Test
    void h8RateLimitAnswers429OnceTheBurstIsUsedAndExemptsHealth() {
        try (TestApi api = TestApi.start(b -> b.rateLimitPerIp(1).rateLimitBurst(3))) {
            for (int i = 0; i < 3; i++) {
                assertThat(api.get("/v1/stats").statusCode()).isEqualTo(200);
            }
            HttpResponse<String> limited = api.get("/v1/stats");
            assertThat(limited.body()).isEqualTo("{\"error\":\"rate_limited\"}\n".replace("\"}", "\",\"detail\":"
                    + "\"rate limit exceeded\"}"));
            assertError(limited, 429, "rate_limited");
            assertError(api.get("/nowhere"), 429, "rate_limited");
            assertError(api.get("/metrics"), 429, "rate_limited");
            for (int i = 0; i < 10; i++) {
                assertThat(api.get("/health").statusCode()).isEqualTo(200);
                assertThat(api.get("/ready").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void h9CorsPreflightAndOrigins() {
        try (TestApi api = TestApi.start(b -> b.authToken(TOKEN).corsAllowedOrigins(List.of("https://a.example")))) {
            HttpResponse<String> preflight = api.send(api.request("/v1/locks/x")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://a.example")
                    .header("Access-Control-Request-Method", "POST").build());
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://a.example");
            assertThat(preflight.headers().allValues("Vary")).contains("Origin");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
                    .hasValue("GET, POST, DELETE, OPTIONS");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
                    .hasValue("Authorization, Content-Type, X-Dflockd-Session");
            assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("300");
            HttpResponse<String> foreign = api.send(api.request("/v1/locks/x")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST").build());
            assertThat(foreign.statusCode()).isEqualTo(204);
            assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            HttpResponse<String> simple = api.send(api.request("/health").header("Origin", "https://a.example")
                    .build());
            assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://a.example");
            assertThat(api.send(api.request("/health").header("Origin", "https://b.example").build()).headers()
                    .firstValue("Access-Control-Allow-Origin")).isEmpty();
            String metrics = api.send(api.request("/metrics").header("Authorization", "Bearer " + TOKEN).build())
                    .body();
            assertThat(metrics).doesNotContain("method=\"OPTIONS\"").contains("path=\"/health\",status=\"200\"");
        }
        try (TestApi api = TestApi.start(b -> b.corsAllowedOrigins(List.of("*")))) {
            HttpResponse<String> any = api.send(api.request("/health").header("Origin", "https://z.example").build());
            assertThat(any.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(any.headers().allValues("Vary")).doesNotContain("Origin");
        }
        try (TestApi api = TestApi.start()) {
            HttpResponse<String> noCors = api.send(api.request("/health")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://a.example")
                    .header("Access-Control-Request-Method", "GET").build());
            assertThat(noCors.statusCode()).isEqualTo(405);
            assertThat(noCors.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void m1AndM2MetricsAreWellFormedLabelledByRouteAndAgreeWithStats() {
        try (TestApi api = TestApi.start()) {
            String sid = api.createSession();
            api.acquire(sid, "metric-key");
            String waiter = api.createSession();
            api.post("/v1/locks/metric-key/enqueue", waiter, "{}");
            api.post("/v1/semaphores/metric-sem", sid, "{\"limit\":3}");
            api.post("/v1/sessions/" + sid + "/ping", null, null);
            api.get("/does/not/exist");
            api.send(api.request("/health").method("BREW", HttpRequest.BodyPublishers.noBody()).build());
            api.send(api.request("/v1/locks/metric-key").DELETE().build());

            HttpResponse<String> metrics = api.get("/metrics");
            HttpResponse<String> statsResponse = api.get("/v1/stats");
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            PrometheusTextChecker exposition = PrometheusTextChecker.check(metrics.body());
            assertThat(exposition.types()).containsEntry("dflockd_http_requests_total", "counter")
                    .containsEntry("dflockd_http_request_duration_seconds", "summary")
                    .containsEntry("dflockd_ready", "gauge").containsEntry("dflockd_uptime_seconds", "gauge")
                    .containsEntry("dflockd_connections", "gauge").containsEntry("dflockd_http_sessions", "gauge")
                    .containsEntry("dflockd_locks_held", "gauge").containsEntry("dflockd_lock_waiters", "gauge")
                    .containsEntry("dflockd_semaphore_holders", "gauge")
                    .containsEntry("dflockd_semaphore_waiters", "gauge");
            Set<String> paths = new TreeSet<>();
            Set<String> methods = new HashSet<>();
            for (PrometheusTextChecker.Sample sample : exposition.samples()) {
                if (sample.name().startsWith("dflockd_http_request_duration_seconds")) {
                    assertThat(sample.name()).isIn("dflockd_http_request_duration_seconds_sum",
                            "dflockd_http_request_duration_seconds_count");
                }
                if (sample.name().startsWith("dflockd_http_request")) {
                    assertThat(sample.labels()).containsOnlyKeys("method", "path", "status");
                    paths.add(sample.labels().get("path"));
                    methods.add(sample.labels().get("method"));
                }
            }
            assertThat(paths).contains("/v1/locks/{key}", "/v1/locks/{key}/enqueue", "/v1/sessions/{id}/ping",
                    "/v1/semaphores/{key}", "unmatched", "/health").noneMatch(p -> p.contains("metric-"));
            assertThat(methods).contains("OTHER", "GET", "POST", "DELETE");
            assertThat(requests(metrics.body(), "DELETE", "/v1/locks/{key}", "405")).isEqualTo(1.0);
            assertThat(requests(metrics.body(), "OTHER", "/health", "405")).isEqualTo(1.0);
            JsonNode stats = json(statsResponse);
            assertThat(exposition.value("dflockd_ready")).isEqualTo(1.0);
            assertThat(exposition.value("dflockd_connections")).isEqualTo(stats.get("connections").asDouble());
            assertThat(exposition.value("dflockd_http_sessions")).isEqualTo(2.0);
            assertThat(exposition.value("dflockd_locks_held")).isEqualTo(stats.get("locks").size());
            assertThat(exposition.value("dflockd_lock_waiters")).isEqualTo(1.0);
            assertThat(exposition.value("dflockd_semaphore_holders")).isEqualTo(1.0);
            assertThat(exposition.value("dflockd_semaphore_waiters")).isEqualTo(0.0);
        }
    }

    @Test
    void strictCheckerRejectsMalformedExpositions() {
        assertThatThrownBy(() -> PrometheusTextChecker.check("x 1\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PrometheusTextChecker.check("# HELP x h\n# TYPE x gauge\nx{a=\"1} 1\n"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PrometheusTextChecker.check("# HELP x h\n# TYPE x gauge\nx 1\nx 2\n"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PrometheusTextChecker.check("# HELP x h\n# TYPE x summary\nx_total 1\n"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PrometheusTextChecker.check("# HELP x h\n# TYPE x gauge\nx one\n"))
                .isInstanceOf(AssertionError.class);
        PrometheusTextChecker.check("# HELP x h\n# TYPE x gauge\nx{a=\"q\\\"\"} 1.5e3\n");
    }

    @Test
    void b2OpenApiDocumentListsExactlyTheRouterRoutes() throws Exception {
        try (TestApi api = TestApi.start()) {
            HttpResponse<String> response = api.get("/v1/openapi.json");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
            JsonNode doc = json(response);
            assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
            assertThat(doc.at("/info/title").asText()).isEqualTo("dflockd HTTP API");
            assertThat(doc.at("/info/version").asText()).isEqualTo("9.9.9-test");
            Set<String> documented = new TreeSet<>();
            doc.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(m -> {
                if (Set.of("get", "post", "delete", "put", "patch", "head", "options", "trace").contains(m)) {
                    documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }));
            Set<String> routed = new TreeSet<>();
            for (Route route : Route.values()) {
                for (String method : route.allowHeader().split(", ")) {
                    if (!method.equals("HEAD")) {
                        routed.add(method + " " + route.pattern());
                    }
                }
            }
            assertThat(documented).isEqualTo(routed);
            Set<String> ids = new TreeSet<>();
            doc.get("paths").forEach(item -> item.forEach(op -> ids.add(op.get("operationId").asText())));
            Set<String> expectedIds = new TreeSet<>();
            for (Operation operation : Operation.values()) {
                expectedIds.add(operation.operationId());
            }
            assertThat(ids).isEqualTo(expectedIds).hasSize(20);
            OpenApiStructure.validate(doc);
            validateAgainstTheOpenApi31Schema(response.body());
        }
    }

    @Test
    void statsAreTheBytesOfTheSharedProtocolWriter() {
        try (TestApi api = TestApi.start()) {
            String sid = api.createSession();
            api.post("/v1/semaphores/sem-bytes%E2%82%AC", sid, "{\"limit\":4}");
            api.post("/v1/semaphores/sem-bytes%E2%82%AC", sid, "{\"limit\":4}");
            // semaphores carry no time-dependent numbers, so the bytes can be compared exactly
            byte[] expected = io.dflockd.protocol.StatsJson.write(
                    io.dflockd.http.internal.StatsBody.toModel(api.manager.stats()));
            HttpResponse<byte[]> response;
            try {
                response = api.client.send(api.request("/v1/stats").build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            byte[] withNewline = java.util.Arrays.copyOf(expected, expected.length + 1);
            withNewline[expected.length] = '\n';
            assertThat(response.body()).isEqualTo(withNewline);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"connections\":1,\"locks\":[],\"semaphores\":[{\"key\":\"sem-bytes\u20ac\",\"limit\":4,"
                            + "\"holders\":2,\"waiters\":0}],\"idle_locks\":[],\"idle_semaphores\":[]}\n");
        }
    }

    @Test
    void headCarriesTheGetContentLength() throws Exception {
        try (TestApi api = TestApi.start()) {
            String head = raw(api, "HEAD /v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            int length = api.get("/v1/openapi.json").body().getBytes(StandardCharsets.UTF_8).length;
            assertThat(head.toLowerCase(Locale.ROOT)).contains("content-length: " + length + "\r\n")
                    .endsWith("\r\n\r\n");
        }
    }

    /**
     * Validates the document with vert.x's OpenAPI contract loader, which checks it against the official OpenAPI 3.1
     * JSON schema (2022-10-07) bundled in its jar and resolves every {@code $ref}.
     */
    private static void validateAgainstTheOpenApi31Schema(String document) throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.openapi.contract.OpenAPIContract contract = io.vertx.openapi.contract.OpenAPIContract
                    .from(vertx, new io.vertx.core.json.JsonObject(document))
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(contract.getVersion().name()).isEqualTo("V3_1");
            assertThat(contract.operations()).hasSize(Operation.values().length);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void openApiValidationFailsForAnInvalidDocument() {
        assertThatThrownBy(() -> validateAgainstTheOpenApi31Schema(
                "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\"},\"paths\":{}}"))
                .isInstanceOf(Exception.class);
    }

    @Test
    void h14SessionCreationWithoutBodyOrLengthAndRawEdgeCases() throws Exception {
        try (TestApi api = TestApi.start()) {
            assertThat(raw(api, "POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200").contains("\"session_id\"");
            assertThat(raw(api, "POST /v1/locks/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 400");
            assertThat(raw(api, "GET /v1/locks/%C3%A9t%C3%A9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 404").contains("key not found");
        }
    }

    private static String raw(TestApi api, String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()));
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
