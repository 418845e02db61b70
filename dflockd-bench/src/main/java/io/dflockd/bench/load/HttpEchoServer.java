package io.dflockd.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP echo baseline: the JDK's {@code com.sun.net.httpserver} set up as dflockd's HTTP API sets it up (same
 * executor choice: a virtual thread per exchange on JDK 21+, looked up as {@link ConnectionThreads} does for the TCP
 * echo, else an unbounded pool; {@code nodelay}), answering the requests an
 * HTTP load run makes with fixed, well-formed replies and no lock logic. What the real HTTP API does beyond this is
 * its own cost; what this does is the platform's.
 *
 * <p>Replies: {@code POST /v1/sessions} → 200 with a session id; {@code POST /v1/locks/{key}} (or semaphores) → 200
 * {@code ok} with a fresh token; {@code POST …/release} and {@code DELETE /v1/sessions/…} → 204. It never refuses, so a
 * hot key would "grant" everyone: use it with distinct keys only. Thread-safe.
 */
final class HttpEchoServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool; // null on JDK 21+: a virtual thread per exchange needs no pool
    private final AtomicLong sequence = new AtomicLong();

    private HttpEchoServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Binds 127.0.0.1:{@code port} (0: ephemeral) and starts serving. */
    static HttpEchoServer start(int port) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ConnectionThreads threads = ConnectionThreads.detect();
        ExecutorService pool = threads.virtual() ? null : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60,
                TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "http-echo");
                    thread.setDaemon(true);
                    return thread;
                });
        HttpEchoServer echo = new HttpEchoServer(server, pool);
        server.setExecutor(pool != null ? pool : task -> threads.start("http-echo", task));
        server.createContext("/", echo::handle);
        server.start();
        return echo;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        String path = exchange.getRequestURI().getRawPath();
        if (exchange.getRequestMethod().equals("DELETE") || path.endsWith("/release")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        long n = sequence.incrementAndGet();
        String json = path.equals("/v1/sessions")
                ? "{\"session_id\":\"echo-" + n + "\"}"
                : String.format("{\"status\":\"ok\",\"token\":\"%032x\",\"lease_ttl_s\":33,\"fence\":%d}", n, n);
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
