package io.dflockd.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * How {@link DflockdConnection#connect(String, ConnectOptions)} opens a connection: TLS, connect timeout,
 * automatic authentication, hostname verification. Immutable; build with {@link #builder()}.
 */
public final class ConnectOptions {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final ConnectOptions DEFAULTS = builder().build();

    private final SSLSocketFactory tls;
    private final boolean hostnameVerification;
    private final Duration connectTimeout;
    private final String authToken;

    private ConnectOptions(Builder builder) {
        this.tls = builder.tls;
        this.hostnameVerification = builder.hostnameVerification;
        this.connectTimeout = builder.connectTimeout;
        this.authToken = builder.authToken;
    }

    /** Plain TCP, 10 s connect timeout, no authentication. */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The socket factory of TLS connections; empty = plain TCP. */
    public Optional<SSLSocketFactory> tls() {
        return Optional.ofNullable(tls);
    }

    /** Whether a TLS server's certificate must match the address's host (default true). */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** Bound on the TCP connect plus the TLS handshake (default 10 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The token sent with {@code auth} as the first request of the connection; empty = no authentication. */
    public Optional<String> authToken() {
        return Optional.ofNullable(authToken);
    }

    @Override
    public String toString() {
        return "ConnectOptions[tls=" + (tls != null) + ", hostnameVerification=" + hostnameVerification
                + ", connectTimeout=" + connectTimeout + ", auth=" + (authToken != null) + "]";
    }

    /** Mutable builder; not thread-safe. Each setter validates its argument and names it on failure. */
    public static final class Builder {
        private SSLSocketFactory tls;
        private boolean hostnameVerification = true;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private String authToken;

        private Builder() {
        }

        /** Every connection is TLS with sockets from this context. */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "tls").getSocketFactory();
            return this;
        }

        /** Every connection is TLS with sockets from this factory. */
        public Builder tls(SSLSocketFactory factory) {
            this.tls = Objects.requireNonNull(factory, "tls");
            return this;
        }

        /** Whether the server certificate must match the address's host; on by default. */
        public Builder hostnameVerification(boolean verify) {
            this.hostnameVerification = verify;
            return this;
        }

        /** Bound on connect plus TLS handshake; must be &gt; 0. */
        public Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "connectTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be > 0, was " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** Sends {@code auth} with this token as the first request of every connection. */
        public Builder authToken(String token) {
            this.authToken = Arguments.authToken("authToken", token);
            return this;
        }

        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
