package io.dflockd.server;

import io.dflockd.core.FenceStateException;
import io.dflockd.core.LockManager;
import io.dflockd.tcp.TcpServer;
import io.dflockd.tcp.TcpServerConfig;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: the lock manager and its listeners (SERVER.md §7.1 steps 2–6) and their orderly shutdown (§8).
 *
 * <pre>
 *  start():    open fence source + engine --&gt; bind TCP --&gt; log listeners, fences, warnings
 *  shutdown(): drain TCP (stop accepting, answer blocked and idle connections, close them) --&gt; close the engine
 * </pre>
 *
 * The TCP adapter's drain ends blocked calls through {@link LockManager#beginShutdown()} and waits up to
 * {@code --shutdown-timeout}; the manager is closed only after that, so connection cleanup still finds it open.
 */
final class DflockdServer {
    private static final Logger LOG = LoggerFactory.getLogger(DflockdServer.class);

    private final LockManager manager;
    private final TcpServer tcp;

    private DflockdServer(LockManager manager, TcpServer tcp) {
        this.manager = manager;
        this.tcp = tcp;
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
            throw new StartupException("cannot listen on tcp " + settings.host() + " port " + settings.port() + ": "
                    + e.getMessage(), e);
        }
        DflockdServer server = new DflockdServer(manager, tcp);
        server.logStarted(plan);
        return server;
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
        LOG.info("dflockd {} listening: tcp {} {}", Version.current(), format(tcp.localAddress()), details);
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

    /** Drains the listeners, then closes the engine (stopping its background work and the fence file). */
    void shutdown() {
        LOG.info("shutting down: draining connections");
        try {
            tcp.drain();
        } catch (RuntimeException e) {
            LOG.error("draining the TCP listener failed", e);
        } finally {
            manager.close();
        }
        LOG.info("shutdown complete");
    }
}
