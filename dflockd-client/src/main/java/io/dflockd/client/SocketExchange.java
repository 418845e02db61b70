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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket under a {@link DflockdConnection}: connect and TLS handshake, and exclusive request/reply exchanges
 * with bounded reply lines, typed through the protocol codec. Any thread; a {@link ReentrantLock} (never
 * {@code synchronized}, which would pin virtual threads) is held from writing a request to reading its reply.
 *
 * <p>Failure rules: an I/O error, end of stream, a missed deadline, an over-long line or a malformed reply closes
 * the socket and throws {@link ConnectionException} or {@link ProtocolException}; after that every exchange throws
 * {@link ConnectionException}. {@link #close()} may be called from any thread at any time and unblocks an exchange
 * in progress at once (it closes the TCP socket under a TLS layer first).
 */
final class SocketExchange {
    /** How long to look for {@code error_draining} after an {@code error} to a blocking command (CLIENT.md §6). */
    private static final int DRAIN_FOLLOW_UP_MILLIS = 250;
    private static final int KEEPALIVE_IDLE_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(SocketExchange.class);

    private final HostPort server;
    private final ConnectOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    /** The TCP socket, created unconnected so that close() can abort a connect in progress. */
    private final Socket tcp = new Socket();
    // written once in connect() under the lock, before `ready` is set
    private Socket socket;
    private OutputStream out;
    private LineReader lines;
    private volatile boolean ready;
    private volatile boolean closed;

    SocketExchange(HostPort server, ConnectOptions options) {
        this.server = server;
        this.options = options;
    }

    HostPort server() {
        return server;
    }

    /** Whether connected and not closed. */
    boolean isOpen() {
        return ready && !closed;
    }

    /** TCP connect and TLS handshake, both before {@code deadlineNanos}. */
    void connect(long deadlineNanos) {
        lock.lock();
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
            lock.unlock();
        }
    }

    /** Releases the lock taken by {@link #lockUninterruptibly(long)}. */
    void unlock() {
        lock.unlock();
    }

    /**
     * Sends the request and reads its reply. {@code lockDeadlineNanos} bounds the wait for an exchange in progress,
     * {@code replyDeadlineNanos} the wait for the reply; 0 = unbounded. Interruptible callers go through an I/O
     * thread instead (see {@link #exchangeLocked}).
     */
    Response exchange(Request request, int maxReplyBytes, long lockDeadlineNanos, long replyDeadlineNanos) {
        if (!lockUninterruptibly(lockDeadlineNanos)) {
            close();
            throw new ConnectionException(request.command().wire() + " on " + server
                    + ": the connection stayed busy until the deadline", null);
        }
        try {
            return exchangeLocked(request, maxReplyBytes, replyDeadlineNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One exchange; the caller holds the lock. {@code replyDeadlineNanos} 0 = no deadline. Socket I/O here ignores
     * interrupts: the interrupt status is cleared for the I/O (a virtual thread's socket I/O would otherwise abort
     * and close the socket) and restored afterwards.
     */
    Response exchangeLocked(Request request, int maxReplyBytes, long replyDeadlineNanos) {
        if (closed || !ready) {
            throw new ConnectionException("connection to " + server + " is " + (closed ? "closed" : "not open"), null);
        }
        Command command = request.command();
        boolean interrupted = Thread.interrupted();
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
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
            LineStatus status = lines.read(DflockdConnection.MAX_REPLY_BYTES);
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

    /** Takes the exchange lock, waiting until the deadline (0 = forever); interrupts are kept, not obeyed. */
    boolean lockUninterruptibly(long deadlineNanos) {
        if (deadlineNanos == 0) {
            lock.lock();
            return true;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
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

    /** Closes the socket. Idempotent; any thread; never blocks on an exchange in progress (which then fails). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        Socket layered = ready ? socket : null;
        if (lock.tryLock()) {
            try {
                closeQuietly(layered); // idle: a TLS socket can say close_notify
            } finally {
                lock.unlock();
            }
        }
        closeQuietly(tcp); // an exchange in progress: closing the TCP socket unblocks it at once
        closeQuietly(layered);
    }
}
