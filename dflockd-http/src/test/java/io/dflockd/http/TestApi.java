package io.dflockd.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A real lock manager and HTTP API on 127.0.0.1, port 0, and a java.net.http client to call it. */
final class TestApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SESSION = "X-Dflockd-Session";

    final LockManager manager;
    final HttpApiServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    private TestApi(LockManager manager, HttpApiServer server) {
        this.manager = manager;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.localAddress().getPort();
    }

    static TestApi start() {
        return start(b -> { });
    }

    static TestApi start(Consumer<HttpApiConfig.Builder> settings) {
        return start(LockManagerConfig.defaults(), settings);
    }

    static TestApi start(LockManagerConfig engine, Consumer<HttpApiConfig.Builder> settings) {
        HttpApiConfig.Builder builder = HttpApiConfig.builder().host("127.0.0.1").port(0).version("9.9.9-test");
        settings.accept(builder);
        LockManager manager = LockManager.create(engine);
        try {
            return new TestApi(manager, HttpApiServer.start(manager, builder.build()));
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.localAddress().getPort();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String session, String body) {
        return send(postRequest(path, session, body));
    }

    HttpRequest postRequest(String path, String session, String body) {
        HttpRequest.Builder builder = request(path).POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            builder.header(SESSION, session);
        }
        return builder.build();
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    String createSession() {
        HttpResponse<String> response = post("/v1/sessions", null, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("session_id").asText();
    }

    /** Acquires {@code key} (lock) on {@code session}, asserting success; returns the token. */
    String acquire(String session, String key) {
        HttpResponse<String> response = post("/v1/locks/" + key, session, "{\"acquire_timeout_s\":0}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).as(response.body()).isEqualTo("ok");
        return json(response).get("token").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).get("error").asText()).as(response.body()).isEqualTo(code);
    }

    static void assertError(HttpResponse<String> response, int status, String code, String detail) {
        assertError(response, status, code);
        assertThat(response.body()).isEqualTo("{\"error\":\"" + code + "\",\"detail\":\"" + detail + "\"}\n");
    }

    @Override
    public void close() {
        server.close();
        manager.close();
    }
}
