package io.dflockd.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.dflockd.protocol.LeaseTtl;
import io.dflockd.protocol.WireKey;
import io.dflockd.protocol.WireRules;
import java.util.Objects;

/** Client-side validation of request arguments, before any I/O. Every failure is an IllegalArgumentException. */
final class Arguments {
    /** The largest number of whole seconds whose nanosecond count fits a signed 64-bit integer. */
    static final long MAX_SECONDS = 9_223_372_036L;
    static final int MAX_KEY_BYTES = 256;
    static final int MAX_LIMIT = 1_048_576;

    private Arguments() {
    }

    /** A key as sent: non-empty, at most 256 UTF-8 bytes, no space, TAB, CR or LF. */
    static WireKey wireKey(String name, String key) {
        return WireKey.of(key(name, key));
    }

    /** A key: non-empty, at most 256 UTF-8 bytes, no space, TAB, CR or LF. */
    static String key(String name, String key) {
        Objects.requireNonNull(key, name);
        if (key.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                throw new IllegalArgumentException(name + " must not contain space, TAB, CR or LF");
            }
        }
        if (utf8Length(key) > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
        return key;
    }

    /** A token argument of release/renew (CLIENT.md §5.4). */
    static String token(String token) {
        Objects.requireNonNull(token, "token");
        return WireRules.requireToken(token);
    }

    /** An auth token: non-blank, at most 65,536 UTF-8 bytes, no CR or LF, no whitespace at either end. */
    static String authToken(String name, String token) {
        Objects.requireNonNull(token, name);
        try {
            WireRules.requireAuthToken(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        return token;
    }

    /** A duration in whole seconds, rounded up: not negative and at most {@link #MAX_SECONDS} after rounding. */
    static long seconds(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        long seconds = value.getSeconds();
        if (seconds > MAX_SECONDS || (seconds == MAX_SECONDS && value.getNano() > 0)) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_SECONDS + " s, was " + value);
        }
        return value.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** A lease option: {@link Duration#ZERO} = server default, else rounded up to whole seconds. */
    static LeaseTtl leaseTtl(String name, Duration value) {
        return seconds(name, value) == 0 ? LeaseTtl.SERVER_DEFAULT : LeaseTtl.ofSeconds(seconds(name, value));
    }

    /** A semaphore limit: 1..1,048,576. */
    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
