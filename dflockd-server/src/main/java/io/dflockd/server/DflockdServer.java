package io.dflockd.server;

import io.dflockd.core.FenceStateException;
import io.dflockd.core.LockManager;
import io.dflockd.http.HttpApiConfig;
import io.dflockd.http.HttpApiServer;
import io.dflockd.tcp.TcpServer;
import io.dflockd.tcp.TcpServerConfig;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: the lock manager and its listeners (SERVER.md §7.1 steps 2–6) and their orderly shutdown (§8).
 *
 * <pre>
 *  start():    open fence source + engine --&gt; bind TCP --&gt; bind HTTP (if on) --&gt; log listeners and warnings
 *  shutdown(): drain TCP and HTTP in parallel --&gt; close the engine
 * </pre>
 *
 * Draining TCP ends blocked calls through {@link LockManager#beginShutdown()} and waits up to
 * {@code --shutdown-timeout}; draining HTTP closes every session and lets in-flight requests finish. The manager is
 * closed only after both, so connection and session cleanup still find it open.
 */
final class DflockdServer {
    private static final Logger LOG = LoggerFactory.getLogger(DflockdServer.class);

    private final LockManager manager;
    private final TcpServer tcp;
    private final Optional<HttpApiServer> http;

    private DflockdServer(LockManager manager, TcpServer tcp, Optional<HttpApiServer> http) {
        this.manager = manager;
        this.tcp = tcp;
        this.http = http;
    }

    /**
     * Opens the fence source, starts the engine, binds the listeners and logs them. On failure nothing stays open.
     *
     * @throws StartupException if the fence state file cannot be used or a listener cannot be bound
     */
    static DflockdServer start(LaunchPlan plan) throws StartupException {
        ServerSettings settings = plan.settings();
        plan.warnings().forEach(LOG::warn);
        LockManager manager;
        try {
            manager = LockManager.create(settings.lockManagerConfig());
        } catch (FenceStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
        TcpServer tcp;
        try {
            tcp = TcpServer.start(manager, tcpConfig(plan));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw new StartupException(cannotListen("tcp", settings.host(), settings.port(), e), e);
        }
        Optional<HttpApiServer> http = Optional.empty();
        if (settings.http().isPresent()) {
            ServerSettings.HttpSettings httpSettings = settings.http().get();
            try {
                http = Optional.of(HttpApiServer.start(manager, httpConfig(plan, httpSettings)));
            } catch (IOException | RuntimeException e) {
                tcp.close();
                manager.close();
                throw new StartupException(cannotListen("http", httpSettings.host(), httpSettings.port(), e), e);
            }
        }
        DflockdServer server = new DflockdServer(manager, tcp, http);
        server.logStarted(plan);
        return server;
    }

    private static String cannotListen(String listener, String host, int port, Exception e) {
        return "cannot listen on " + listener + " " + host + " port " + port + ": " + e.getMessage();
    }

    private static TcpServerConfig tcpConfig(LaunchPlan plan) {
        ServerSettings settings = plan.settings();
        TcpServerConfig.Builder builder = TcpServerConfig.builder()
                .host(bindHost(settings.host()))
                .port(settings.port())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.writeTimeout())
                .idleTimeout(settings.idleTimeout())
                .shutdownTimeout(settings.shutdownTimeout())
                .maxConnections(settings.maxConnections())
                .maxConnectionsPerIp(settings.maxConnectionsPerIp());
        plan.tlsContext().ifPresent(builder::tls);
        plan.authToken().ifPresent(token -> builder.authToken(token.secret()));
        return builder.build();
    }

    private static HttpApiConfig httpConfig(LaunchPlan plan, ServerSettings.HttpSettings settings) {
        HttpApiConfig.Builder builder = HttpApiConfig.builder()
                .host(bindHost(settings.host()))
                .port(settings.port())
                .readTimeout(plan.settings().readTimeout())
                .sessionIdleTimeout(settings.sessionIdleTimeout())
                .maxSessions(settings.maxSessions())
                .maxSessionsPerIp(settings.maxSessionsPerIp())
                .maxConnectionsPerIp(settings.maxConnectionsPerIp())
                .rateLimitPerIp(settings.rateLimitPerIp())
                .rateLimitBurst(settings.rateLimitBurst())
                .corsAllowedOrigins(settings.corsAllowedOrigins())
                .shutdownTimeout(plan.settings().shutdownTimeout())
                .version(Version.current());
        plan.tlsContext().ifPresent(builder::tls);
        plan.authToken().ifPresent(token -> builder.authToken(token.secret()));
        return builder.build();
    }

    /** An empty host means every local address: the JVM's wildcard ({@code ::}, dual-stack, where IPv6 exists). */
    static String bindHost(String host) {
        return host.isEmpty() ? new InetSocketAddress(0).getAddress().getHostAddress() : host;
    }

    private void logStarted(LaunchPlan plan) {
        String fences = plan.settings().fenceStateFile()
                .map(path -> "fences from state file " + path)
                .orElse("fences clock-seeded");
        String details = "(tls " + (plan.tlsContext().isPresent() ? "on" : "off") + ", auth "
                + plan.authToken().map(token -> "on from " + token.source()).orElse("off") + ", " + fences + ")";
        String version = Version.current();
        LOG.info("dflockd {} listening: tcp {} {}", version, format(tcp.localAddress()), details);
        http.ifPresent(server -> LOG.info("dflockd {} listening: http {} {}", version,
                format(server.localAddress()), details));
        ExposureWarnings.of(plan.settings()).forEach(LOG::warn);
    }

    /** {@code 127.0.0.1:6388} or {@code [::1]:6388}. */
    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The bound TCP address. */
    InetSocketAddress tcpAddress() {
        return tcp.localAddress();
    }

    /** The bound HTTP address, when the HTTP API is on. */
    Optional<InetSocketAddress> httpAddress() {
        return http.map(HttpApiServer::localAddress);
    }

    /**
     * Drains TCP and HTTP in parallel, then closes the engine (stopping its background work and closing the fence
     * file). Blocks until done; bounded by {@code --shutdown-timeout} unless that is 0.
     */
    void shutdown() {
        LOG.info("shutting down: draining connections and sessions");
        Optional<Thread> httpDrain = http.map(server -> {
            Thread drainer = new Thread(() -> drainQuietly("HTTP", server::drain), "dflockd-http-drain");
            drainer.start();
            return drainer;
        });
        drainQuietly("TCP", tcp::drain);
        httpDrain.ifPresent(DflockdServer::joinUninterruptibly);
        http.ifPresent(server -> drainQuietly("HTTP close", server::close));
        manager.close();
        LOG.info("shutdown complete");
    }

    private static void drainQuietly(String what, Runnable drain) {
        try {
            drain.run();
        } catch (RuntimeException e) {
            LOG.error("{} drain failed", what, e);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
