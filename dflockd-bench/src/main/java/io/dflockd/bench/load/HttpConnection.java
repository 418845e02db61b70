package io.dflockd.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimal HTTP/1.1 keep-alive client on one socket: each request is one write, each response is read with bounded
 * header lines and a {@code Content-Length} or chunked body. The load tool uses it instead of
 * {@code java.net.http.HttpClient} so that, as over TCP, the client's cost per request stays small next to the
 * server's. Not thread-safe: one worker.
 */
final class HttpConnection implements Closeable {
    private static final int MAX_LINE_BYTES = 8192;
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** A response: status code, body bytes, and whether the server will close the connection. */
    record Reply(int status, byte[] body, boolean closing) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String fixedHeaders;
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;

    HttpConnection(Socket socket, String hostHeader, Optional<String> bearer) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.fixedHeaders = "Host: " + hostHeader + "\r\n" + bearer.map(t -> "Authorization: Bearer " + t + "\r\n")
                .orElse("");
    }

    /** Sends {@code method path} with the optional session header and body; reads the whole response. */
    Reply exchange(String method, String path, Optional<String> session, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\n").append(fixedHeaders);
        session.ifPresent(id -> head.append("X-Dflockd-Session: ").append(id).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        out.write(request);
        return readReply();
    }

    private Reply readReply() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = parseInt(statusLine.substring(9, 12), "status");
        long contentLength = -1;
        boolean chunked = false;
        boolean closing = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                contentLength = parseInt(value, "Content-Length");
            } else if (name.equals("transfer-encoding")) {
                chunked = value.contains("chunked");
            } else if (name.equals("connection")) {
                closing = value.contains("close");
            }
        }
        byte[] body = chunked ? readChunked() : readBytes(contentLength < 0 ? 0 : (int) contentLength);
        return new Reply(status, body, closing);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size");
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // Trailers carry nothing the tool needs.
                }
                return body.toByteArray();
            }
            body.writeBytes(readBytes(size));
            readLine();
        }
    }

    private byte[] readBytes(int count) throws IOException {
        if (count > MAX_BODY_BYTES) {
            throw new IOException("response body over " + MAX_BODY_BYTES + " bytes");
        }
        byte[] result = new byte[count];
        int copied = 0;
        while (copied < count) {
            if (start == end) {
                fill();
            }
            int n = Math.min(count - copied, end - start);
            System.arraycopy(buffer, start, result, copied, n);
            start += n;
            copied += n;
        }
        return result;
    }

    /** One CRLF (or LF) terminated line, at most {@value #MAX_LINE_BYTES} bytes, as ISO-8859-1. */
    private String readLine() throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    int to = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, start, to - start, StandardCharsets.ISO_8859_1);
                    start = i + 1;
                    return line;
                }
            }
            if (end - start > MAX_LINE_BYTES) {
                throw new IOException("response line over " + MAX_LINE_BYTES + " bytes");
            }
            scanned = end;
            int consumed = start;
            fill();
            scanned -= consumed - start;
        }
    }

    /** Reads once more; compacts (or grows) first so there is room. Shifts {@code start} to 0 when compacting. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            throw new EOFException("server closed the connection");
        }
        end += n;
    }

    private static int parseInt(String text, String what) throws IOException {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IOException("bad " + what + ": " + text);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
