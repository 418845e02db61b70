package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Grant tokens as text. A token travels as bytes; it is held as a string whose characters are those bytes one to
 * one (ISO-8859-1), so two different byte strings never become equal strings and encoding is the exact inverse of
 * decoding. Real tokens are 32 ASCII hex characters, so for them this is plain ASCII.
 */
final class TokenText {
    private TokenText() {
    }

    /** The token text of {@code bytes[from, to)}. */
    static String decode(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a token that passed {@link #problemWith}. */
    static byte[] encode(String token) {
        return token.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * What is wrong with {@code token}, or null: it must be non-empty, at most {@code maxBytes} characters, all of
     * them U+0000..U+00FF, contain no LF, and contain no whitespace at all or (with {@code innerWhitespace}) none at
     * either end.
     */
    static String problemWith(String token, int maxBytes, boolean innerWhitespace) {
        int length = token.length();
        if (length == 0) {
            return "empty";
        }
        if (length > maxBytes) {
            return "longer than " + maxBytes + " bytes (" + length + ")";
        }
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            if (c > 0xFF) {
                return "character outside U+0000..U+00FF at index " + i;
            }
            if (c == '\n') {
                return "contains LF";
            }
            boolean edge = i == 0 || i == length - 1;
            if ((edge || !innerWhitespace) && WireRules.isWhitespace((byte) c)) {
                return "contains whitespace at index " + i;
            }
        }
        return null;
    }
}
