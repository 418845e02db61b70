package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw-socket test client: writes exact bytes, reads exact reply lines. Text is sent as ISO-8859-1, so every char
 * of a test string is one byte on the wire. Every read has a timeout so a broken server fails a test instead of
 * hanging it.
 */
final class WireClient implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    WireClient(Socket socket) {
        try {
            this.socket = socket;
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WireClient connect(InetSocketAddress address) {
        try {
            Socket socket = new Socket();
            socket.connect(address, 5000);
            return new WireClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Socket socket() {
        return socket;
    }

    /** Writes {@code text} as ISO-8859-1 bytes. */
    WireClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    WireClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one three-line frame. */
    WireClient frame(String command, String key, String argument) {
        return send(command + "\n" + key + "\n" + argument + "\n");
    }

    /** Sends one frame and reads its reply line. */
    String request(String command, String key, String argument) {
        return frame(command, key, argument).readLine();
    }

    /** Sends {@code l key 0 [lease]} and returns the token, failing unless granted. */
    String lock(String key, String argument) {
        String reply = request("l", key, argument);
        assertThat(reply).matches("ok [0-9a-f]{32} \\d+");
        return reply.split(" ")[1];
    }

    /** The next reply line without its LF; fails on EOF or after {@link #READ_TIMEOUT}. */
    String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return fail("connection closed; partial line: '" + line.toString(StandardCharsets.ISO_8859_1)
                            + "'");
                }
                if (b == '\n') {
                    return line.toString(StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads everything until the server closes; fails if it does not close within {@code within}. */
    String readUntilClosed(Duration within) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            socket.setSoTimeout((int) within.toMillis());
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return all.toString(StandardCharsets.ISO_8859_1);
                }
                all.write(b);
            }
        } catch (SocketTimeoutException e) {
            return fail("server did not close within " + within + "; read '"
                    + all.toString(StandardCharsets.ISO_8859_1) + "'");
        } catch (SocketException e) {
            return all.toString(StandardCharsets.ISO_8859_1); // reset counts as closed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that the server closes within {@code within} without sending a byte. */
    void assertClosedWithoutBytes(Duration within) {
        assertThat(readUntilClosed(within)).as("bytes before close").isEmpty();
    }

    /** Asserts that nothing arrives and the connection stays open for {@code quiet}. */
    void assertSilentFor(Duration quiet) {
        try {
            socket.setSoTimeout((int) quiet.toMillis());
            int b = in.read();
            fail(b < 0 ? "connection closed" : "unexpected byte " + b);
        } catch (SocketTimeoutException expected) {
            // nothing arrived: what we wanted
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            } catch (SocketException e) {
                // the socket is gone; the next call reports it
            }
        }
    }

    /** Half-closes the sending side (EOF for the server). */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes with a reset (SO_LINGER 0). */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
