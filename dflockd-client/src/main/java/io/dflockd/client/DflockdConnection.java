package io.dflockd.client;

import io.dflockd.protocol.Command;
import io.dflockd.protocol.ErrorStatus;
import io.dflockd.protocol.LineReader;
import io.dflockd.protocol.LineStatus;
import io.dflockd.protocol.MalformedReply;
import io.dflockd.protocol.ReplyDecoder;
import io.dflockd.protocol.ReplyResult;
import io.dflockd.protocol.Request;
import io.dflockd.protocol.RequestEncoder;
import io.dflockd.protocol.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** How long to look for {@code error_draining} after an {@code error} to a blocking command (CLIENT.md §6). */
    private static final int DRAIN_FOLLOW_UP_MILLIS = 250;
    private static final int KEEPALIVE_IDLE_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(DflockdConnection.class);

    private final HostPort server;
    private final ConnectOptions options;
    private final ReentrantLock exchange = new ReentrantLock();
    /** The TCP socket, created unconnected so that close() can abort a connect in progress. */
    private final Socket tcp = new Socket();
    // written once in open() under the exchange lock, before `ready` is set
    private Socket socket;
    private OutputStream out;
    private LineReader lines;
    private volatile boolean ready;
    private volatile boolean closed;

    /** An unopened connection; {@link #open()} connects it. */
    DflockdConnection(HostPort server, ConnectOptions options) {
        this.server = server;
        this.options = options;
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
        expect(exchange(Request.Release.lock(Arguments.wireKey("key", key), Arguments.token(token)), 0),
                Response.Ok.class);
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
        expect(exchange(Request.Release.semaphore(Arguments.wireKey("key", key), Arguments.token(token)), 0),
                Response.Ok.class);
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
        Response reply = exchange(new Request.Stats(), MAX_STATS_REPLY_BYTES, 0, 0);
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
        return ready && !closed;
    }

    /** Closes the socket. Idempotent; any thread; never blocks on an exchange in progress (which then fails). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Socket layered = ready ? socket : null;
        if (exchange.tryLock()) {
            try {
                closeQuietly(layered); // idle: a TLS socket can say close_notify
            } finally {
                exchange.unlock();
            }
        }
        closeQuietly(tcp); // an exchange in progress: closing the TCP socket unblocks it at once
        closeQuietly(layered);
    }

    @Override
    public String toString() {
        return "DflockdConnection[" + server + (isOpen() ? ", open" : closed ? ", closed" : ", not connected") + "]";
    }

    // ---- package-private: used by Holder and Tenure ----

    HostPort server() {
        return server;
    }

    /** Connects, TLS handshake and auth, all within the connect timeout. */
    void open() {
        openBefore(System.nanoTime() + options.connectTimeout().toNanos());
    }

    /** Connects, TLS handshake and auth, all before {@code deadlineNanos} (System.nanoTime() based). */
    void openBefore(long deadlineNanos) {
        exchange.lock();
        try {
            if (closed) {
                throw new ConnectionException("connection to " + server + " closed before it was opened", null);
            }
            connectSocket(deadlineNanos);
            ready = true;
        } catch (IOException e) {
            close();
            throw new ConnectionException("cannot connect to " + server + ": " + e, null, e);
        } finally {
            exchange.unlock();
        }
        Optional<String> token = options.authToken();
        if (token.isPresent()) {
            expect(exchange(Request.Auth.of(token.get()), MAX_REPLY_BYTES, 0, deadlineNanos), Response.Ok.class);
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
        return expect(exchange(request, MAX_REPLY_BYTES, deadlineNanos, deadlineNanos), Response.Renewed.class)
                .leaseSeconds();
    }

    /** Releases with the whole exchange bounded by {@code deadlineNanos}. */
    void releaseBefore(Request.Release request, long deadlineNanos) {
        expect(exchange(request, MAX_REPLY_BYTES, deadlineNanos, deadlineNanos), Response.Ok.class);
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
        if (!lockUninterruptibly(System.nanoTime() + lockWaitNanos)) {
            return ReleaseAttempt.BUSY;
        }
        try {
            if (!isOpen()) {
                return ReleaseAttempt.CLOSED;
            }
            expect(exchangeLocked(request, MAX_REPLY_BYTES, 0), Response.Ok.class);
            return ReleaseAttempt.RELEASED;
        } finally {
            exchange.unlock();
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
        return exchange(request, MAX_REPLY_BYTES, deadlineNanos, deadlineNanos);
    }

    /**
     * Sends the request and reads its reply. {@code lockDeadlineNanos} bounds the wait for an exchange in progress,
     * {@code replyDeadlineNanos} the wait for the reply; 0 = unbounded. Socket I/O here ignores interrupts (the
     * interrupt status is kept for the caller): interruptible callers go through an I/O thread instead.
     */
    private Response exchange(Request request, int maxReplyBytes, long lockDeadlineNanos, long replyDeadlineNanos) {
        boolean interrupted = Thread.interrupted(); // a virtual thread's socket I/O would otherwise abort
        try {
            if (!lockUninterruptibly(lockDeadlineNanos)) {
                close();
                throw new ConnectionException(request.command().wire() + " on " + server
                        + ": the connection stayed busy until the deadline", null);
            }
            try {
                return exchangeLocked(request, maxReplyBytes, replyDeadlineNanos);
            } finally {
                exchange.unlock();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Response exchangeLocked(Request request, int maxReplyBytes, long replyDeadlineNanos) {
        if (closed || !ready) {
            throw new ConnectionException("connection to " + server + " is " + (closed ? "closed" : "not open"), null);
        }
        Command command = request.command();
        try {
            socket.setSoTimeout(replyDeadlineNanos == 0 ? 0 : remainingMillis(replyDeadlineNanos));
            out.write(RequestEncoder.encode(request));
            out.flush();
            Response reply = readReply(command, maxReplyBytes);
            if (reply instanceof Response.Failure failure && failure.status() == ErrorStatus.ERROR
                    && blocks(command) && drainFollows()) {
                close();
                return new Response.Failure(ErrorStatus.DRAINING);
            }
            if (reply instanceof Response.Failure failure && Failures.closesConnection(failure.status())) {
                close();
            }
            return reply;
        } catch (SocketTimeoutException e) {
            close();
            throw new ConnectionException(command.wire() + " on " + server + ": no reply before the deadline", null, e);
        } catch (IOException e) {
            close();
            throw new ConnectionException(command.wire() + " on " + server + " failed: " + e, null, e);
        }
    }

    private Response readReply(Command command, int maxReplyBytes) throws IOException {
        LineStatus status = lines.read(maxReplyBytes);
        switch (status) {
            case LINE:
                break;
            case TOO_LONG:
                close();
                throw new ProtocolException(command.wire() + " on " + server + ": reply line longer than "
                        + maxReplyBytes + " bytes", null);
            case END_OF_INPUT:
                close();
                throw new ConnectionException(command.wire() + " on " + server + ": connection closed by the server",
                        null);
            case TRUNCATED:
                close();
                throw new ConnectionException(command.wire() + " on " + server + ": connection closed mid-reply",
                        null);
            default:
                throw new IllegalStateException("unhandled line status " + status);
        }
        ReplyResult decoded = ReplyDecoder.decode(command, lines);
        if (decoded instanceof MalformedReply malformed) {
            close();
            throw new ProtocolException(command.wire() + " on " + server + ": " + malformed.reason(), null);
        }
        return (Response) decoded;
    }

    /** After {@code error} to a blocking command: whether {@code error_draining} or end of stream follows at once. */
    private boolean drainFollows() throws IOException {
        socket.setSoTimeout(DRAIN_FOLLOW_UP_MILLIS);
        try {
            LineStatus status = lines.read(MAX_REPLY_BYTES);
            if (status != LineStatus.LINE) {
                return true;
            }
            ReplyResult next = ReplyDecoder.decode(Command.PING, lines);
            if (next instanceof Response.Failure failure && failure.status() == ErrorStatus.DRAINING) {
                return true;
            }
            close();
            throw new ProtocolException("unexpected line after an error reply from " + server, null);
        } catch (SocketTimeoutException e) {
            return false; // no follow-up: an ordinary error; the connection stays usable
        } finally {
            if (!closed) {
                socket.setSoTimeout(0);
            }
        }
    }

    private static boolean blocks(Command command) {
        return command == Command.L || command == Command.SL || command == Command.W || command == Command.SW;
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
            return Failures.of(failure.status(), "request to " + server);
        }
        close();
        return new ProtocolException("unexpected reply from " + server
                + (command == null ? "" : " to " + command.wire()) + ": " + reply, null);
    }

    private boolean lockUninterruptibly(long deadlineNanos) {
        if (deadlineNanos == 0) {
            exchange.lock();
            return true;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return exchange.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void connectSocket(long deadlineNanos) throws IOException {
        InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + server.host());
        }
        tcp.setTcpNoDelay(true);
        tcp.setKeepAlive(true);
        setKeepAliveIdle(tcp);
        tcp.connect(address, remainingMillis(deadlineNanos));
        Socket layered = tcp;
        if (options.tls().isPresent()) {
            SSLSocket tls = (SSLSocket) options.tls().get().createSocket(tcp, server.host(), server.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            if (options.hostnameVerification()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            tls.setSSLParameters(parameters);
            tls.setUseClientMode(true);
            tls.setSoTimeout(remainingMillis(deadlineNanos));
            tls.startHandshake();
            layered = tls;
        }
        layered.setSoTimeout(0);
        socket = layered;
        out = layered.getOutputStream();
        lines = new LineReader(layered.getInputStream());
    }

    /** Keep-alive idle 30 s where the JVM exposes TCP_KEEPIDLE (jdk.net), looked up by name. */
    @SuppressWarnings("unchecked")
    private static void setKeepAliveIdle(Socket socket) {
        for (SocketOption<?> option : socket.supportedOptions()) {
            if (option.name().equals("TCP_KEEPIDLE") && option.type() == Integer.class) {
                try {
                    socket.setOption((SocketOption<Integer>) option, KEEPALIVE_IDLE_SECONDS);
                } catch (IOException | UnsupportedOperationException e) {
                    LOG.debug("cannot set TCP_KEEPIDLE: {}", e.toString());
                }
            }
        }
    }

    /** Milliseconds until the deadline, at least 1 (0 would mean "no timeout" to a socket). */
    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remaining)));
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("close: {}", e.toString());
        }
    }
}
