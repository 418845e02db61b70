package io.dflockd.tcp;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Immutable settings of a {@link TcpServer}. Build with {@link #builder()}, which starts from the defaults of
 * {@code SERVER.md}; the compact constructor rejects an invalid value with an {@link IllegalArgumentException} naming
 * the field.
 *
 * @param host                the address to bind: an IP literal (IPv6 without brackets) or a host name
 * @param port                the TCP port, 0..65535 (0 = any free port)
 * @param readTimeout         per-line deadline inside a request; also bounds the TLS handshake and the auth frame
 * @param writeTimeout        deadline for writing one reply; {@link Duration#ZERO} = none
 * @param idleTimeout         closes a connection silent for this long between requests; {@link Duration#ZERO} = never
 * @param shutdownTimeout     how long {@link TcpServer#drain()} waits before closing connections forcibly;
 *                            {@link Duration#ZERO} = wait forever
 * @param maxConnections      most open connections; 0 = unlimited
 * @param maxConnectionsPerIp most open connections from one remote IP; 0 = unlimited
 * @param tls                 when present, every connection is TLS (1.2 or 1.3) with this context
 * @param authToken           when present, the first frame of every connection must be {@code auth} with this token
 */
public record TcpServerConfig(
        String host,
        int port,
        Duration readTimeout,
        Duration writeTimeout,
        Duration idleTimeout,
        Duration shutdownTimeout,
        int maxConnections,
        int maxConnectionsPerIp,
        Optional<SSLContext> tls,
        Optional<String> authToken) {

    public TcpServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be > 0, was " + readTimeout);
        }
        requireNotNegative("writeTimeout", writeTimeout);
        requireNotNegative("idleTimeout", idleTimeout);
        requireNotNegative("shutdownTimeout", shutdownTimeout);
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be >= 0, was " + maxConnections);
        }
        if (maxConnectionsPerIp < 0) {
            throw new IllegalArgumentException("maxConnectionsPerIp must be >= 0, was " + maxConnectionsPerIp);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(authToken, "authToken");
        if (authToken.isPresent() && authToken.get().isEmpty()) {
            throw new IllegalArgumentException("authToken must not be empty when present");
        }
    }

    private static void requireNotNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
    }

    /** A builder holding the defaults: 127.0.0.1:6388, read 23 s, write 5 s, no idle timeout, shutdown 30 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 6388;
        private Duration readTimeout = Duration.ofSeconds(23);
        private Duration writeTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ZERO;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private int maxConnections;
        private int maxConnectionsPerIp;
        private SSLContext tls;
        private String authToken;

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

        /** {@link Duration#ZERO} = none. */
        public Builder writeTimeout(Duration value) {
            this.writeTimeout = value;
            return this;
        }

        /** {@link Duration#ZERO} = never. */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /** {@link Duration#ZERO} = wait forever. */
        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = value;
            return this;
        }

        /** 0 = unlimited. */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** 0 = unlimited. */
        public Builder maxConnectionsPerIp(int value) {
            this.maxConnectionsPerIp = value;
            return this;
        }

        /** Serve TLS only, with this context. */
        public Builder tls(SSLContext value) {
            this.tls = Objects.requireNonNull(value, "tls");
            return this;
        }

        /** Require {@code auth} with this token as the first frame. */
        public Builder authToken(String value) {
            this.authToken = Objects.requireNonNull(value, "authToken");
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} naming the first invalid field. */
        public TcpServerConfig build() {
            return new TcpServerConfig(host, port, readTimeout, writeTimeout, idleTimeout, shutdownTimeout,
                    maxConnections, maxConnectionsPerIp, Optional.ofNullable(tls), Optional.ofNullable(authToken));
        }
    }
}
