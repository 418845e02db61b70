package io.dflockd.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * The command line as picocli sees it: one nullable field per flag, {@code null} meaning "not given". Nothing here
 * knows about environment variables or defaults; {@link SettingsResolver} applies the precedence (explicit flag &gt;
 * environment &gt; default) of SERVER.md §2.2, so a flag given with its default value still wins over the environment.
 */
@Command(
        name = "dflockd",
        sortOptions = false,
        versionProvider = ServerCommand.VersionProvider.class,
        usageHelpAutoWidth = true,
        customSynopsis = "dflockd [flags]",
        description = {
            "Distributed FIFO lock and semaphore server.",
            "Every flag can also be set by its environment variable; a flag on the command line wins.",
            ""
        })
final class ServerCommand {

    @Option(names = "--host", paramLabel = "<addr>",
            description = "TCP bind address (env DFLOCKD_HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "<port>", converter = ValueFormats.PortConverter.class,
            description = "TCP port, 0 = ephemeral (env DFLOCKD_PORT, default 6388).")
    Integer port;

    @Option(names = "--read-timeout", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Seconds a request line, TLS handshake or auth frame may take, > 0"
                    + " (env DFLOCKD_READ_TIMEOUT_S, default 23).")
    Long readTimeout;

    @Option(names = "--write-timeout", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Seconds to write one TCP reply, 0 = none (env DFLOCKD_WRITE_TIMEOUT_S, default 5).")
    Long writeTimeout;

    @Option(names = "--idle-timeout", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Close a TCP connection idle this long, 0 = never (env DFLOCKD_IDLE_TIMEOUT_S, default 0).")
    Long idleTimeout;

    @Option(names = "--shutdown-timeout", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Seconds shutdown waits for connections, 0 = forever"
                    + " (env DFLOCKD_SHUTDOWN_TIMEOUT_S, default 30).")
    Long shutdownTimeout;

    @Option(names = "--max-connections", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "Open TCP connections, 0 = unlimited (env DFLOCKD_MAX_CONNECTIONS, default 0).")
    Integer maxConnections;

    @Option(names = "--max-connections-per-ip", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "Open TCP connections per client IP, 0 = unlimited"
                    + " (env DFLOCKD_MAX_CONNECTIONS_PER_IP, default 0).")
    Integer maxConnectionsPerIp;

    @Option(names = "--auto-release-on-disconnect", paramLabel = "<bool>", arity = "0..1", fallbackValue = "true",
            converter = ValueFormats.BooleanConverter.class,
            description = "Release what a closed connection or ended session holds"
                    + " (env DFLOCKD_AUTO_RELEASE_ON_DISCONNECT, default true).")
    Boolean autoReleaseOnDisconnect;

    @Option(names = "--default-lease-ttl", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Lease when a request names none, > 0 (env DFLOCKD_DEFAULT_LEASE_TTL_S, default 33).")
    Long defaultLeaseTtl;

    @Option(names = "--lease-sweep-interval", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Period of the expired-lease sweep, > 0 (env DFLOCKD_LEASE_SWEEP_INTERVAL_S, default 1).")
    Long leaseSweepInterval;

    @Option(names = "--gc-interval", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Period of idle-key collection, > 0 (env DFLOCKD_GC_INTERVAL_S, default 5).")
    Long gcInterval;

    @Option(names = "--gc-max-idle", paramLabel = "<s>", converter = ValueFormats.SecondsConverter.class,
            description = "Idle seconds before an empty key is collected (env DFLOCKD_GC_MAX_IDLE_S, default 60).")
    Long gcMaxIdle;

    @Option(names = "--max-locks", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "Most keys at once, > 0 (env DFLOCKD_MAX_LOCKS, default 1024).")
    Integer maxLocks;

    @Option(names = "--max-waiters", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "Most queued waiters per key, 0 = unlimited (env DFLOCKD_MAX_WAITERS, default 0).")
    Integer maxWaiters;

    @Option(names = "--fence-state-file", paramLabel = "<path>",
            description = "File that keeps fences increasing across restarts (env DFLOCKD_FENCE_STATE_FILE).")
    String fenceStateFile;

    @Option(names = "--tls-cert", paramLabel = "<path>",
            description = "PEM certificate chain; with --tls-key enables TLS (env DFLOCKD_TLS_CERT).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "<path>",
            description = "PEM private key, unencrypted RSA or EC (env DFLOCKD_TLS_KEY).")
    String tlsKey;

    @Option(names = "--auth-token", paramLabel = "<token>",
            description = "Shared secret clients must present; visible in the process list,"
                    + " prefer --auth-token-file (env DFLOCKD_AUTH_TOKEN).")
    String authToken;

    @Option(names = "--auth-token-file", paramLabel = "<path>",
            description = "File holding the shared secret (env DFLOCKD_AUTH_TOKEN_FILE).")
    String authTokenFile;

    @Option(names = "--http-port", paramLabel = "<port>", converter = ValueFormats.PortConverter.class,
            description = "HTTP REST API port, 0 = off; must differ from --port (env DFLOCKD_HTTP_PORT, default 0).")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "<addr>",
            description = "HTTP bind address (env DFLOCKD_HTTP_HOST, default: the --host value).")
    String httpHost;

    @Option(names = "--http-session-idle-timeout", paramLabel = "<s>",
            converter = ValueFormats.SecondsConverter.class,
            description = "Sessions idle 2 x this long are reaped, 0 = never"
                    + " (env DFLOCKD_HTTP_SESSION_IDLE_S, default 20).")
    Long httpSessionIdleTimeout;

    @Option(names = "--http-max-sessions", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "Live HTTP sessions, 0 = unlimited (env DFLOCKD_HTTP_MAX_SESSIONS, default 0).")
    Integer httpMaxSessions;

    @Option(names = "--http-max-sessions-per-ip", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "Live HTTP sessions per client IP, 0 = unlimited"
                    + " (env DFLOCKD_HTTP_MAX_SESSIONS_PER_IP, default 0).")
    Integer httpMaxSessionsPerIp;

    @Option(names = "--http-max-connections-per-ip", paramLabel = "<n>",
            converter = ValueFormats.IntConverter.class,
            description = "HTTP requests in progress per client IP, 0 = unlimited"
                    + " (env DFLOCKD_HTTP_MAX_CONNECTIONS_PER_IP, default 0).")
    Integer httpMaxConnectionsPerIp;

    @Option(names = "--http-rate-limit-per-ip", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "HTTP requests per second per client IP, 0 = no limit"
                    + " (env DFLOCKD_HTTP_RATE_LIMIT_PER_IP, default 0).")
    Integer httpRateLimitPerIp;

    @Option(names = "--http-rate-limit-burst", paramLabel = "<n>", converter = ValueFormats.IntConverter.class,
            description = "Rate-limit bucket size, 0 = the rate (env DFLOCKD_HTTP_RATE_LIMIT_BURST, default 0).")
    Integer httpRateLimitBurst;

    @Option(names = "--http-cors-allowed-origins", paramLabel = "<csv>",
            description = "Comma-separated allowed CORS origins, * = any, empty = CORS off"
                    + " (env DFLOCKD_HTTP_CORS_ALLOWED_ORIGINS).")
    String httpCorsAllowedOrigins;

    @Option(names = "--debug", paramLabel = "<bool>", arity = "0..1", fallbackValue = "true",
            converter = ValueFormats.BooleanConverter.class,
            description = "Log at DEBUG level (env DFLOCKD_DEBUG, default false).")
    Boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean helpRequested;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    /** Supplies {@code --version}: one line, the same string as the logs and the OpenAPI document. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.current()};
        }
    }
}
