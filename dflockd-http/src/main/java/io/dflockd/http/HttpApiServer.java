package io.dflockd.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.dflockd.core.LockManager;
import io.dflockd.http.internal.ApiHandler;
import io.dflockd.http.internal.Cors;
import io.dflockd.http.internal.HttpMetrics;
import io.dflockd.http.internal.InFlightLimiter;
import io.dflockd.http.internal.LockEndpoints;
import io.dflockd.http.internal.OpenApiDocument;
import io.dflockd.http.internal.RateLimiter;
import io.dflockd.http.internal.ServiceEndpoints;
import io.dflockd.http.internal.SessionRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dflockd REST API (HTTP.md) on the JDK's {@code com.sun.net.httpserver}, over a {@link LockManager} it shares
 * with the TCP adapter. HTTP sessions are engine sessions, so HTTP and TCP callers wait in one FIFO queue per key.
 *
 * <p>Life cycle: {@link #start} binds and serves; {@link #drain()} begins the graceful shutdown of SERVER.md §8;
 * {@link #close()} stops at once. Neither closes the lock manager, which belongs to the caller.
 *
 * <p>Threads: every exchange runs on its own virtual thread on JDK 21+, and on an unbounded cached pool of daemon
 * threads on JDK 17 (never a small fixed pool: long-polls would starve the releases and DELETEs that end them).
 * One daemon thread runs the session reaper and the rate-limit bucket sweep.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    private static final long BUCKET_SWEEP_MINUTES = 5;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final SessionRegistry sessions;
    private final ApiHandler handler;
    private final HttpApiConfig config;
    private final AtomicBoolean draining;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpApiServer(HttpServer server, ExecutorService executor, ScheduledExecutorService scheduler,
            SessionRegistry sessions, ApiHandler handler, HttpApiConfig config, AtomicBoolean draining) {
        this.server = server;
        this.executor = executor;
        this.scheduler = scheduler;
        this.sessions = sessions;
        this.handler = handler;
        this.config = config;
        this.draining = draining;
    }

    /**
     * Binds {@code config.host():config.port()} and starts serving. Before the first server of the JVM is created
     * it sets the JDK's {@code sun.net.httpserver.maxReqTime} (to the read timeout), {@code idleInterval} (120 s)
     * and {@code nodelay}, unless they are already set; the JDK reads them once per JVM.
     *
     * @throws IOException if the address cannot be bound
     */
    public static HttpApiServer start(LockManager manager, HttpApiConfig config) throws IOException {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(config, "config");
        setJdkProperties(config.readTimeout());
        AtomicBoolean draining = new AtomicBoolean();
        SessionRegistry sessions = new SessionRegistry(manager, config.maxSessions(), config.maxSessionsPerIp(),
                config.sessionIdleTimeout(), draining::get);
        HttpMetrics metrics = new HttpMetrics();
        ApiHandler.Stages stages = new ApiHandler.Stages(new Cors(config.corsAllowedOrigins()), metrics,
                new InFlightLimiter(config.maxConnectionsPerIp()),
                new RateLimiter(config.rateLimitPerIp(), config.effectiveBurst()),
                config.authToken().map(ApiHandler::digest).orElse(null));
        ApiHandler handler = new ApiHandler(stages,
                new ServiceEndpoints(manager, sessions, metrics, draining::get, config.sessionIdleTimeout(),
                        OpenApiDocument.render(config.version())),
                new LockEndpoints(manager, sessions, draining::get));
        HttpServer server = createServer(config);
        ExecutorService executor = exchangeExecutor();
        server.setExecutor(executor);
        server.createContext("/", handler);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("dflockd-http-sweep"));
        HttpApiServer api = new HttpApiServer(server, executor, scheduler, sessions, handler, config, draining);
        api.schedule(stages.rateLimiter());
        server.start();
        LOG.info("HTTP API listening on {}://{}:{}", config.tls().isPresent() ? "https" : "http",
                server.getAddress().getHostString(), server.getAddress().getPort());
        return api;
    }

    private void schedule(RateLimiter rateLimiter) {
        long idleNanos = config.sessionIdleTimeout().toNanos();
        if (idleNanos > 0) {
            long periodNanos = Math.min(idleNanos, Duration.ofSeconds(30).toNanos());
            scheduler.scheduleWithFixedDelay(guarded(sessions::reapIdle), periodNanos, periodNanos,
                    TimeUnit.NANOSECONDS);
        }
        if (rateLimiter.enabled()) {
            scheduler.scheduleWithFixedDelay(guarded(() -> rateLimiter.sweep(System.nanoTime())),
                    BUCKET_SWEEP_MINUTES, BUCKET_SWEEP_MINUTES, TimeUnit.MINUTES);
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("HTTP background task failed", e);
            }
        };
    }

    private static void setJdkProperties(Duration readTimeout) {
        long seconds = Math.max(1, (readTimeout.toMillis() + 999) / 1000);
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        setIfAbsent("sun.net.httpserver.idleInterval", "120");
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private static HttpServer createServer(HttpApiConfig config) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (config.tls().isEmpty()) {
            return HttpServer.create(address, 0);
        }
        SSLContext context = config.tls().get();
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setProtocols(Arrays.stream(parameters.getProtocols())
                        .filter(p -> p.equals("TLSv1.2") || p.equals("TLSv1.3"))
                        .toArray(String[]::new));
                params.setSSLParameters(parameters);
            }
        });
        return server;
    }

    /** Virtual threads on JDK 21+ (looked up reflectively: the build targets 17), else an unbounded daemon pool. */
    private static ExecutorService exchangeExecutor() {
        try {
            Object executor = Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            return (ExecutorService) executor;
        } catch (ReflectiveOperationException e) {
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    daemon("dflockd-http"));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The bound address (its port is the real one when the config asked for port 0). */
    public InetSocketAddress localAddress() {
        return server.getAddress();
    }

    /**
     * Graceful shutdown (SERVER.md §8, HTTP column): {@code /ready} answers 503 and {@code dflockd_ready} becomes 0;
     * session creation and session-bound POSTs answer {@code 503 draining}; every session is closed (blocked
     * long-polls answer {@code 410 session_gone}); then, once the requests in progress have finished or the shutdown
     * timeout has passed, the listener stops and the remaining connections are closed. Blocks until then. Any
     * thread; idempotent.
     */
    public void drain() {
        if (closed.get()) {
            return;
        }
        draining.set(true);
        int ended = sessions.endAll().size();
        LOG.info("HTTP API draining: {} sessions closed", ended);
        try {
            if (!handler.awaitNoExchanges(config.effectiveShutdownTimeout().toNanos())) {
                LOG.warn("HTTP API: {} requests still in progress after the shutdown timeout; closing their "
                        + "connections", handler.exchangesInProgress());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Stops at once: the listener and every connection are closed, every session is closed and cleaned up, and the
     * background threads stop. Does not close the lock manager. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        draining.set(true);
        server.stop(0);
        sessions.endAll();
        scheduler.shutdownNow();
        executor.shutdown();
        LOG.info("HTTP API stopped");
    }
}
