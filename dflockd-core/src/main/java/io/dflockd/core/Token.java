package io.dflockd.core;

import java.util.Optional;

/**
 * The name of one grant: a 64-bit fence and 64 random bits of salt, written as 32 lowercase hex characters (fence
 * first). A token is a bearer capability: whoever presents it may renew or release the grant. It is kept as two longs
 * and turned into text only when it leaves the process; {@link #toString()} never shows the salt.
 */
public record Token(long fence, long salt) {
    /** Length of {@link #hex()}. */
    public static final int HEX_LENGTH = 32;

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The 32-character lowercase hex form: 16 hex of fence, then 16 hex of salt. */
    public String hex() {
        byte[] out = new byte[HEX_LENGTH];
        writeHex(out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes {@link #hex()} as ASCII into {@code out} at {@code offset} (32 bytes), without allocating. */
    public void writeHex(byte[] out, int offset) {
        writeLong(out, offset, fence);
        writeLong(out, offset + 16, salt);
    }

    private static void writeLong(byte[] out, int offset, long value) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /** The fence as 16 lowercase hex characters (the token's first half). */
    public String fenceHex() {
        return hex().substring(0, 16);
    }

    /**
     * Parses a token from its hex form. Anything that is not exactly 32 lowercase hex characters is no token (and so
     * can never name a grant): the result is empty.
     */
    public static Optional<Token> parse(CharSequence text) {
        if (text.length() != HEX_LENGTH) {
            return Optional.empty();
        }
        long fence = 0;
        long salt = 0;
        for (int i = 0; i < HEX_LENGTH; i++) {
            int digit = digit(text.charAt(i));
            if (digit < 0) {
                return Optional.empty();
            }
            if (i < 16) {
                fence = (fence << 4) | digit;
            } else {
                salt = (salt << 4) | digit;
            }
        }
        return Optional.of(new Token(fence, salt));
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** Shows the fence only: the salt is what makes a token a capability, so it never reaches a log. */
    @Override
    public String toString() {
        return "Token[" + fenceHex() + "…]";
    }
}
