package io.dflockd.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw {@link ServerSocket} on loopback that plays a scripted misbehaving server: for each accepted connection it
 * reads three-line requests and answers each with the next scripted action. Records every byte received.
 */
final class FakeServer implements AutoCloseable {
    /** What to do after reading one request. */
    interface Action {
        /** Returns false to stop serving the connection (it is then closed). */
        boolean perform(OutputStream out) throws IOException;
    }

    private final ServerSocket listener;
    private final BlockingQueue<Action> script = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread acceptor;

    FakeServer() {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Answers the next request with exactly these bytes. */
    FakeServer reply(String bytes) {
        script.add(out -> {
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        });
        return this;
    }

    /** Answers the next request with these bytes, then closes the connection. */
    FakeServer replyAndClose(String bytes) {
        script.add(out -> {
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return false;
        });
        return this;
    }

    /** Answers the next request with {@code n} bytes of 'x' and no LF, then keeps the connection open. */
    FakeServer replyEndless(int n) {
        script.add(out -> {
            byte[] chunk = new byte[n];
            java.util.Arrays.fill(chunk, (byte) 'x');
            out.write(chunk);
            out.flush();
            return true;
        });
        return this;
    }

    /** Never answers the next request (the connection stays open). */
    FakeServer silent() {
        script.add(out -> true);
        return this;
    }

    /** Every byte received so far, as UTF-8. */
    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread handler = new Thread(() -> serve(socket), "fake-server-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                for (int line = 0; line < 3; line++) {
                    if (!readLine(in)) {
                        return;
                    }
                }
                Action action = script.poll(10, TimeUnit.SECONDS);
                if (action == null || !action.perform(out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the test ended
        }
    }

    private boolean readLine(InputStream in) throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            synchronized (received) {
                received.write(b);
            }
            if (b == '\n') {
                return true;
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
