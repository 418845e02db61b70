package io.dflockd.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP operation (HTTP.md §9.2–9.4): one session per worker on one keep-alive connection; an op is
 * {@code POST /v1/locks/{key}} (or {@code /v1/semaphores/{key}}) then {@code POST …/release} with the token.
 * The session is deleted on close.
 */
final class HttpLockDriver implements Driver {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] EMPTY = new byte[0];
    private static final int SESSION_GONE = 410;

    private final HttpConnection http;
    private final String session;
    private final String[] acquirePaths;
    private final String[] releasePaths;
    private final byte[] acquireBody;
    private final HolderLedger ledger;
    private final long holdNanos;
    private boolean closing;

    private HttpLockDriver(HttpConnection http, String session, String[] acquirePaths, String[] releasePaths,
            byte[] acquireBody, HolderLedger ledger, long holdNanos) {
        this.http = http;
        this.session = session;
        this.acquirePaths = acquirePaths;
        this.releasePaths = releasePaths;
        this.acquireBody = acquireBody;
        this.ledger = ledger;
        this.holdNanos = holdNanos;
    }

    static Driver.Factory factory(Connector connector, LoadOptions options, String[] keyNames, HolderLedger ledger) {
        String base = options.limit() > 1 ? "/v1/semaphores/" : "/v1/locks/";
        String[] acquire = new String[keyNames.length];
        String[] release = new String[keyNames.length];
        for (int i = 0; i < keyNames.length; i++) {
            // Key names are [A-Za-z0-9-]: nothing to percent-encode.
            acquire[i] = base + keyNames[i];
            release[i] = base + keyNames[i] + "/release";
        }
        StringBuilder body = new StringBuilder("{\"acquire_timeout_s\":").append(options.acquireTimeoutSeconds());
        if (options.limit() > 1) {
            body.append(",\"limit\":").append(options.limit());
        }
        if (options.leaseTtlSeconds() > 0) {
            body.append(",\"lease_ttl_s\":").append(options.leaseTtlSeconds());
        }
        byte[] acquireBody = body.append('}').toString().getBytes(StandardCharsets.US_ASCII);
        String hostHeader = options.host() + ":" + options.httpPort();
        return worker -> {
            Socket socket = connector.open();
            try {
                HttpConnection http = new HttpConnection(socket, hostHeader, options.authToken());
                HttpConnection.Reply created = http.exchange("POST", "/v1/sessions", Optional.empty(), EMPTY);
                String session = created.status() == 200 ? fields(created.body()).get("session_id") : null;
                if (session == null) {
                    throw new IOException("session creation failed: " + created.status() + " " + created.bodyText());
                }
                return new HttpLockDriver(http, session, acquire, release, acquireBody, ledger,
                        options.hold().toNanos());
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }

    @Override
    public Outcome operate(int key) throws IOException {
        if (closing) {
            throw new IOException("the server closed the keep-alive connection");
        }
        HttpConnection.Reply acquired = send(acquirePaths[key], acquireBody);
        if (acquired.status() != 200) {
            return Outcome.ERROR;
        }
        Map<String, String> fields = fields(acquired.body());
        if ("timeout".equals(fields.get("status"))) {
            return Outcome.TIMEOUT;
        }
        String token = fields.get("token");
        if (!"ok".equals(fields.get("status")) || token == null) {
            throw new IOException("unexpected acquire reply: " + acquired.bodyText());
        }
        boolean exclusive = ledger.acquired(key);
        Hold.park(holdNanos);
        ledger.releasing(key);
        byte[] releaseBody = ("{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.US_ASCII);
        HttpConnection.Reply released = send(releasePaths[key], releaseBody);
        if (released.status() != 204) {
            return Outcome.ERROR;
        }
        return exclusive ? Outcome.OK : Outcome.VIOLATION;
    }

    private HttpConnection.Reply send(String path, byte[] body) throws IOException {
        HttpConnection.Reply reply = http.exchange("POST", path, Optional.of(session), body);
        closing |= reply.closing();
        if (reply.status() == SESSION_GONE) {
            // The session was reaped or deleted: every later op would fail too, so let the worker open a new one.
            closing = true;
            throw new IOException("410 session_gone");
        }
        return reply;
    }

    /** The top-level string and number fields of a flat JSON object, as text. */
    static Map<String, String> fields(byte[] json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue()) {
                    fields.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return fields;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!closing) {
                http.exchange("DELETE", "/v1/sessions/" + session, Optional.empty(), EMPTY);
            }
        } finally {
            http.close();
        }
    }
}
