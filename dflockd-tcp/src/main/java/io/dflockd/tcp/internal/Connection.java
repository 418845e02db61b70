package io.dflockd.tcp.internal;

import io.dflockd.core.Session;
import io.dflockd.protocol.ErrorStatus;
import io.dflockd.protocol.ResponseEncoder;
import io.dflockd.protocol.Request;
import io.dflockd.protocol.RequestDecoder;
import io.dflockd.tcp.internal.ConnectionInput.Arrival;
import io.dflockd.tcp.internal.ConnectionInput.LineEnd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted TCP connection = one engine session: the handler loop of PROTOCOL.md §8 running on its own thread,
 * reading the socket through a {@link ConnectionInput}; while a command blocks, a watcher thread reads instead.
 *
 * <pre>
 *  accepted --TLS handshake (TLS only)--> handshaken --auth frame (auth only)--> ready
 *  ready --first byte--> reading --three lines--> executing --reply written--> ready
 *  any --EOF, timeout, framing error, write failure, drain, forced close--> closed (session closed, slots released)
 * </pre>
 *
 * <p>Thread roles: the handler thread runs {@link #run()} and writes every reply, except {@code error_draining} to a
 * handler blocked in an idle read, which a drain thread writes while the handler only waits; a watcher thread reads
 * while a command blocks; the watchdog and the drainer may call {@link #forceClose()} at any time.
 */
public final class Connection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final byte[] ERROR = ResponseEncoder.error(ErrorStatus.ERROR);
    private static final byte[] ERROR_AUTH = ResponseEncoder.error(ErrorStatus.AUTH);
    private static final byte[] ERROR_DRAINING = ResponseEncoder.error(ErrorStatus.DRAINING);
    private static final byte[] OK = ResponseEncoder.ok();
    private static final long AUTH_FAILURE_PAUSE_MILLIS = 100;
    private static final Duration TLS_CLOSE_GRACE = Duration.ofSeconds(1);

    private final ServerContext context;
    private final Socket raw;
    private final String ip;
    private final Session session;
    private final long acceptedNanos;
    private final ConnectionInput input;
    private final LineBuffer line = new LineBuffer();
    private final Watchdog.Slot timeLimit; // the watchdog's deadline for the one blocking write, handshake or close
    private final CountDownLatch drainReplyDone = new CountDownLatch(1);
    private volatile Socket socket;
    private volatile InputStream socketIn;
    private volatile OutputStream out;
    private int soTimeoutMillis = -1; // only the thread that owns the read touches it (ConnectionInput invariant 1)

    public Connection(ServerContext context, Socket raw, String ip, Session session, long acceptedNanos) {
        this.context = context;
        this.raw = raw;
        this.ip = ip;
        this.session = session;
        this.acceptedNanos = acceptedNanos;
        this.input = new ConnectionInput(this::readSocket,
                task -> context.threads().start("dflockd-tcp-watch-" + session.id(), task), session::close);
        this.socket = raw;
        this.timeLimit = context.watchdog().slot(this::forceClose);
    }

    /** The engine session's id (stats {@code owner_conn_id}). */
    public long id() {
        return session.id();
    }

    @Override
    public void run() {
        try {
            if (handshake()) {
                socketIn = socket.getInputStream();
                out = socket.getOutputStream();
                if (authenticate()) {
                    serve();
                }
            }
        } catch (IOException e) {
            LOG.debug("connection {} from {}: {}", id(), ip, e.toString());
        } catch (RuntimeException e) {
            LOG.error("connection {} from {} failed", id(), ip, e);
        } finally {
            end();
        }
    }

    /** {@link ConnectionInput.Source} over the (possibly TLS) socket. Called by the thread that owns the read. */
    private int readSocket(byte[] into, int timeoutMillis) throws IOException {
        if (timeoutMillis != soTimeoutMillis) {
            socket.setSoTimeout(timeoutMillis);
            soTimeoutMillis = timeoutMillis;
        }
        return socketIn.read(into);
    }

    /** TLS handshake within the read timeout of accept; false = close without a byte. Plain sockets pass. */
    private boolean handshake() throws IOException {
        if (context.tls().isEmpty()) {
            return true;
        }
        long remaining = acceptedNanos + context.config().readTimeout().toNanos() - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        SSLSocket tls = (SSLSocket) context.tls().get().createSocket(raw, ip, raw.getPort(), true);
        tls.setUseClientMode(false);
        tls.setNeedClientAuth(false);
        tls.setEnabledProtocols(context.tlsProtocols(tls.getSupportedProtocols()));
        socket = tls;
        timeLimit.arm(Duration.ofNanos(remaining));
        try {
            tls.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
            tls.startHandshake();
            tls.setSoTimeout(0);
            return true;
        } catch (IOException e) {
            LOG.debug("connection {} from {}: TLS handshake failed: {}", id(), ip, e.toString());
            socket = raw; // close without a TLS alert: a handshake that timed out ends without any bytes
            return false;
        } finally {
            timeLimit.disarm();
        }
    }

    /** The auth handshake of PROTOCOL.md §6; true when the connection may proceed. */
    private boolean authenticate() {
        Optional<AuthCheck> check = context.auth();
        if (check.isEmpty()) {
            return true;
        }
        long firstLineDeadline = ConnectionInput.deadlineAfter(acceptedNanos, context.config().readTimeout().toNanos());
        Arrival arrival = input.awaitData(firstLineDeadline);
        if (arrival == Arrival.DRAINING) {
            write(ERROR_DRAINING);
            return false;
        }
        if (arrival == Arrival.TAKEN_OVER) {
            awaitDrainReply();
            return false;
        }
        if (arrival == Arrival.DATA) {
            FrameReader.Result frame = FrameReader.read(input, line, firstLineDeadline, readTimeoutNanos());
            if (frame instanceof FrameReader.Frame complete && RequestDecoder.decode(complete.commandLine(),
                    complete.key(), complete.argument()) instanceof Request.Auth auth
                    && check.get().matches(auth.token())) {
                return write(OK);
            }
        }
        write(ERROR_AUTH);
        pauseAfterAuthFailure();
        return false;
    }

    private static void pauseAfterAuthFailure() {
        try {
            Thread.sleep(AUTH_FAILURE_PAUSE_MILLIS); // PROTOCOL.md §6 step 4: slows down guessing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request loop: idle, read, execute, reply; returns when the connection must close. */
    private void serve() {
        long idleNanos = ConnectionInput.nanosOrNone(context.config().idleTimeout());
        while (true) {
            Arrival arrival = input.awaitData(ConnectionInput.deadlineAfter(System.nanoTime(), idleNanos));
            if (arrival == Arrival.DRAINING) {
                write(ERROR_DRAINING);
                return;
            }
            if (arrival == Arrival.TAKEN_OVER) {
                awaitDrainReply();
                return;
            }
            if (arrival != Arrival.DATA) {
                return; // EOF or idle timeout: close without a byte
            }
            long now = System.nanoTime();
            FrameReader.Result result = FrameReader.read(input, line,
                    ConnectionInput.deadlineAfter(now, readTimeoutNanos()), readTimeoutNanos());
            if (!(result instanceof FrameReader.Frame frame)) {
                if (result instanceof FrameReader.Failure failure && failure.end() != LineEnd.END) {
                    write(ERROR); // read timeout (10) or line too long (12)
                }
                return;
            }
            if (context.draining().getAsBoolean()) {
                write(ERROR_DRAINING); // read completely, not executed (§8.5)
                return;
            }
            Optional<byte[]> reply = execute(frame);
            if (reply.isEmpty() || !write(reply.get())) {
                return;
            }
        }
    }

    private Optional<byte[]> execute(FrameReader.Frame frame) {
        try {
            return context.dispatcher().dispatch(frame, session, input);
        } catch (RuntimeException e) {
            LOG.error("connection {}: command failed; answering error", id(), e); // P-14: the connection stays
            return Optional.of(ERROR);
        }
    }

    private long readTimeoutNanos() {
        return context.config().readTimeout().toNanos();
    }

    /** Writes one reply in one write, under the write-timeout watchdog; false when the connection is unusable. */
    private boolean write(byte[] bytes) {
        timeLimit.arm(context.config().writeTimeout());
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            LOG.debug("connection {}: write failed: {}", id(), e.toString());
            return false;
        } finally {
            timeLimit.disarm();
        }
    }

    /** Any thread: closes the socket at once, without close_notify; the handler then ends by itself. */
    public void forceClose() {
        input.close();
        try {
            raw.close();
        } catch (IOException e) {
            LOG.debug("connection {}: close failed: {}", id(), e.toString());
        }
    }

    /**
     * Drainer: a connection waiting between requests answers {@code error_draining} and closes. When its handler is
     * blocked in a socket read, which nothing can wake, a short-lived thread writes the reply and closes the socket.
     */
    public void wakeForDrain() {
        if (!input.wakeForDrain()) {
            return;
        }
        Runnable answer = () -> {
            try {
                write(ERROR_DRAINING);
            } finally {
                drainReplyDone.countDown();
                forceClose();
            }
        };
        try {
            context.threads().start("dflockd-tcp-drain-" + id(), answer);
        } catch (OutOfMemoryError e) {
            drainReplyDone.countDown();
            forceClose();
        }
    }

    /** Handler, after its idle read was taken over by the drain: lets the drainer's reply out before the close. */
    private void awaitDrainReply() {
        try {
            drainReplyDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cleanup of PROTOCOL.md §8.4: the session first (waiters out, slots released), then the socket. */
    private void end() {
        session.close();
        input.close();
        if (socket instanceof SSLSocket tls && !raw.isClosed()) {
            timeLimit.arm(TLS_CLOSE_GRACE);
            try {
                tls.close(); // sends close_notify; the watchdog covers a peer that never reads
            } catch (IOException e) {
                LOG.debug("connection {}: TLS close failed: {}", id(), e.toString());
            } finally {
                timeLimit.disarm();
            }
        }
        forceClose();
        timeLimit.close();
        context.registry().remove(this);
        context.registry().release(ip);
        LOG.debug("connection {} from {} closed", id(), ip);
    }
}
