package io.dflockd.tcp.internal;

import io.dflockd.tcp.TcpServerConfig;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * What every connection of one server shares. Immutable; any thread.
 *
 * @param config     the server's settings
 * @param dispatcher turns frames into engine calls and replies
 * @param registry   the open connections and caps
 * @param watchdog   deadlines for writes, handshakes and TLS closes
 * @param threads    starts the reader threads
 * @param auth       the token check when authentication is on
 * @param tls        the socket factory that wraps accepted sockets when TLS is on
 * @param draining   whether the server has begun to drain
 */
public record ServerContext(
        TcpServerConfig config,
        CommandDispatcher dispatcher,
        ConnectionRegistry registry,
        Watchdog watchdog,
        ConnectionThreads threads,
        Optional<AuthCheck> auth,
        Optional<SSLSocketFactory> tls,
        BooleanSupplier draining) {

    /** TLS versions the server speaks: 1.2 and 1.3 only (PROTOCOL.md §1). */
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public ServerContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(draining, "draining");
    }

    /** The allowed TLS versions among {@code supported}. */
    String[] tlsProtocols(String[] supported) {
        return Arrays.stream(TLS_PROTOCOLS).filter(p -> Arrays.asList(supported).contains(p)).toArray(String[]::new);
    }
}
