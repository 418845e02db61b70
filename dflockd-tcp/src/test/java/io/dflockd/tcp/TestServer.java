package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.StatsSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/** An in-process engine and TCP server on 127.0.0.1 and a free port, for one test. */
final class TestServer implements AutoCloseable {
    final LockManager manager;
    final TcpServer server;

    private TestServer(LockManager manager, TcpServer server) {
        this.manager = manager;
        this.server = server;
    }

    static TestServer start() {
        return start(engine -> { }, tcp -> { });
    }

    static TestServer start(Consumer<LockManagerConfig.Builder> engine, Consumer<TcpServerConfig.Builder> tcp) {
        return start(engine, tcp, manager -> manager);
    }

    /** Starts with {@code decorate} wrapped around the engine (to inject failures). */
    static TestServer start(Consumer<LockManagerConfig.Builder> engine, Consumer<TcpServerConfig.Builder> tcp,
            Function<LockManager, LockManager> decorate) {
        LockManagerConfig.Builder engineConfig = LockManagerConfig.builder();
        engine.accept(engineConfig);
        LockManager manager = LockManager.create(engineConfig.build());
        TcpServerConfig.Builder tcpConfig = TcpServerConfig.builder().port(0).shutdownTimeout(Duration.ofSeconds(3));
        tcp.accept(tcpConfig);
        try {
            return new TestServer(manager, TcpServer.start(decorate.apply(manager), tcpConfig.build()));
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    WireClient client() {
        return WireClient.connect(address());
    }

    /** Asserts that no key has a holder or a waiter. */
    void assertEngineIdle() {
        StatsSnapshot stats = manager.stats();
        assertThat(stats.locks()).as("busy locks").isEmpty();
        assertThat(stats.semaphores()).as("busy semaphores").isEmpty();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            manager.close();
        }
    }
}
