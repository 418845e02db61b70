package io.dflockd.client;

import io.dflockd.protocol.Command;
import io.dflockd.protocol.Request;
import io.dflockd.protocol.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP (or TLS) connection to a dflockd server, with one method per protocol command (CLIENT.md §5).
 *
 * <p>Thread-safe: each request/reply pair is exclusive (a {@link ReentrantLock} is held from writing the request to
 * reading its reply), so replies never interleave. A blocking command holds up later ones on the same connection
 * (PROTOCOL.md §10); use one connection per concurrent blocking caller.
 *
 * <p>Arguments are validated before any I/O ({@link IllegalArgumentException}). Server error statuses become the
 * {@link DflockdException} subclasses; a timeout is {@code Optional.empty()}, never an exception. After any
 * {@link ConnectionException} or {@link ProtocolException} the connection is closed and every later call throws
 * {@link ConnectionException}. Reply lines are bounded: 65,536 bytes, 16 MiB for {@code stats}.
 *
 * <p>Interrupting a thread blocked in {@link #acquire}, {@link #await}, {@link #semAcquire} or {@link #semAwait}
 * closes the connection (the server then drops the waiter, and frees a grant that raced the interrupt) and throws
 * {@link InterruptedException}. This works on JDK 17 too: the exchange runs on a client I/O thread while the caller
 * waits interruptibly.
 *
 * <pre>{@code
 * try (DflockdConnection c = DflockdConnection.connect("127.0.0.1:6388", ConnectOptions.defaults())) {
 *     Optional<Grant> g = c.acquire("deploy-job", Duration.ofSeconds(10), Duration.ofSeconds(60));
 *     g.ifPresent(grant -> c.release("deploy-job", grant.token()));
 * }
 * }</pre>
 */
public final class DflockdConnection implements AutoCloseable {
    /** The longest reply line, except {@code stats}. */
    static final int MAX_REPLY_BYTES = 65_536;
    /** The longest {@code stats} reply line. */
    static final int MAX_STATS_REPLY_BYTES = 16 * 1024 * 1024;

    private final ConnectOptions options;
    private final SocketExchange wire;

    /** An unopened connection; {@link #open()} connects it. */
    DflockdConnection(HostPort server, ConnectOptions options) {
        this.options = options;
        this.wire = new SocketExchange(server, options);
    }

    /**
     * Connects to {@code hostPort} ({@code "host:port"}, IPv6 literals in brackets), performs the TLS handshake when
     * configured, and authenticates when an auth token is configured.
     *
     * @throws IllegalArgumentException if the address is malformed
     * @throws ConnectionException      on dial failure, timeout or TLS failure
     * @throws AuthenticationException  if the server rejects the auth token
     */
    public static DflockdConnection connect(String hostPort, ConnectOptions options) {
        DflockdConnection connection = new DflockdConnection(HostPort.parse(hostPort), options);
        connection.open();
        return connection;
    }

    /** Sends {@code auth}. {@link AuthenticationException} (and the connection closed) if the token is refused. */
    public void authenticate(String token) {
        expect(exchange(Request.Auth.of(Arguments.authToken("token", token)), 0), Response.Ok.class);
    }

    /** {@code l}: acquires the lock, waiting up to {@code timeout}; empty on timeout. */
    public Optional<Grant> acquire(String key, Duration timeout, Duration leaseTtl) throws InterruptedException {
        return grantInterruptibly(Request.Acquire.lock(Arguments.wireKey("key", key),
                Arguments.seconds("timeout", timeout), Arguments.leaseTtl("leaseTtl", leaseTtl)));
    }

    /** {@code r}: releases a grant by token (any connection may). */
    public void release(String key, String token) {
        releaseBefore(Request.Release.lock(Arguments.wireKey("key", key), Arguments.token(token)), 0);
    }

    /** {@code n}: renews a grant's lease; returns the lease now applied, in seconds. */
    public long renew(String key, String token, Duration leaseTtl) {
        return renewBefore(Request.Renew.lock(Arguments.wireKey("key", key), Arguments.token(token),
                Arguments.leaseTtl("leaseTtl", leaseTtl)), 0);
    }

    /** {@code e}: two-phase acquire, step 1; never blocks. */
    public EnqueueResult enqueue(String key, Duration leaseTtl) {
        return enqueue(Request.Enqueue.lock(Arguments.wireKey("key", key), Arguments.leaseTtl("leaseTtl", leaseTtl)));
    }

    /** {@code w}: two-phase acquire, step 2, waiting up to {@code timeout}; empty on timeout. */
    public Optional<Grant> await(String key, Duration timeout) throws InterruptedException {
        return grantInterruptibly(
                Request.Wait.lock(Arguments.wireKey("key", key), Arguments.seconds("timeout", timeout)));
    }

    /** {@code sl}: acquires a slot of a semaphore of {@code limit}, waiting up to {@code timeout}. */
    public Optional<Grant> semAcquire(String key, Duration timeout, int limit, Duration leaseTtl)
            throws InterruptedException {
        return grantInterruptibly(Request.Acquire.semaphore(Arguments.wireKey("key", key),
                Arguments.seconds("timeout", timeout), Arguments.limit(limit),
                Arguments.leaseTtl("leaseTtl", leaseTtl)));
    }

    /** {@code sr}: releases a grant by token. */
    public void semRelease(String key, String token) {
        releaseBefore(Request.Release.semaphore(Arguments.wireKey("key", key), Arguments.token(token)), 0);
    }

    /** {@code sn}: renews a grant's lease; returns the lease now applied, in seconds. */
    public long semRenew(String key, String token, Duration leaseTtl) {
        return renewBefore(Request.Renew.semaphore(Arguments.wireKey("key", key), Arguments.token(token),
                Arguments.leaseTtl("leaseTtl", leaseTtl)), 0);
    }

    /** {@code se}: two-phase acquire on a semaphore, step 1; never blocks. */
    public EnqueueResult semEnqueue(String key, int limit, Duration leaseTtl) {
        return enqueue(Request.Enqueue.semaphore(Arguments.wireKey("key", key), Arguments.limit(limit),
                Arguments.leaseTtl("leaseTtl", leaseTtl)));
    }

    /** {@code sw}: two-phase acquire on a semaphore, step 2; empty on timeout. */
    public Optional<Grant> semAwait(String key, Duration timeout) throws InterruptedException {
        return grantInterruptibly(
                Request.Wait.semaphore(Arguments.wireKey("key", key), Arguments.seconds("timeout", timeout)));
    }

    /** {@code ping}: a liveness check. */
    public void ping() {
        expect(exchange(new Request.Ping(), 0), Response.Ok.class);
    }

    /** {@code stats}: the server's snapshot as its raw JSON text (one line, up to 16 MiB). */
    public String statsJson() {
        Response reply = wire.exchange(new Request.Stats(), MAX_STATS_REPLY_BYTES, 0, 0);
        return expect(reply, Response.StatsJson.class).json();
    }

    /** {@code stats}, parsed into the {@link Stats} model. */
    public Stats stats() {
        try {
            return Stats.parse(statsJson());
        } catch (ProtocolException e) {
            close();
            throw e;
        }
    }

    /** Whether the connection is open and usable (connected, not closed). */
    public boolean isOpen() {
        return wire.isOpen();
    }

    /** Closes the socket. Idempotent; any thread; never blocks on an exchange in progress (which then fails). */
    @Override
    public void close() {
        wire.close();
    }

    @Override
    public String toString() {
        return "DflockdConnection[" + wire.server() + (isOpen() ? ", open" : ", not open") + "]";
    }

    // ---- package-private: used by Holder and Tenure ----

    HostPort server() {
        return wire.server();
    }

    /** Connects, TLS handshake and auth, all within the connect timeout. */
    void open() {
        openBefore(System.nanoTime() + options.connectTimeout().toNanos());
    }

    /** Connects, TLS handshake and auth, all before {@code deadlineNanos} (System.nanoTime() based). */
    void openBefore(long deadlineNanos) {
        wire.connect(deadlineNanos);
        Optional<String> token = options.authToken();
        if (token.isPresent()) {
            expect(wire.exchange(Request.Auth.of(token.get()), MAX_REPLY_BYTES, 0, deadlineNanos), Response.Ok.class);
        }
    }

    /** {@code l}/{@code sl}/{@code w}/{@code sw} in the calling thread (not interruptible): a grant or empty. */
    Optional<Grant> grant(Request request) {
        Response reply = exchange(request, 0);
        if (reply instanceof Response.Granted granted) {
            return Optional.of(new Grant(granted.token(), granted.leaseSeconds()));
        }
        if (reply instanceof Response.TimedOut) {
            return Optional.empty();
        }
        throw failure(reply, request.command());
    }

    EnqueueResult enqueue(Request.Enqueue request) {
        Response reply = exchange(request, 0);
        if (reply instanceof Response.Acquired acquired) {
            return new EnqueueResult.Acquired(new Grant(acquired.token(), acquired.leaseSeconds()));
        }
        if (reply instanceof Response.Queued) {
            return new EnqueueResult.Queued();
        }
        throw failure(reply, request.command());
    }

    /** Renews; the reply must come before {@code deadlineNanos} (0 = no deadline), else ConnectionException. */
    long renewBefore(Request.Renew request, long deadlineNanos) {
        return expect(wire.exchange(request, MAX_REPLY_BYTES, deadlineNanos, deadlineNanos), Response.Renewed.class)
                .leaseSeconds();
    }

    /** Releases with the whole exchange bounded by {@code deadlineNanos} (0 = no deadline). */
    void releaseBefore(Request.Release request, long deadlineNanos) {
        expect(wire.exchange(request, MAX_REPLY_BYTES, deadlineNanos, deadlineNanos), Response.Ok.class);
    }

    /** How {@link #releaseUnlessBusy} ended. */
    enum ReleaseAttempt {
        /** The release was sent and answered {@code ok}. */
        RELEASED,
        /** An exchange in progress (a stuck renew) kept the connection busy; nothing was sent. */
        BUSY,
        /** The connection was already closed (a renew failed meanwhile); nothing was sent. */
        CLOSED
    }

    /**
     * Releases, waiting at most {@code lockWaitNanos} for an exchange in progress (a stuck renew) to finish; the
     * reply itself is waited for without a deadline (CLIENT.md §2: no client-side deadline on replies).
     */
    ReleaseAttempt releaseUnlessBusy(Request.Release request, long lockWaitNanos) {
        if (!wire.lockUninterruptibly(System.nanoTime() + lockWaitNanos)) {
            return ReleaseAttempt.BUSY;
        }
        try {
            if (!isOpen()) {
                return ReleaseAttempt.CLOSED;
            }
            expect(wire.exchangeLocked(request, MAX_REPLY_BYTES, 0), Response.Ok.class);
            return ReleaseAttempt.RELEASED;
        } finally {
            wire.unlock();
        }
    }

    // ---- the exchange ----

    private Optional<Grant> grantInterruptibly(Request request) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Future<Optional<Grant>> task = ClientThreads.IO.submit(() -> grant(request));
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ConnectionException(request.command().wire() + " failed: " + e.getCause(), null, e.getCause());
        } catch (InterruptedException e) {
            close();
            throw e;
        }
    }

    private Response exchange(Request request, long deadlineNanos) {
        return wire.exchange(request, MAX_REPLY_BYTES, deadlineNanos, deadlineNanos);
    }

    private <T extends Response> T expect(Response reply, Class<T> type) {
        if (type.isInstance(reply)) {
            return type.cast(reply);
        }
        throw failure(reply, null);
    }

    /** The exception for a reply that is not the expected success. */
    private DflockdException failure(Response reply, Command command) {
        if (reply instanceof Response.Failure failure) {
            return Failures.of(failure.status(), "request to " + wire.server());
        }
        close();
        return new ProtocolException("unexpected reply from " + wire.server()
                + (command == null ? "" : " to " + command.wire()) + ": " + reply, null);
    }

}
