package io.dflockd.server;

import io.dflockd.core.LockManagerConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies SERVER.md §2.2 and §4 to a parsed command line: for every setting, an explicitly given flag wins, then its
 * non-empty environment variable, then the built-in default; then each value is range-checked and the cross-field
 * rules are applied. The first violation ends resolution with a {@link ConfigException} whose message names the flag
 * (or, for a value taken from the environment, the variable).
 */
final class SettingsResolver {
    private final Map<String, String> environment;

    /** @param environment the process environment (injected, so tests need not touch the real one) */
    SettingsResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The validated settings, or the first rule the command line and environment break. */
    ServerSettings resolve(ServerCommand command) throws ConfigException {
        String host = text(command.host, "DFLOCKD_HOST").orElse("127.0.0.1");
        int port = pick(command.port, "--port", "DFLOCKD_PORT", ValueFormats::parsePort,
                "an integer in 0..65535", 6388).value();
        Duration readTimeout = seconds(command.readTimeout, "--read-timeout", "DFLOCKD_READ_TIMEOUT_S", 23,
                Bound.POSITIVE);
        Duration writeTimeout = seconds(command.writeTimeout, "--write-timeout", "DFLOCKD_WRITE_TIMEOUT_S", 5,
                Bound.NON_NEGATIVE);
        Duration idleTimeout = seconds(command.idleTimeout, "--idle-timeout", "DFLOCKD_IDLE_TIMEOUT_S", 0,
                Bound.NON_NEGATIVE);
        Duration shutdownTimeout = seconds(command.shutdownTimeout, "--shutdown-timeout",
                "DFLOCKD_SHUTDOWN_TIMEOUT_S", 30, Bound.NON_NEGATIVE);
        int maxConnections = count(command.maxConnections, "--max-connections", "DFLOCKD_MAX_CONNECTIONS", 0,
                Bound.NON_NEGATIVE);
        int maxConnectionsPerIp = count(command.maxConnectionsPerIp, "--max-connections-per-ip",
                "DFLOCKD_MAX_CONNECTIONS_PER_IP", 0, Bound.NON_NEGATIVE);
        boolean autoRelease = flag(command.autoReleaseOnDisconnect, "--auto-release-on-disconnect",
                "DFLOCKD_AUTO_RELEASE_ON_DISCONNECT", true);
        Duration defaultLeaseTtl = seconds(command.defaultLeaseTtl, "--default-lease-ttl",
                "DFLOCKD_DEFAULT_LEASE_TTL_S", 33, Bound.POSITIVE);
        Duration leaseSweepInterval = seconds(command.leaseSweepInterval, "--lease-sweep-interval",
                "DFLOCKD_LEASE_SWEEP_INTERVAL_S", 1, Bound.POSITIVE);
        Duration gcInterval = seconds(command.gcInterval, "--gc-interval", "DFLOCKD_GC_INTERVAL_S", 5,
                Bound.POSITIVE);
        Duration gcMaxIdle = seconds(command.gcMaxIdle, "--gc-max-idle", "DFLOCKD_GC_MAX_IDLE_S", 60,
                Bound.NON_NEGATIVE);
        int maxLocks = count(command.maxLocks, "--max-locks", "DFLOCKD_MAX_LOCKS", 1024, Bound.POSITIVE);
        int maxWaiters = count(command.maxWaiters, "--max-waiters", "DFLOCKD_MAX_WAITERS", 0, Bound.NON_NEGATIVE);
        Optional<Path> fenceStateFile = path(command.fenceStateFile, "--fence-state-file",
                "DFLOCKD_FENCE_STATE_FILE");
        Optional<ServerSettings.TlsFiles> tls = tlsFiles(command);
        ServerSettings.HttpSettings http = httpSettings(command, host);
        if (http.port() != 0 && http.port() == port) {
            throw new ConfigException("--http-port must differ from --port");
        }
        boolean debug = flag(command.debug, "--debug", "DFLOCKD_DEBUG", false);
        return new ServerSettings(host, port, readTimeout, writeTimeout, idleTimeout, shutdownTimeout,
                maxConnections, maxConnectionsPerIp, autoRelease, defaultLeaseTtl, leaseSweepInterval, gcInterval,
                gcMaxIdle, maxLocks, maxWaiters, fenceStateFile, tls,
                http.port() == 0 ? Optional.empty() : Optional.of(http), debug);
    }

    /** The non-empty value of an environment variable (an empty one counts as unset). */
    private Optional<String> environmentValue(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
    }

    /** Resolved and validated even when the HTTP API is off, so a bad value never goes unnoticed. */
    private ServerSettings.HttpSettings httpSettings(ServerCommand command, String tcpHost) throws ConfigException {
        int port = pick(command.httpPort, "--http-port", "DFLOCKD_HTTP_PORT", ValueFormats::parsePort,
                "an integer in 0..65535", 0).value();
        String host = text(command.httpHost, "DFLOCKD_HTTP_HOST").orElse(tcpHost);
        Duration sessionIdleTimeout = seconds(command.httpSessionIdleTimeout, "--http-session-idle-timeout",
                "DFLOCKD_HTTP_SESSION_IDLE_S", 20, Bound.NON_NEGATIVE);
        int maxSessions = count(command.httpMaxSessions, "--http-max-sessions", "DFLOCKD_HTTP_MAX_SESSIONS", 0,
                Bound.NON_NEGATIVE);
        int maxSessionsPerIp = count(command.httpMaxSessionsPerIp, "--http-max-sessions-per-ip",
                "DFLOCKD_HTTP_MAX_SESSIONS_PER_IP", 0, Bound.NON_NEGATIVE);
        int maxConnectionsPerIp = count(command.httpMaxConnectionsPerIp, "--http-max-connections-per-ip",
                "DFLOCKD_HTTP_MAX_CONNECTIONS_PER_IP", 0, Bound.NON_NEGATIVE);
        int rateLimitPerIp = count(command.httpRateLimitPerIp, "--http-rate-limit-per-ip",
                "DFLOCKD_HTTP_RATE_LIMIT_PER_IP", 0, Bound.NON_NEGATIVE);
        int rateLimitBurst = count(command.httpRateLimitBurst, "--http-rate-limit-burst",
                "DFLOCKD_HTTP_RATE_LIMIT_BURST", 0, Bound.NON_NEGATIVE);
        List<String> corsAllowedOrigins = text(command.httpCorsAllowedOrigins, "DFLOCKD_HTTP_CORS_ALLOWED_ORIGINS")
                .map(ValueFormats::parseCsv)
                .orElse(List.of());
        return new ServerSettings.HttpSettings(host, port, sessionIdleTimeout, maxSessions, maxSessionsPerIp,
                maxConnectionsPerIp, rateLimitPerIp, rateLimitBurst, corsAllowedOrigins);
    }

    private Optional<ServerSettings.TlsFiles> tlsFiles(ServerCommand command) throws ConfigException {
        Optional<Path> cert = path(command.tlsCert, "--tls-cert", "DFLOCKD_TLS_CERT");
        Optional<Path> key = path(command.tlsKey, "--tls-key", "DFLOCKD_TLS_KEY");
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException("--tls-cert and --tls-key must be set together");
        }
        return cert.map(certificate -> new ServerSettings.TlsFiles(certificate, key.orElseThrow()));
    }

    /** An explicit flag, even an empty one, beats the environment; an empty result means "not set". */
    private Optional<String> text(String flagValue, String variable) {
        if (flagValue != null) {
            return Optional.of(flagValue);
        }
        return environmentValue(variable);
    }

    private Optional<Path> path(String flagValue, String flag, String variable) throws ConfigException {
        Optional<String> value = text(flagValue, variable).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value.get()));
        } catch (InvalidPathException e) {
            throw new ConfigException((flagValue != null ? flag : variable) + " is not a valid path: "
                    + e.getReason());
        }
    }

    private boolean flag(Boolean flagValue, String flag, String variable, boolean defaultValue)
            throws ConfigException {
        return pick(flagValue, flag, variable, ValueFormats::parseBoolean, "a boolean", defaultValue).value();
    }

    private int count(Integer flagValue, String flag, String variable, int defaultValue, Bound bound)
            throws ConfigException {
        Sourced<Integer> count = pick(flagValue, flag, variable, ValueFormats::parseInt, "an integer",
                defaultValue);
        bound.check(count.name(), count.value());
        return count.value();
    }

    private Duration seconds(Long flagValue, String flag, String variable, long defaultValue, Bound bound)
            throws ConfigException {
        Sourced<Long> seconds = pick(flagValue, flag, variable, ValueFormats::parseSeconds, "an integer",
                defaultValue);
        if (seconds.value() > LockManagerConfig.MAX_SECONDS) {
            throw new ConfigException(seconds.name() + " too large");
        }
        bound.check(seconds.name(), seconds.value());
        return Duration.ofSeconds(seconds.value());
    }

    private <T> Sourced<T> pick(T flagValue, String flag, String variable, Function<String, Optional<T>> parser,
            String expected, T defaultValue) throws ConfigException {
        if (flagValue != null) {
            return new Sourced<>(flagValue, flag);
        }
        Optional<String> raw = environmentValue(variable);
        if (raw.isEmpty()) {
            return new Sourced<>(defaultValue, flag);
        }
        Optional<T> parsed = parser.apply(raw.get());
        if (parsed.isEmpty()) {
            throw new ConfigException(variable + " must be " + expected);
        }
        return new Sourced<>(parsed.get(), variable);
    }

    /** A resolved value and the name to use when reporting it: the flag, or the variable it came from. */
    private record Sourced<T>(T value, String name) {
        Sourced {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The lower bound of a numeric setting. */
    private enum Bound {
        /** Must be &gt; 0. */
        POSITIVE {
            @Override
            void check(String name, long value) throws ConfigException {
                if (value <= 0) {
                    throw new ConfigException(name + " must be > 0");
                }
            }
        },
        /** Must be &ge; 0; 0 usually means "none" or "unlimited". */
        NON_NEGATIVE {
            @Override
            void check(String name, long value) throws ConfigException {
                if (value < 0) {
                    throw new ConfigException(name + " must be >= 0");
                }
            }
        };

        abstract void check(String name, long value) throws ConfigException;
    }
}
