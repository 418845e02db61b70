package io.dflockd.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Fencing helpers. A token of this protocol version is 32 hexadecimal characters: 16 for the fence (a big-endian
 * unsigned 64-bit counter) followed by 16 for a random salt. The fence orders grants of the same key on the same
 * server; compare fences with {@link Long#compareUnsigned(long, long)}.
 */
public final class Tokens {
    private static final int TOKEN_HEX_CHARS = 32;
    private static final int FENCE_HEX_CHARS = 16;

    private Tokens() {
    }

    /**
     * The fence of a token, as an unsigned 64-bit value in a {@code long}.
     *
     * @throws IllegalArgumentException unless the token is exactly 32 hexadecimal characters (either case)
     */
    public static long fence(String token) {
        Objects.requireNonNull(token, "token");
        if (!isFencedToken(token)) {
            throw new IllegalArgumentException("token must be 32 hexadecimal characters, was " + redact(token));
        }
        return Long.parseUnsignedLong(token, 0, FENCE_HEX_CHARS, 16);
    }

    /** The fence as an unsigned decimal string, for display. */
    public static String toUnsignedString(long fence) {
        return Long.toUnsignedString(fence);
    }

    /** The fence when the token has the 32-hex form, else empty. */
    static OptionalLong fenceIfPresent(String token) {
        return isFencedToken(token) ? OptionalLong.of(fence(token)) : OptionalLong.empty();
    }

    /**
     * A loggable form of a token that never reveals the salt: the fence part followed by an ellipsis, or only the
     * length for a token of another shape.
     */
    static String redact(String token) {
        if (isFencedToken(token)) {
            return token.substring(0, FENCE_HEX_CHARS) + "…";
        }
        return "<" + token.length() + " chars>";
    }

    private static boolean isFencedToken(String token) {
        if (token.length() != TOKEN_HEX_CHARS) {
            return false;
        }
        for (int i = 0; i < TOKEN_HEX_CHARS; i++) {
            char c = token.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
