package io.dflockd.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The options shared by {@link DistributedLock.Builder} and {@link DistributedSemaphore.Builder} (CLIENT.md §4.1).
 * Setters only record; {@code build()} validates everything and throws {@link IllegalArgumentException} naming the
 * option.
 *
 * @param <B> the concrete builder
 */
abstract class HolderBuilder<B extends HolderBuilder<B>> {
    static final long DEFAULT_ACQUIRE_TIMEOUT_SECONDS = 10;

    private final String key;
    private Duration acquireTimeout = Duration.ZERO;
    private Duration leaseTtl = Duration.ZERO;
    private List<String> servers = List.of("127.0.0.1:6388");
    private ShardFunction shardFunction = ShardFunction.crc32();
    private double renewRatio = 0.5;
    private double renewJitter = 0.10;
    private SSLSocketFactory tls;
    private boolean hostnameVerification = true;
    private String authToken;
    private Consumer<LeaseLostEvent> onLeaseLost;
    private Duration connectTimeout = ConnectOptions.DEFAULT_CONNECT_TIMEOUT;

    HolderBuilder(String key) {
        this.key = key;
    }

    abstract B self();

    /** How long {@code acquire()} waits; not negative; {@code ZERO} = the 10 s default; rounded up to seconds. */
    public B acquireTimeout(Duration timeout) {
        this.acquireTimeout = timeout;
        return self();
    }

    /** The lease asked for; {@code ZERO} (default) = the server's default; rounded up to whole seconds. */
    public B leaseTtl(Duration ttl) {
        this.leaseTtl = ttl;
        return self();
    }

    /** The servers, {@code host:port} each ({@code [::1]:6388} for IPv6); default {@code 127.0.0.1:6388}. */
    public B servers(List<String> addresses) {
        this.servers = addresses == null ? null : new ArrayList<>(addresses);
        return self();
    }

    /** Picks the server of the key; default CRC-32 ({@link ShardFunction#crc32()}). */
    public B shardFunction(ShardFunction function) {
        this.shardFunction = function;
        return self();
    }

    /** Renew after this fraction of the lease; 0 &lt; ratio &lt; 1, default 0.5. */
    public B renewRatio(double ratio) {
        this.renewRatio = ratio;
        return self();
    }

    /** Renew up to this fraction earlier, at random; 0 &le; jitter &lt; 1, default 0.10. */
    public B renewJitter(double jitter) {
        this.renewJitter = jitter;
        return self();
    }

    /** Every connection is TLS with sockets from this context. */
    public B tls(SSLContext context) {
        this.tls = context == null ? null : context.getSocketFactory();
        return self();
    }

    /** Every connection is TLS with sockets from this factory. */
    public B tls(SSLSocketFactory factory) {
        this.tls = factory;
        return self();
    }

    /** Whether a TLS server's certificate must match the server's host; default true. */
    public B hostnameVerification(boolean verify) {
        this.hostnameVerification = verify;
        return self();
    }

    /** Sends {@code auth} with this token first on every connection. */
    public B authToken(String token) {
        this.authToken = token;
        return self();
    }

    /** Called at most once per grant when its lease is lost (CLIENT.md §4.4), on a client thread. */
    public B onLeaseLost(Consumer<LeaseLostEvent> callback) {
        this.onLeaseLost = callback;
        return self();
    }

    /** Bound on connect plus TLS handshake plus auth; &gt; 0, default 10 s. */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return self();
    }

    /** Validates every option; IllegalArgumentException naming the first invalid one. */
    final HolderConfig config(boolean semaphore, int limit) {
        requireOption(key != null, "key", "must not be null");
        String validKey = Arguments.key("key", key);
        if (semaphore) {
            requireOption(limit >= 1 && limit <= Arguments.MAX_LIMIT, "limit",
                    "must be in 1.." + Arguments.MAX_LIMIT + ", was " + limit);
        }
        requireOption(acquireTimeout != null, "acquireTimeout", "must not be null");
        long timeoutSeconds = Arguments.seconds("acquireTimeout", acquireTimeout);
        requireOption(leaseTtl != null, "leaseTtl", "must not be null");
        requireOption(servers != null && !servers.isEmpty(), "servers", "must not be empty");
        List<HostPort> parsed = new ArrayList<>();
        for (String address : servers) {
            requireOption(address != null, "servers", "must not contain null");
            try {
                parsed.add(HostPort.parse(address));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("servers: " + e.getMessage(), e);
            }
        }
        requireOption(shardFunction != null, "shardFunction", "must not be null");
        requireOption(renewRatio > 0 && renewRatio < 1, "renewRatio", "must be in (0, 1), was " + renewRatio);
        requireOption(renewJitter >= 0 && renewJitter < 1, "renewJitter", "must be in [0, 1), was " + renewJitter);
        requireOption(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
                "connectTimeout", "must be > 0, was " + connectTimeout);
        ConnectOptions.Builder connect = ConnectOptions.builder().connectTimeout(connectTimeout)
                .hostnameVerification(hostnameVerification);
        if (tls != null) {
            connect.tls(tls);
        }
        if (authToken != null) {
            connect.authToken(authToken);
        }
        return new HolderConfig(validKey, Arguments.wireKey("key", validKey), semaphore, semaphore ? limit : 1,
                timeoutSeconds == 0 ? DEFAULT_ACQUIRE_TIMEOUT_SECONDS : timeoutSeconds,
                Arguments.leaseTtl("leaseTtl", leaseTtl), parsed, shardFunction, renewRatio, renewJitter,
                connect.build(), onLeaseLost == null ? event -> { } : onLeaseLost);
    }

    private static void requireOption(boolean valid, String option, String problem) {
        if (!valid) {
            throw new IllegalArgumentException(option + " " + problem);
        }
    }
}
