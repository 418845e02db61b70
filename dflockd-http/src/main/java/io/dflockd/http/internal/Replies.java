package io.dflockd.http.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writing responses and reading request bodies on a {@link HttpExchange} (HTTP.md §1, §3.1). {@code HEAD} gets the
 * status and headers of the GET (its {@code Content-Length} included) and no body; {@code 204} has no body.
 */
public final class Replies {
    /** The body limit: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1_048_576;

    /**
     * How much of a refused body is read and dropped (never kept) before answering, so that the client, still
     * sending, receives the 400 instead of a connection reset. A longer body is not read: the answer is sent and the
     * connection closed, and such a client may see the reset instead.
     */
    private static final long DISCARD_LIMIT_BYTES = 8L * MAX_BODY_BYTES;

    private Replies() {
    }

    /** Sends a JSON body with the conventional headers. Throws when the client cannot be written to. */
    public static void json(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(exchange, status, "application/json", body);
    }

    /** Sends the error shape of HTTP.md §3.2. */
    public static void error(HttpExchange exchange, ApiError error) throws IOException {
        json(exchange, error.code().status(), JsonBodies.error(error));
    }

    /** Sends {@code body} with {@code contentType}. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            exchange.getResponseBody().close();
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends {@code 204 No Content}. */
    public static void noContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
        exchange.getResponseBody().close();
    }

    /**
     * Reads the whole request body, refusing one over {@link #MAX_BODY_BYTES} without reading it whole: a declared
     * length over the limit is refused before reading, and reading stops one byte past the limit. A refused body
     * answers with {@code Connection: close}, so the unread rest never reaches the next request.
     */
    public static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        InputStream in = exchange.getRequestBody();
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid Content-Length").toException();
            }
            if (length > MAX_BODY_BYTES) {
                if (length <= DISCARD_LIMIT_BYTES) {
                    discard(in, DISCARD_LIMIT_BYTES);
                }
                throw tooLarge(exchange);
            }
        }
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            discard(in, DISCARD_LIMIT_BYTES);
            throw tooLarge(exchange);
        }
        return bytes;
    }

    /** Reads and drops a body the endpoint ignores (same limit), so the request counts as received. */
    public static void discardBody(HttpExchange exchange) throws IOException {
        readBody(exchange);
    }

    /** Reads and drops at most {@code limit} bytes of {@code in}, in small chunks. */
    private static void discard(InputStream in, long limit) throws IOException {
        byte[] chunk = new byte[8192];
        long left = limit;
        int read;
        while (left > 0 && (read = in.read(chunk, 0, (int) Math.min(chunk.length, left))) >= 0) {
            left -= read;
        }
    }

    private static ApiException tooLarge(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Connection", "close");
        return ApiError.badRequest("body too large (max 1 MiB)").toException();
    }
}
