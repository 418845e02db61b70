package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Writes replies as the exact bytes of PROTOCOL.md §2.2: one LF-terminated line per reply, fields separated by one
 * space, no CR, numbers as plain ASCII digits whatever the default locale. Each call returns a fresh array holding
 * the whole line, ready for a single write. Stateless; any thread.
 */
public final class ResponseEncoder {
    private static final byte[] OK = ascii("ok\n");
    private static final byte[] QUEUED = ascii("queued\n");
    private static final byte[] TIMEOUT = ascii("timeout\n");
    private static final byte[] OK_SPACE = ascii("ok ");
    private static final byte[] ACQUIRED_SPACE = ascii("acquired ");

    private ResponseEncoder() {
    }

    /** The reply line for {@code response}. */
    public static byte[] encode(Response response) {
        if (response instanceof Response.Granted) {
            Response.Granted granted = (Response.Granted) response;
            return grant(OK_SPACE, granted.token(), granted.leaseSeconds());
        }
        if (response instanceof Response.Acquired) {
            Response.Acquired acquired = (Response.Acquired) response;
            return grant(ACQUIRED_SPACE, acquired.token(), acquired.leaseSeconds());
        }
        if (response instanceof Response.Renewed) {
            return renewed(((Response.Renewed) response).leaseSeconds());
        }
        if (response instanceof Response.StatsJson) {
            return stats(((Response.StatsJson) response).json().getBytes(StandardCharsets.UTF_8));
        }
        if (response instanceof Response.Failure) {
            return error(((Response.Failure) response).status());
        }
        if (response instanceof Response.Queued) {
            return QUEUED.clone();
        }
        if (response instanceof Response.TimedOut) {
            return TIMEOUT.clone();
        }
        if (response instanceof Response.Ok) {
            return OK.clone();
        }
        throw new IllegalArgumentException("unknown response type: " + response.getClass());
    }

    /** {@code <status>\n} for an error status. */
    public static byte[] error(ErrorStatus status) {
        return status.replyBytes().clone();
    }

    /** {@code ok\n}. */
    public static byte[] ok() {
        return OK.clone();
    }

    /** {@code ok <lease_s>\n}. */
    public static byte[] renewed(long leaseSeconds) {
        byte[] number = ascii(Long.toString(new Response.Renewed(leaseSeconds).leaseSeconds()));
        byte[] out = new byte[OK_SPACE.length + number.length + 1];
        System.arraycopy(OK_SPACE, 0, out, 0, OK_SPACE.length);
        System.arraycopy(number, 0, out, OK_SPACE.length, number.length);
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * {@code ok <json>\n} around JSON bytes (as produced by {@link StatsJson#write}), without a round trip through a
     * string. The bytes must be one line: no CR or LF.
     */
    public static byte[] stats(byte[] json) {
        if (json.length == 0) {
            throw new IllegalArgumentException("stats JSON must not be empty");
        }
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                throw new IllegalArgumentException("stats JSON must be one line");
            }
        }
        byte[] out = new byte[OK_SPACE.length + json.length + 1];
        System.arraycopy(OK_SPACE, 0, out, 0, OK_SPACE.length);
        System.arraycopy(json, 0, out, OK_SPACE.length, json.length);
        out[out.length - 1] = '\n';
        return out;
    }

    private static byte[] grant(byte[] prefix, String token, long leaseSeconds) {
        byte[] tokenBytes = TokenText.encode(token);
        byte[] number = ascii(Long.toString(leaseSeconds));
        byte[] out = new byte[prefix.length + tokenBytes.length + 1 + number.length + 1];
        int at = 0;
        System.arraycopy(prefix, 0, out, at, prefix.length);
        at += prefix.length;
        System.arraycopy(tokenBytes, 0, out, at, tokenBytes.length);
        at += tokenBytes.length;
        out[at++] = ' ';
        System.arraycopy(number, 0, out, at, number.length);
        out[out.length - 1] = '\n';
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
