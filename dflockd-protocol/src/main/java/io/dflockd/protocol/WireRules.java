package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The protocol's fixed limits and its byte-level rules (PROTOCOL.md §2.3–§2.6), plus the argument checks a client
 * applies before any I/O (CLIENT.md §5.4). These are protocol constants, not configuration: nothing here has a
 * server default.
 */
public final class WireRules {
    /** The longest command, key or (non-auth) argument line, in bytes, excluding the LF but including a CR. */
    public static final int MAX_LINE_BYTES = 256;

    /** The longest {@code auth} argument line, in bytes, excluding the LF but including a CR. */
    public static final int MAX_AUTH_TOKEN_BYTES = 65_536;

    /** The largest seconds value (timeout or lease): the most whole seconds whose nanoseconds fit a {@code long}. */
    public static final long MAX_SECONDS = 9_223_372_036L;

    /** The largest semaphore limit. */
    public static final int MAX_LIMIT = 1_048_576;

    /**
     * The most pipelined bytes the server buffers while a blocking command is in progress (PROTOCOL.md §10); one
     * byte more cancels the command and closes the connection.
     */
    public static final int MAX_PIPELINED_BYTES_WHILE_BLOCKED = 4_096;

    private WireRules() {
    }

    /** Whether {@code b} is protocol whitespace: space, TAB, VT, FF or CR, and nothing else (§2.4). */
    public static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == 0x0B || b == '\f' || b == '\r';
    }

    /** Whether {@code b} may not appear in a key: space, TAB, CR or LF (§2.5). */
    public static boolean isForbiddenInKey(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /**
     * A {@link Duration} as whole seconds for the wire, rounded up ({@code 1.2 s} is 2, {@code 500 ms} is 1,
     * zero is 0), as the client sends timeouts and leases (CLIENT.md §7).
     *
     * @throws IllegalArgumentException if negative or more than {@link #MAX_SECONDS} seconds after rounding
     */
    public static long secondsRoundedUp(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        long seconds = duration.getSeconds();
        if (duration.getNano() > 0) {
            seconds++;
        }
        return requireSeconds(seconds, "duration");
    }

    /**
     * Checks a seconds value: 0 ≤ seconds ≤ {@link #MAX_SECONDS}.
     *
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    public static long requireSeconds(long seconds, String what) {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(what + " must be within 0.." + MAX_SECONDS + " s: " + seconds);
        }
        return seconds;
    }

    /**
     * Checks a semaphore limit: 1 ≤ limit ≤ {@link #MAX_LIMIT}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static int requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ": " + limit);
        }
        return limit;
    }

    /**
     * Checks a grant token as a client sends it in {@code r}/{@code n} (CLIENT.md §5.4): non-empty, at most
     * {@link #MAX_LINE_BYTES} bytes, no whitespace and no LF, and text whose characters are all single bytes
     * (U+0000..U+00FF; real tokens are ASCII hex).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String requireToken(String token) {
        String problem = TokenText.problemWith(token, MAX_LINE_BYTES, false);
        if (problem != null) {
            throw new IllegalArgumentException("invalid token: " + problem);
        }
        return token;
    }

    /**
     * Checks an {@code auth} secret as a client sends it (CLIENT.md §5.4): non-blank, at most
     * {@link #MAX_AUTH_TOKEN_BYTES} UTF-8 bytes, no CR or LF, and no leading or trailing whitespace (which the
     * server would trim away). Returns its UTF-8 bytes.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static byte[] requireAuthToken(String token) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        String problem = authTokenProblem(bytes);
        if (problem == null && token.indexOf('\r') >= 0) {
            problem = "contains CR";
        }
        if (problem != null) {
            throw new IllegalArgumentException("invalid auth token: " + problem);
        }
        return bytes;
    }

    /**
     * What is wrong with {@code bytes} as an {@code auth} argument as the server sees it after trimming, or null:
     * empty, longer than the cap, whitespace at either end, or an LF (an inner CR is part of the secret).
     */
    static String authTokenProblem(byte[] bytes) {
        if (bytes.length == 0) {
            return "empty";
        }
        if (bytes.length > MAX_AUTH_TOKEN_BYTES) {
            return "longer than " + MAX_AUTH_TOKEN_BYTES + " bytes (" + bytes.length + ")";
        }
        if (isWhitespace(bytes[0]) || isWhitespace(bytes[bytes.length - 1])) {
            return "leading or trailing whitespace";
        }
        for (byte b : bytes) {
            if (b == '\n') {
                return "contains LF";
            }
        }
        return null;
    }
}
