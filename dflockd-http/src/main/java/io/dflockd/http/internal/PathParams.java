package io.dflockd.http.internal;

import io.dflockd.core.ResourceKey;
import java.io.ByteArrayOutputStream;

/**
 * Decoding and validation of the {@code {key}} and {@code {id}} path parameters (HTTP.md §7). A key segment is
 * percent-decoded exactly once into bytes ({@code %2F} gives {@code /}, {@code +} stays {@code +}); its identity is
 * that byte sequence, as on TCP.
 */
public final class PathParams {
    private static final int SESSION_ID_LENGTH = 32;

    private PathParams() {
    }

    /** The key named by a raw path segment; throws {@link ApiException} (400) with the spec's detail. */
    public static ResourceKey key(String rawSegment) {
        byte[] bytes = percentDecode(rawSegment);
        if (bytes.length == 0) {
            throw ApiError.badRequest("empty key").toException();
        }
        if (bytes.length > ResourceKey.MAX_BYTES) {
            throw ApiError.badRequest("key too long (max 256 bytes)").toException();
        }
        for (byte b : bytes) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                throw ApiError.badRequest("key contains whitespace").toException();
            }
        }
        return ResourceKey.ofBytes(bytes);
    }

    /**
     * Percent-decodes a raw segment into bytes. Characters of the raw path stand for one byte each: the JDK reads
     * the request line as ISO-8859-1, so a raw non-ASCII byte arrives as the character of the same value.
     */
    static byte[] percentDecode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw ApiError.badRequest("invalid key encoding").toException();
                }
                out.write(high << 4 | low);
                i += 3;
            } else if (c > 0xFF) {
                throw ApiError.badRequest("invalid key encoding").toException();
            } else {
                out.write(c);
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Whether {@code id} is exactly 32 lowercase hex characters. */
    public static boolean isSessionId(String id) {
        if (id == null || id.length() != SESSION_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The session id of a raw {@code {id}} segment; throws {@link ApiException} (400 invalid session id). */
    public static String sessionId(String rawSegment) {
        if (!isSessionId(rawSegment)) {
            throw ApiError.badRequest("invalid session id").toException();
        }
        return rawSegment;
    }
}
