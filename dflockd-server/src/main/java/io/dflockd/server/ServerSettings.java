package io.dflockd.server;

import io.dflockd.core.LockManagerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated settings of one server run (SERVER.md §3), after precedence and every single-field and cross-field
 * rule of §4. The auth token is not part of it: it is resolved separately and never travels in a record whose
 * {@code toString} could end up in a log.
 *
 * @param host                    TCP bind address as given (hostname or IP literal, possibly empty = all addresses)
 * @param port                    TCP port, 0 = ephemeral
 * @param readTimeout             per-line read deadline, &gt; 0
 * @param writeTimeout            per-reply write deadline, 0 = none
 * @param idleTimeout             idle close, 0 = never
 * @param shutdownTimeout         drain deadline, 0 = wait forever
 * @param maxConnections          open TCP connections, 0 = unlimited
 * @param maxConnectionsPerIp     open TCP connections per remote IP, 0 = unlimited
 * @param autoReleaseOnDisconnect whether ending a connection or session releases what it holds
 * @param defaultLeaseTtl         lease when a request names none
 * @param leaseSweepInterval      period of the expired-lease sweep
 * @param gcInterval              period of idle-key collection
 * @param gcMaxIdle               idle time before an empty key is collected
 * @param maxLocks                most keys at once
 * @param maxWaiters              most queued waiters per key, 0 = unlimited
 * @param fenceStateFile          fence state file; empty = clock-seeded fences
 * @param tls                     certificate and key files; empty = plaintext
 * @param http                    the HTTP REST API listener; empty = off ({@code --http-port} 0)
 * @param debug                   DEBUG logging
 */
record ServerSettings(
        String host,
        int port,
        Duration readTimeout,
        Duration writeTimeout,
        Duration idleTimeout,
        Duration shutdownTimeout,
        int maxConnections,
        int maxConnectionsPerIp,
        boolean autoReleaseOnDisconnect,
        Duration defaultLeaseTtl,
        Duration leaseSweepInterval,
        Duration gcInterval,
        Duration gcMaxIdle,
        int maxLocks,
        int maxWaiters,
        Optional<Path> fenceStateFile,
        Optional<TlsFiles> tls,
        Optional<HttpSettings> http,
        boolean debug) {

    ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fenceStateFile, "fenceStateFile");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(http, "http");
    }

    /** The certificate chain and private key files of the TLS listeners. */
    record TlsFiles(Path certificateChain, Path privateKey) {
        TlsFiles {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * The HTTP listener's own settings (SERVER.md §3.4); TLS, auth, read and shutdown timeouts are shared with TCP.
     *
     * @param host                bind address as given (defaults to the TCP host; empty = all addresses)
     * @param port                HTTP port, non-zero and different from the TCP port
     * @param sessionIdleTimeout  sessions idle twice this long are reaped; 0 = never
     * @param maxSessions         live sessions, 0 = unlimited
     * @param maxSessionsPerIp    live sessions per client IP, 0 = unlimited
     * @param maxConnectionsPerIp requests in progress per client IP, 0 = unlimited
     * @param rateLimitPerIp      requests per second per client IP, 0 = off
     * @param rateLimitBurst      bucket size, 0 = the rate
     * @param corsAllowedOrigins  allowed origins, {@code *} = any, empty = CORS off
     */
    record HttpSettings(String host, int port, Duration sessionIdleTimeout, int maxSessions, int maxSessionsPerIp,
            int maxConnectionsPerIp, int rateLimitPerIp, int rateLimitBurst, List<String> corsAllowedOrigins) {
        HttpSettings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
            corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        }
    }

    /** The engine settings of this run. */
    LockManagerConfig lockManagerConfig() {
        LockManagerConfig.Builder builder = LockManagerConfig.builder()
                .defaultLeaseTtl(defaultLeaseTtl)
                .leaseSweepInterval(leaseSweepInterval)
                .gcInterval(gcInterval)
                .gcMaxIdle(gcMaxIdle)
                .maxLocks(maxLocks)
                .maxWaiters(maxWaiters)
                .autoReleaseOnSessionEnd(autoReleaseOnDisconnect);
        fenceStateFile.ifPresent(builder::fenceStateFile);
        return builder.build();
    }
}
