package io.dflockd.server.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A raw TCP connection speaking the line protocol byte for byte (no codec, no client library), optionally from a
 * chosen loopback source address ({@code 127.0.0.2}, ...) so per-IP caps can be told apart. Reply lines are returned
 * without their LF. Every read is bounded by the socket timeout.
 */
public final class LineClient implements AutoCloseable {
    /** A grant reply: {@code ok <32 hex> <lease>}. */
    public static final Pattern GRANT = Pattern.compile("ok [0-9a-f]{32} \\d+");

    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineClient(Socket socket) {
        try {
            this.socket = socket;
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects from the default loopback source address. */
    public static LineClient connect(int port) {
        return connectFrom("127.0.0.1", port);
    }

    /** Connects to {@code 127.0.0.1:port} from {@code sourceIp} (any address of 127.0.0.0/8). */
    public static LineClient connectFrom(String sourceIp, int port) {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            return new LineClient(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    /** Wraps a socket that is already connected (e.g. with a small receive buffer). */
    public static LineClient over(Socket socket) {
        return new LineClient(socket);
    }

    /** Writes the bytes of {@code text} (ISO-8859-1: one byte per char) in one write. */
    public LineClient send(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sends the three lines of one request frame. */
    public LineClient frame(String command, String key, String argument) {
        return send(command + "\n" + key + "\n" + argument + "\n");
    }

    /** One reply line without its LF; fails on EOF or after the read timeout. */
    public String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new AssertionError("connection closed after \"" + line.toString(StandardCharsets.ISO_8859_1)
                            + "\"");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete reply line within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one request frame and returns its reply line. */
    public String request(String command, String key, String argument) {
        return frame(command, key, argument).readLine();
    }

    /** {@code l key argument}, which must be granted; returns the token. */
    public String lock(String key, String argument) {
        String reply = request("l", key, argument);
        if (!GRANT.matcher(reply).matches()) {
            throw new AssertionError("l " + key + " " + argument + " answered \"" + reply + "\"");
        }
        return reply.split(" ")[1];
    }

    /**
     * Whether the server has closed the connection: EOF or a reset within the socket timeout. Any byte read instead
     * makes it false.
     */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Whether at least one byte of a reply has arrived and is waiting to be read. */
    public boolean hasInput() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return true;
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a test connection; nothing to do about a failure.
        }
    }
}
