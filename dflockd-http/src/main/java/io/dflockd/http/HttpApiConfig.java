package io.dflockd.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Immutable settings of an {@link HttpApiServer} (SERVER.md §3.4, HTTP.md §1). Build with {@link #builder()}, which
 * holds the server's defaults; the constructor rejects an invalid value with an {@link IllegalArgumentException}
 * naming the field.
 *
 * @param host                  bind address (default {@code 127.0.0.1})
 * @param port                  TCP port, 0..65535; 0 binds an ephemeral port (tests)
 * @param readTimeout           time a request (line, headers, body) has to arrive (&gt; 0; default 23 s)
 * @param sessionIdleTimeout    advisory idle timeout S; sessions are reaped after 2 × S (&ge; 0; 0 = never; 20 s)
 * @param maxSessions           live sessions at most (&ge; 0; 0 = unlimited)
 * @param maxSessionsPerIp      live sessions created by one client IP at most (&ge; 0; 0 = unlimited)
 * @param maxConnectionsPerIp   requests in progress from one client IP at most (&ge; 0; 0 = unlimited)
 * @param rateLimitPerIp        requests per second per client IP (&ge; 0; 0 = off)
 * @param rateLimitBurst        bucket size (&ge; 0; 0 = same as the rate)
 * @param corsAllowedOrigins    allowed origins; {@code *} allows any; empty disables CORS
 * @param tls                   serve HTTPS only with this context (minimum TLS 1.2); empty = plain HTTP
 * @param authToken             the bearer token; empty = no authentication
 * @param shutdownTimeout       how long {@link HttpApiServer#drain()} waits for in-flight requests (&ge; 0;
 *                              0 means 30 s)
 * @param version               the server's version, shown in the OpenAPI document
 */
public record HttpApiConfig(String host, int port, Duration readTimeout, Duration sessionIdleTimeout, int maxSessions,
        int maxSessionsPerIp, int maxConnectionsPerIp, int rateLimitPerIp, int rateLimitBurst,
        List<String> corsAllowedOrigins, Optional<SSLContext> tls, Optional<String> authToken,
        Duration shutdownTimeout, String version) {

    public HttpApiConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be > 0, was " + readTimeout);
        }
        requireNotNegative("sessionIdleTimeout", sessionIdleTimeout);
        requireNotNegative("maxSessions", maxSessions);
        requireNotNegative("maxSessionsPerIp", maxSessionsPerIp);
        requireNotNegative("maxConnectionsPerIp", maxConnectionsPerIp);
        requireNotNegative("rateLimitPerIp", rateLimitPerIp);
        requireNotNegative("rateLimitBurst", rateLimitBurst);
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authToken, "authToken");
        authToken.ifPresent(token -> {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("authToken must not be empty when present");
            }
        });
        requireNotNegative("shutdownTimeout", shutdownTimeout);
        Objects.requireNonNull(version, "version");
    }

    private static void requireNotNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
    }

    private static void requireNotNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
    }

    /** The bucket size actually used: the burst, or the rate when the burst is 0. */
    public int effectiveBurst() {
        return rateLimitBurst == 0 ? rateLimitPerIp : rateLimitBurst;
    }

    /** The shutdown bound actually used: {@link #shutdownTimeout}, or 30 s when it is zero. */
    public Duration effectiveShutdownTimeout() {
        return shutdownTimeout.isZero() ? Duration.ofSeconds(30) : shutdownTimeout;
    }

    /** A builder holding the defaults of SERVER.md §3.4. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Duration readTimeout = Duration.ofSeconds(23);
        private Duration sessionIdleTimeout = Duration.ofSeconds(20);
        private int maxSessions;
        private int maxSessionsPerIp;
        private int maxConnectionsPerIp;
        private int rateLimitPerIp;
        private int rateLimitBurst;
        private List<String> corsAllowedOrigins = new ArrayList<>();
        private SSLContext tls;
        private String authToken;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private String version = "0.0.0";

        private Builder() {
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder readTimeout(Duration value) {
            this.readTimeout = value;
            return this;
        }

        public Builder sessionIdleTimeout(Duration value) {
            this.sessionIdleTimeout = value;
            return this;
        }

        public Builder maxSessions(int value) {
            this.maxSessions = value;
            return this;
        }

        public Builder maxSessionsPerIp(int value) {
            this.maxSessionsPerIp = value;
            return this;
        }

        public Builder maxConnectionsPerIp(int value) {
            this.maxConnectionsPerIp = value;
            return this;
        }

        public Builder rateLimitPerIp(int value) {
            this.rateLimitPerIp = value;
            return this;
        }

        public Builder rateLimitBurst(int value) {
            this.rateLimitBurst = value;
            return this;
        }

        public Builder corsAllowedOrigins(List<String> value) {
            this.corsAllowedOrigins = new ArrayList<>(value);
            return this;
        }

        public Builder tls(SSLContext value) {
            this.tls = Objects.requireNonNull(value, "tls");
            return this;
        }

        public Builder authToken(String value) {
            this.authToken = Objects.requireNonNull(value, "authToken");
            return this;
        }

        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} naming the first invalid field. */
        public HttpApiConfig build() {
            return new HttpApiConfig(host, port, readTimeout, sessionIdleTimeout, maxSessions, maxSessionsPerIp,
                    maxConnectionsPerIp, rateLimitPerIp, rateLimitBurst, corsAllowedOrigins,
                    Optional.ofNullable(tls), Optional.ofNullable(authToken), shutdownTimeout, version);
        }
    }
}
