package io.dflockd.client;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.StatsSnapshot;
import io.dflockd.tcp.TcpServer;
import io.dflockd.tcp.TcpServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** A real engine and TCP server in-process on 127.0.0.1 and a free port. */
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
        LockManagerConfig.Builder engineConfig = LockManagerConfig.builder();
        engine.accept(engineConfig);
        LockManager manager = LockManager.create(engineConfig.build());
        TcpServerConfig.Builder tcpConfig = TcpServerConfig.builder().host("127.0.0.1").port(0)
                .shutdownTimeout(Duration.ofSeconds(3));
        tcp.accept(tcpConfig);
        try {
            return new TestServer(manager, TcpServer.start(manager, tcpConfig.build()));
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    String address() {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    StatsSnapshot stats() {
        return manager.stats();
    }

    /** The engine's entry of a busy lock. */
    Optional<StatsSnapshot.LockEntry> lock(String key) {
        return stats().locks().stream().filter(l -> l.key().asString().equals(key)).findFirst();
    }

    /** The engine's entry of a busy semaphore. */
    Optional<StatsSnapshot.SemaphoreEntry> semaphore(String key) {
        return stats().semaphores().stream().filter(s -> s.key().asString().equals(key)).findFirst();
    }

    /** Holders of a key whatever its limit (a lock entry with an owner counts one). */
    int holders(String key) {
        return lock(key).map(l -> l.ownerSessionId() != 0 ? 1 : 0)
                .orElseGet(() -> semaphore(key).map(StatsSnapshot.SemaphoreEntry::holders).orElse(0));
    }

    /** Waiters of a key whatever its limit. */
    int waiters(String key) {
        return lock(key).map(StatsSnapshot.LockEntry::waiters)
                .orElseGet(() -> semaphore(key).map(StatsSnapshot.SemaphoreEntry::waiters).orElse(0));
    }

    /** Whether no key has a holder or a waiter. */
    boolean idle() {
        StatsSnapshot stats = stats();
        return stats.locks().isEmpty() && stats.semaphores().isEmpty();
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
