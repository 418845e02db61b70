package io.dflockd.bench.load;

import io.dflockd.protocol.LineReader;
import io.dflockd.protocol.LineStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately broken lock server: it grants every {@code l} with {@code ok <token> 30} even while the key is held,
 * and answers everything else {@code ok}. The load tool must catch it.
 */
final class BrokenLockServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong grants = new AtomicLong();

    BrokenLockServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "broken-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    long grants() {
        return grants.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                Thread connection = new Thread(() -> serve(socket), "broken-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            LineReader lines = new LineReader(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (lines.read(256) == LineStatus.LINE) {
                boolean acquire = lines.lineLength() == 1 && lines.lineByteAt(0) == 'l';
                if (lines.read(256) != LineStatus.LINE || lines.read(256) != LineStatus.LINE) {
                    return;
                }
                if (acquire) {
                    long n = grants.incrementAndGet();
                    out.write(String.format("ok %032x 30\n", n).getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write("ok\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException e) {
            // The tool closed the connection at the end of its run.
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
