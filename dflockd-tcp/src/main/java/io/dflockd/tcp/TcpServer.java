package io.dflockd.tcp;

import io.dflockd.core.LockManager;
import io.dflockd.core.Session;
import io.dflockd.tcp.internal.AuthCheck;
import io.dflockd.tcp.internal.CommandDispatcher;
import io.dflockd.tcp.internal.Connection;
import io.dflockd.tcp.internal.ConnectionRegistry;
import io.dflockd.tcp.internal.ConnectionThreads;
import io.dflockd.tcp.internal.ServerContext;
import io.dflockd.tcp.internal.Watchdog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dflockd TCP server (PROTOCOL.md): a blocking accept loop and one thread per connection (virtual threads on JDK
 * 21+, platform threads on 17), each connection one engine {@link Session}. The adapter only translates: every lock
 * rule lives in the {@link LockManager}.
 *
 * <pre>{@code
 * try (LockManager manager = LockManager.create(LockManagerConfig.defaults());
 *      TcpServer server = TcpServer.start(manager, TcpServerConfig.builder().port(0).build())) {
 *     int port = server.localAddress().getPort();
 *     // serve until told to stop
 * }
 * }</pre>
 *
 * <p>Threads: a connection has one handler thread, plus a watcher thread while a command blocks (the watcher is what
 * notices a peer that leaves meanwhile). Virtual threads on JDK 21+, platform daemon threads on JDK 17.
 *
 * <p>Life cycle: {@link #start} binds and accepts; {@link #drain()} (or {@link #close()}) stops accepting, ends
 * blocked calls through {@link LockManager#beginShutdown()}, answers {@code error_draining} and closes every
 * connection, forcibly after {@link TcpServerConfig#shutdownTimeout()}. The manager itself stays open: its owner
 * closes it after the drain. Thread-safe.
 */
public final class TcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    private static final int BACKLOG = 1024;
    private static final int KEEPALIVE_IDLE_SECONDS = 15;
    private static final int KEEPALIVE_INTERVAL_SECONDS = 15;
    private static final int KEEPALIVE_COUNT = 9;
    private static final long ACCEPT_BACKOFF_MIN_MILLIS = 5;
    private static final long ACCEPT_BACKOFF_MAX_MILLIS = 1000;
    private static final long FORCED_CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final LockManager manager;
    private final TcpServerConfig config;
    private final ServerSocket listener;
    private final ConnectionRegistry registry;
    private final Watchdog watchdog = new Watchdog();
    private final ConnectionThreads threads = ConnectionThreads.detect();
    private final ServerContext context;
    private final ReentrantLock drainLock = new ReentrantLock();
    private final Thread acceptThread;
    private volatile boolean draining;
    private boolean drained;

    private TcpServer(LockManager manager, TcpServerConfig config, ServerSocket listener) {
        this.manager = manager;
        this.config = config;
        this.listener = listener;
        this.registry = new ConnectionRegistry(config.maxConnections(), config.maxConnectionsPerIp());
        this.context = new ServerContext(config, new CommandDispatcher(manager), registry, watchdog, threads,
                config.authToken().map(AuthCheck::new), config.tls().map(tls -> tls.getSocketFactory()),
                () -> draining);
        this.acceptThread = new Thread(this::acceptLoop, "dflockd-tcp-accept");
        this.acceptThread.setDaemon(true);
    }

    /**
     * Binds {@code config.host():config.port()} with a backlog of {@value #BACKLOG} and starts accepting.
     *
     * @throws IOException if the address cannot be resolved or bound
     */
    public static TcpServer start(LockManager manager, TcpServerConfig config) throws IOException {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(config, "config");
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), BACKLOG);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        TcpServer server = new TcpServer(manager, config, listener);
        server.acceptThread.start();
        LOG.debug("dflockd TCP listening on {} ({}{}{})", server.localAddress(), config.tls().isPresent() ? "TLS"
                : "plaintext", config.authToken().isPresent() ? ", auth" : "",
                server.threads.virtual() ? ", virtual threads" : ", platform threads");
        return server;
    }

    /** The bound address (with the actual port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Connections admitted and not yet closed (the TCP part of stats {@code connections}). */
    public int openConnections() {
        return registry.count();
    }

    private void acceptLoop() {
        long backoffMillis = 0;
        while (!draining) {
            Socket socket;
            try {
                socket = listener.accept();
                backoffMillis = 0;
            } catch (IOException e) {
                if (listener.isClosed() || draining) {
                    return;
                }
                backoffMillis = backoffMillis == 0 ? ACCEPT_BACKOFF_MIN_MILLIS
                        : Math.min(backoffMillis * 2, ACCEPT_BACKOFF_MAX_MILLIS);
                LOG.warn("accept failed, retrying in {} ms: {}", backoffMillis, e.toString());
                if (!pause(backoffMillis)) {
                    return;
                }
                continue;
            }
            admit(socket);
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis); // accept back-off (PROTOCOL.md §9)
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Caps, registration and the handler thread for one accepted socket (PROTOCOL.md §9 order). */
    private void admit(Socket socket) {
        long acceptedNanos = System.nanoTime();
        String ip = ConnectionRegistry.ipOf(socket.getInetAddress());
        if (draining) {
            closeQuietly(socket);
            return;
        }
        if (!registry.tryAdmit(ip)) {
            LOG.warn("connection from {} refused: connection cap reached", ip);
            closeQuietly(socket);
            return;
        }
        Session session;
        try {
            session = manager.openSession();
        } catch (IllegalStateException e) {
            registry.release(ip);
            closeQuietly(socket);
            return;
        }
        Connection connection = new Connection(context, socket, ip, session, acceptedNanos);
        registry.add(connection);
        try {
            configure(socket);
            threads.start("dflockd-tcp-conn-" + session.id(), connection);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            LOG.warn("connection {} from {} dropped at accept: {}", session.id(), ip, e.toString());
            session.close();
            registry.remove(connection);
            registry.release(ip);
            closeQuietly(socket);
        }
    }

    /** Socket options of an accepted connection (PROTOCOL.md §1). */
    static void configure(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
        setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
        setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_COUNT);
    }

    private static void setIfSupported(Socket socket, java.net.SocketOption<Integer> option, int value)
            throws IOException {
        if (socket.supportedOptions().contains(option)) {
            socket.setOption(option, value);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    /**
     * Graceful shutdown (PROTOCOL.md §8.5): stops accepting, calls {@link LockManager#beginShutdown()} so that blocked
     * calls answer {@code error}, wakes idle connections to answer {@code error_draining}, and waits until every
     * connection has closed or {@link TcpServerConfig#shutdownTimeout()} has passed, then closes the rest forcibly.
     * Blocks the caller; idempotent (a second caller waits for the first drain to finish).
     */
    public void drain() {
        drainLock.lock();
        try {
            if (drained) {
                return;
            }
            drained = true;
            draining = true;
            closeListener();
            manager.beginShutdown();
            for (Connection connection : registry.snapshot()) {
                connection.wakeForDrain();
            }
            awaitConnectionsClosed();
        } finally {
            watchdog.close();
            drainLock.unlock();
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("listener close failed: {}", e.toString());
        }
        try {
            acceptThread.join(TimeUnit.SECONDS.toMillis(5)); // every admitted connection is registered after this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitConnectionsClosed() {
        long timeout = config.shutdownTimeout().isZero() ? Long.MAX_VALUE : config.shutdownTimeout().toNanos();
        try {
            if (registry.awaitEmpty(timeout)) {
                LOG.info("drained: every connection closed");
                return;
            }
            LOG.warn("shutdown timeout passed; closing {} connection(s) forcibly", registry.count());
            for (Connection connection : registry.snapshot()) {
                connection.forceClose();
            }
            registry.awaitEmpty(FORCED_CLOSE_GRACE_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Connection connection : registry.snapshot()) {
                connection.forceClose();
            }
        }
    }

    /** Drains if that has not happened yet. Idempotent. */
    @Override
    public void close() {
        drain();
    }
}
