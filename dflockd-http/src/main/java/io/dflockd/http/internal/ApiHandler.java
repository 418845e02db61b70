package io.dflockd.http.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline of HTTP.md §2, outermost first: CORS, metrics, per-IP limits (requests in progress, then the
 * rate limit), bearer auth, routing (404, 405 with {@code Allow}), the endpoint. Runs on the server's executor, one
 * exchange per thread; every exchange is closed when it leaves.
 */
public final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final long AUTH_FAILURE_DELAY_MILLIS = 100;

    /** The stages' shared parts. */
    public record Stages(Cors cors, HttpMetrics metrics, InFlightLimiter inFlight, RateLimiter rateLimiter,
            byte[] authTokenDigest) {
    }

    private final Stages stages;
    private final ServiceEndpoints service;
    private final LockEndpoints locks;
    private final AtomicInteger exchanges = new AtomicInteger();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();

    public ApiHandler(Stages stages, ServiceEndpoints service, LockEndpoints locks) {
        this.stages = stages;
        this.service = service;
        this.locks = locks;
    }

    /** Exchanges being handled now (for the drain). */
    public int exchangesInProgress() {
        return exchanges.get();
    }

    /** Waits until no exchange is being handled, at most {@code timeoutNanos}; returns whether none is. */
    public boolean awaitNoExchanges(long timeoutNanos) throws InterruptedException {
        idleLock.lock();
        try {
            long remaining = timeoutNanos;
            while (exchanges.get() > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    @Override
    public void handle(HttpExchange exchange) {
        exchanges.incrementAndGet();
        try {
            corsStage(exchange);
        } finally {
            exchange.close();
            if (exchanges.decrementAndGet() == 0) {
                idleLock.lock();
                try {
                    idle.signalAll();
                } finally {
                    idleLock.unlock();
                }
            }
        }
    }

    private void corsStage(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        Headers request = exchange.getRequestHeaders();
        stages.cors().addHeaders(request, exchange.getResponseHeaders());
        if (stages.cors().isPreflight(method, request)) {
            try {
                Replies.noContent(exchange);
            } catch (IOException e) {
                LOG.debug("preflight not delivered: {}", e.toString());
            }
            return;
        }
        metricsStage(exchange, method);
    }

    private void metricsStage(HttpExchange exchange, String method) {
        long start = System.nanoTime();
        Route.RouteMatch match = Route.find(exchange.getRequestURI().getRawPath());
        try {
            limitStage(exchange, method, match);
        } finally {
            int status = exchange.getResponseCode();
            if (status > 0) {
                stages.metrics().record(method, match == null ? null : match.route(), status,
                        System.nanoTime() - start);
            }
        }
    }

    private void limitStage(HttpExchange exchange, String method, Route.RouteMatch match) {
        InetAddress client = ClientAddress.of(exchange.getRemoteAddress());
        if (!stages.inFlight().tryEnter(client)) {
            exchange.getResponseHeaders().set("Connection", "close");
            answer(exchange, new ApiError(ErrorCode.MAX_CONNECTIONS_PER_IP, "too many requests in progress"));
            return;
        }
        try {
            Route route = match == null ? null : match.route();
            if ((route == null || !route.rateLimitExempt())
                    && !stages.rateLimiter().tryTake(client, System.nanoTime())) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                answer(exchange, new ApiError(ErrorCode.RATE_LIMITED, "rate limit exceeded"));
                return;
            }
            if (stages.authTokenDigest() != null && (route == null || !route.authExempt())
                    && !authorized(exchange.getRequestHeaders())) {
                TimeUnit.MILLISECONDS.sleep(AUTH_FAILURE_DELAY_MILLIS);
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                answer(exchange, ApiError.of(ErrorCode.UNAUTHORIZED));
                return;
            }
            route(exchange, method, match, client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(exchange, new ApiError(ErrorCode.INTERNAL, "interrupted"));
        } finally {
            stages.inFlight().exit(client);
        }
    }

    private void route(HttpExchange exchange, String method, Route.RouteMatch match, InetAddress client)
            throws InterruptedException {
        if (match == null) {
            answer(exchange, ApiError.of(ErrorCode.NOT_FOUND));
            return;
        }
        Operation operation = match.route().operation(method);
        if (operation == null) {
            exchange.getResponseHeaders().set("Allow", match.route().allowHeader());
            answer(exchange, ApiError.of(ErrorCode.METHOD_NOT_ALLOWED));
            return;
        }
        try {
            endpoint(operation).serve(exchange, operation, match.rawParam(), client);
        } catch (ApiException e) {
            answer(exchange, e.error());
        } catch (IOException e) {
            LOG.debug("{} {}: client gone: {}", method, match.route().pattern(), e.toString());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, match.route().pattern(), e);
            answer(exchange, new ApiError(ErrorCode.INTERNAL, "internal error"));
        }
    }

    @FunctionalInterface
    private interface Endpoint {
        void serve(HttpExchange exchange, Operation operation, String rawParam, InetAddress client)
                throws IOException, InterruptedException;
    }

    /** The endpoint of each operation; exhaustive, so a new operation must be wired here. */
    private Endpoint endpoint(Operation operation) {
        return switch (operation) {
            case GET_HEALTH -> (exchange, op, param, client) -> service.health(exchange);
            case GET_READY -> (exchange, op, param, client) -> service.ready(exchange);
            case GET_METRICS -> (exchange, op, param, client) -> service.metrics(exchange);
            case GET_OPENAPI -> (exchange, op, param, client) -> service.openApi(exchange);
            case GET_STATS -> (exchange, op, param, client) -> service.stats(exchange);
            case CREATE_SESSION -> (exchange, op, param, client) -> service.createSession(exchange, client);
            case DELETE_SESSION -> (exchange, op, param, client) -> service.deleteSession(exchange, param);
            case PING_SESSION -> (exchange, op, param, client) -> service.ping(exchange, param);
            case GET_LOCK, GET_SEMAPHORE -> (exchange, op, param, client) -> locks.view(exchange, param);
            case ACQUIRE_LOCK, RELEASE_LOCK, RENEW_LOCK, ENQUEUE_LOCK, WAIT_LOCK, ACQUIRE_SEMAPHORE,
                    RELEASE_SEMAPHORE, RENEW_SEMAPHORE, ENQUEUE_SEMAPHORE, WAIT_SEMAPHORE ->
                    (exchange, op, param, client) -> locks.operate(exchange, op, param);
        };
    }

    /** Writes {@code error} unless a response was already sent; a gone client is only logged. */
    private static void answer(HttpExchange exchange, ApiError error) {
        if (exchange.getResponseCode() > 0) {
            return;
        }
        try {
            Replies.error(exchange, error);
        } catch (IOException e) {
            LOG.debug("error answer not delivered: {}", e.toString());
        }
    }

    /**
     * Whether the request carries {@code Authorization: Bearer <token>} with the server's token. The scheme is
     * matched case-insensitively, the credential trimmed, and the comparison always performed in constant time
     * (over SHA-256 digests, so the lengths do not leak either).
     */
    private boolean authorized(Headers headers) {
        String header = headers.getFirst("Authorization");
        String credential = "";
        boolean bearer = false;
        if (header != null) {
            String trimmed = header.strip();
            int space = 0;
            while (space < trimmed.length() && !Character.isWhitespace(trimmed.charAt(space))) {
                space++;
            }
            bearer = trimmed.substring(0, space).equalsIgnoreCase("Bearer");
            credential = trimmed.substring(space).strip();
        }
        boolean equal = MessageDigest.isEqual(digest(credential), stages.authTokenDigest());
        return bearer && equal && !credential.isEmpty();
    }

    /** SHA-256 of {@code text}'s UTF-8 bytes. */
    public static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
