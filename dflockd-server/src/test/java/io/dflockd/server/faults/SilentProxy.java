package io.dflockd.server.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP proxy on loopback in front of the server that can go silent: after {@link #silence()} it stops forwarding
 * in both directions but keeps every connection open, like a network path that drops packets without a FIN or RST
 * (a half-open connection as the server sees it). Bytes read meanwhile are held and forwarded after
 * {@link #resume()}.
 *
 * <p>One daemon thread accepts and two pump threads serve each connection; {@link #close()} ends them all.
 */
public final class SilentProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch forwarding = new CountDownLatch(0);

    public SilentProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon("silent-proxy-accept", this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding in both directions from now on, without closing anything. */
    public void silence() {
        forwarding = new CountDownLatch(1);
    }

    /** Forwards again, starting with the bytes held back while silent. */
    public void resume() {
        forwarding.countDown();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getByName("127.0.0.1"), targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon("silent-proxy-up", () -> pump(client, server));
                daemon("silent-proxy-down", () -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                forwarding.await();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away: the proxy closes both below, as a real path would fail.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Tearing down a test proxy; a failed close changes nothing.
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(SilentProxy::closeQuietly);
        resume();
    }
}
