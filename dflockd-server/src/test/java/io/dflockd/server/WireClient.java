package io.dflockd.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw TCP connection speaking the line protocol byte for byte (no codec, no client library). */
final class WireClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    WireClient(Socket socket) {
        try {
            this.socket = socket;
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WireClient connect(int port) {
        try {
            return new WireClient(new Socket(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bytes of {@code text} (ISO-8859-1, so every char is one byte) in one write. */
    WireClient send(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** One reply line including its LF; fails on EOF or after the read timeout. */
    String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); ; b = in.read()) {
                if (b < 0) {
                    throw new AssertionError("connection closed after " + quoted(line));
                }
                line.write(b);
                if (b == '\n') {
                    return line.toString(StandardCharsets.ISO_8859_1);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete reply line within " + READ_TIMEOUT_MILLIS + " ms: " + quoted(line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and returns its reply line. */
    String request(String text) {
        return send(text).readLine();
    }

    /** Whether the server closed the connection (EOF or reset) with nothing more to read. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String quoted(ByteArrayOutputStream bytes) {
        return "\"" + bytes.toString(StandardCharsets.ISO_8859_1).replace("\n", "\\n") + "\"";
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
