package io.dflockd.http.internal;

import com.sun.net.httpserver.HttpExchange;
import io.dflockd.core.LockManager;
import io.dflockd.core.StatsSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The operational endpoints and the session endpoints (HTTP.md §9.1, §9.2, §6.5). */
public final class ServiceEndpoints {
    private final LockManager manager;
    private final SessionRegistry sessions;
    private final HttpMetrics metrics;
    private final BooleanSupplier draining;
    private final Duration idleTimeout;
    private final byte[] openApi;

    public ServiceEndpoints(LockManager manager, SessionRegistry sessions, HttpMetrics metrics,
            BooleanSupplier draining, Duration idleTimeout, byte[] openApi) {
        this.manager = manager;
        this.sessions = sessions;
        this.metrics = metrics;
        this.draining = draining;
        this.idleTimeout = idleTimeout;
        this.openApi = openApi.clone();
    }

    /** {@code GET /health}: 200 whenever the process serves HTTP. */
    public void health(HttpExchange exchange) throws IOException {
        Replies.discardBody(exchange);
        Replies.json(exchange, 200, JsonBodies.status("ok"));
    }

    /** {@code GET /ready}: 200, or {@code 503 {"status":"draining"}} once draining has begun. */
    public void ready(HttpExchange exchange) throws IOException {
        Replies.discardBody(exchange);
        boolean ready = !draining.getAsBoolean();
        Replies.json(exchange, ready ? 200 : 503, JsonBodies.status(ready ? "ok" : "draining"));
    }

    /** {@code GET /metrics}: the Prometheus exposition; gauges from one stats snapshot. */
    public void metrics(HttpExchange exchange) throws IOException {
        Replies.discardBody(exchange);
        StatsSnapshot stats = manager.stats();
        HttpMetrics.Gauges gauges =
                new HttpMetrics.Gauges(!draining.getAsBoolean(), stats.openSessions(), sessions.size(), stats);
        Replies.send(exchange, 200, HttpMetrics.CONTENT_TYPE, metrics.scrape(gauges));
    }

    /** {@code GET /v1/openapi.json}. */
    public void openApi(HttpExchange exchange) throws IOException {
        Replies.discardBody(exchange);
        exchange.getResponseHeaders().set("Cache-Control", "public, max-age=60");
        Replies.json(exchange, 200, openApi);
    }

    /** {@code GET /v1/stats}: the bytes of TCP {@code stats}'s JSON. */
    public void stats(HttpExchange exchange) throws IOException {
        Replies.discardBody(exchange);
        Replies.json(exchange, 200, StatsBody.of(manager.stats()));
    }

    /** {@code POST /v1/sessions}: the body is ignored (and may be absent, without a length). */
    public void createSession(HttpExchange exchange, InetAddress client) throws IOException {
        Replies.discardBody(exchange);
        HttpSession session = sessions.create(client);
        Replies.json(exchange, 200, JsonBodies.sessionCreated(session.id(), idleTimeout));
    }

    /** {@code DELETE /v1/sessions/{id}} (HTTP.md §6.5). */
    public void deleteSession(HttpExchange exchange, String rawId) throws IOException, InterruptedException {
        Replies.discardBody(exchange);
        String id = PathParams.sessionId(rawId);
        if (!sessions.delete(id)) {
            throw OutcomeMapping.sessionGone().toException();
        }
        Replies.noContent(exchange);
    }

    /** {@code POST /v1/sessions/{id}/ping}: refreshes last seen; not serialised behind the session's turn. */
    public void ping(HttpExchange exchange, String rawId) throws IOException {
        if (draining.getAsBoolean() || manager.isShuttingDown()) {
            throw OutcomeMapping.draining().toException();
        }
        String id = PathParams.sessionId(rawId);
        Replies.discardBody(exchange);
        sessions.find(id).orElseThrow(() -> OutcomeMapping.sessionGone().toException());
        Replies.noContent(exchange);
    }
}
