package io.dflockd.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A {@link Doorway} onto one HTTP session (HTTP.md §6, §9). Error bodies map to the engine's reason names
 * ({@code lease_expired} → {@code LEASE_EXPIRED}); {@code 404 not_held} is "not held"; {@code 410} and transport
 * failures are UNKNOWN.
 */
final class HttpDoorway implements Doorway {
    /** Slack on top of a long-poll's own timeout before the client gives up on the exchange. */
    private static final Duration EXCHANGE_SLACK = Duration.ofSeconds(30);

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI base;
    private final String sessionId;

    /** Creates the session; {@link UncheckedIOException} if the server does not. */
    HttpDoorway(HttpClient http, ObjectMapper json, URI base) throws InterruptedException {
        this.http = http;
        this.json = json;
        this.base = base;
        HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/v1/sessions"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(EXCHANGE_SLACK).build());
        if (created.statusCode() != 200) {
            throw new UncheckedIOException(new IOException("session creation answered " + created.statusCode()));
        }
        this.sessionId = parse(created.body()).path("session_id").asText();
    }

    @Override
    public Answer acquire(String key, int limit, long timeoutSeconds, long ttlSeconds) throws InterruptedException {
        ObjectNode body = json.createObjectNode().put("acquire_timeout_s", timeoutSeconds);
        if (limit != 1) {
            body.put("limit", limit);
        }
        body.put("lease_ttl_s", ttlSeconds);
        return post(path(limit, key, ""), body, timeoutSeconds);
    }

    @Override
    public Answer enqueue(String key, int limit, long ttlSeconds) {
        ObjectNode body = json.createObjectNode();
        if (limit != 1) {
            body.put("limit", limit);
        }
        body.put("lease_ttl_s", ttlSeconds);
        return uninterrupted(() -> post(path(limit, key, "/enqueue"), body, 0));
    }

    @Override
    public Answer await(String key, long timeoutSeconds) throws InterruptedException {
        return post(path(1, key, "/wait"), json.createObjectNode().put("timeout_s", timeoutSeconds), timeoutSeconds);
    }

    @Override
    public Answer release(String key, String token) {
        return uninterrupted(() -> post(path(1, key, "/release"), json.createObjectNode().put("token", token), 0));
    }

    @Override
    public Answer renew(String key, String token, long ttlSeconds) {
        ObjectNode body = json.createObjectNode().put("token", token).put("lease_ttl_s", ttlSeconds);
        return uninterrupted(() -> post(path(1, key, "/renew"), body, 0));
    }

    @Override
    public Answer close() {
        return uninterrupted(() -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/sessions/" + sessionId))
                    .DELETE().timeout(EXCHANGE_SLACK).build());
            // The DELETE returns once cleanup ran, but the engine applies it per key asynchronously: SENT.
            return response.statusCode() == 204 ? Answer.SENT : Answer.unknown("DELETE " + response.statusCode());
        });
    }

    private String path(int limit, String key, String suffix) {
        return (limit == 1 ? "/v1/locks/" : "/v1/semaphores/") + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + suffix;
    }

    private Answer post(String path, ObjectNode body, long timeoutSeconds) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("X-Dflockd-Session", sessionId)
                .header("Content-Type", "application/json")
                .timeout(EXCHANGE_SLACK.plusSeconds(timeoutSeconds))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (UncheckedIOException e) {
            return Answer.unknown("HTTP " + e.getCause());
        }
        int status = response.statusCode();
        JsonNode reply;
        try {
            reply = status == 204 ? json.createObjectNode() : parse(response.body());
        } catch (UncheckedIOException e) {
            return Answer.unknown(status + " with a body that is not JSON");
        }
        if (status == 204) {
            return Answer.ok(0);
        } else if (status == 200 && reply.has("remaining_s")) {
            return Answer.ok(reply.get("remaining_s").asLong());
        } else if (status == 200) {
            return switch (reply.path("status").asText()) {
                case "ok" -> Answer.granted(reply.path("token").asText(), reply.path("lease_ttl_s").asLong());
                case "acquired" -> Answer.acquired(reply.path("token").asText(), reply.path("lease_ttl_s").asLong());
                case "queued" -> Answer.QUEUED;
                case "timeout" -> Answer.TIMEOUT;
                default -> Answer.unknown("200 " + response.body());
            };
        }
        String error = reply.path("error").asText();
        if (status == 404 && error.equals("not_held")) {
            return Answer.NOT_HELD;
        } else if (status == 409 || status == 503 && !error.equals("draining")) {
            return Answer.rejected(error.toUpperCase(Locale.ROOT));
        }
        return Answer.unknown(status + " " + response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a non-blocking exchange; an interrupt during it is kept for the caller and reported as UNKNOWN. */
    private static Answer uninterrupted(Exchange exchange) {
        try {
            return exchange.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.unknown("interrupted");
        } catch (UncheckedIOException e) {
            return Answer.unknown("HTTP " + e.getCause());
        }
    }

    @FunctionalInterface
    private interface Exchange {
        Answer run() throws InterruptedException;
    }
}
