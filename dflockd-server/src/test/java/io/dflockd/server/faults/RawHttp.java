package io.dflockd.server.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP/1.1 client on raw sockets, one request per connection ({@code Connection: close}), from a chosen
 * loopback source address, so that per-IP limits (which key on the socket peer address) can be exercised from
 * several "machines" on one host. The JDK's {@code HttpClient} cannot bind a source address.
 */
public final class RawHttp {
    private static final Pattern SESSION_ID = Pattern.compile("\"session_id\":\"([0-9a-f]{32})\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([0-9a-f]{32})\"");
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private final String sourceIp;
    private final int port;
    private final Optional<String> bearer;

    /** @param bearer the auth token sent as {@code Authorization: Bearer}, if any */
    public RawHttp(String sourceIp, int port, Optional<String> bearer) {
        this.sourceIp = sourceIp;
        this.port = port;
        this.bearer = bearer;
    }

    public RawHttp(String sourceIp, int port) {
        this(sourceIp, port, Optional.empty());
    }

    /** A response: status code, headers (names lower-cased) and the body as text. */
    public record Response(int status, Map<String, String> headers, String body) {
        /** The {@code error} code of an error body, or empty. */
        public Optional<String> error() {
            Matcher matcher = Pattern.compile("\"error\":\"([a-z_]+)\"").matcher(body);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }
    }

    public Response get(String path, String... headerLines) {
        return exchange("GET", path, "", headerLines);
    }

    public Response post(String path, String body, String... headerLines) {
        return exchange("POST", path, body, headerLines);
    }

    /** {@code POST /v1/sessions}, which must succeed; returns the session id. */
    public String createSession() {
        Response created = post("/v1/sessions", "");
        return extract(SESSION_ID, created, "session_id");
    }

    /** {@code POST /v1/locks/{key}} on the session, which must be granted; returns the token. */
    public String acquire(String session, String key, int timeoutSeconds) {
        Response granted = post("/v1/locks/" + key, "{\"acquire_timeout_s\":" + timeoutSeconds + ",\"lease_ttl_s\":30}",
                "X-Dflockd-Session: " + session);
        return extract(TOKEN, granted, "token");
    }

    /** {@code POST /v1/locks/{key}/release}; returns the status. */
    public int release(String session, String key, String token) {
        return post("/v1/locks/" + key + "/release", "{\"token\":\"" + token + "\"}", "X-Dflockd-Session: " + session)
                .status();
    }

    private static String extract(Pattern pattern, Response response, String field) {
        Matcher matcher = pattern.matcher(response.body());
        if (response.status() != 200 || !matcher.find()) {
            throw new AssertionError("expected a " + field + ", got " + response);
        }
        return matcher.group(1);
    }

    /** One request on a new connection; the response is read to EOF. */
    public Response exchange(String method, String path, String body, String... headerLines) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        bearer.ifPresent(token -> head.append("Authorization: Bearer ").append(token).append("\r\n"));
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(readToEnd(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " from " + sourceIp, e);
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new AssertionError("incomplete HTTP response: " + text);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1)
                    .strip());
        }
        byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(chunked, at);
            String sizeField = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeField.split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("truncated chunked body");
    }
}
