package io.dflockd.bench.load;

import io.dflockd.protocol.LineReader;
import io.dflockd.protocol.LineStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The echo baseline: the cheapest server that speaks the dflockd framing. It reads each three-line request (bounded
 * lines, as the real server reads them) and answers one {@code ok} line, with blocking sockets and one thread per
 * connection. Whatever a real server does beyond this is its own cost; what this does is the transport's.
 *
 * <p>Life cycle: {@link #start()} binds loopback port 0 and accepts; {@link #close()} closes the listener and every
 * connection. Thread-safe.
 */
final class EchoServer implements AutoCloseable {
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE_BYTES = 65_536;

    private final ServerSocket listener;
    private final ConnectionThreads threads = ConnectionThreads.detect();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private EchoServer(ServerSocket listener) {
        this.listener = listener;
    }

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
    static EchoServer start() throws IOException {
        return start(0);
    }

    /** Binds 127.0.0.1:{@code port} (0: ephemeral) and starts accepting. */
    static EchoServer start(int port) throws IOException {
        ServerSocket listener = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
        EchoServer server = new EchoServer(listener);
        Thread accept = new Thread(server::acceptLoop, "echo-accept");
        accept.setDaemon(true);
        accept.start();
        return server;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    boolean virtualThreads() {
        return threads.virtual();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                threads.start("echo-connection", () -> serve(socket));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            LineReader lines = new LineReader(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (readLine(lines) && readLine(lines) && readLine(lines)) {
                out.write(OK);
            }
        } catch (IOException e) {
            // The client went away or the server is closing: either way this connection is done.
        } finally {
            open.remove(socket);
        }
    }

    private static boolean readLine(LineReader lines) throws IOException {
        return lines.read(MAX_LINE_BYTES) == LineStatus.LINE;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
