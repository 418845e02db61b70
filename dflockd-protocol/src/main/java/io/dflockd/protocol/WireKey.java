package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key as it travels on the wire (PROTOCOL.md §2.5): 1 to {@value WireRules#MAX_LINE_BYTES} bytes, none of them
 * space, TAB, CR or LF. Other bytes, control bytes and invalid UTF-8 included, are allowed. Identity is byte
 * equality: a key is never decoded to decide what it is.
 *
 * <p>Immutable: the bytes are copied in and never handed out.
 */
public final class WireKey implements Comparable<WireKey> {
    private final byte[] bytes;
    private final int hash;

    private WireKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * The key whose bytes are the UTF-8 encoding of {@code name}.
     *
     * @throws IllegalArgumentException if those bytes are not a valid key
     */
    public static WireKey of(String name) {
        byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
        requireValid(encoded, 0, encoded.length);
        return new WireKey(encoded);
    }

    /**
     * The key with exactly these bytes (copied).
     *
     * @throws IllegalArgumentException if they are not a valid key
     */
    public static WireKey ofBytes(byte[] bytes) {
        requireValid(bytes, 0, bytes.length);
        return new WireKey(bytes.clone());
    }

    /** Whether {@code bytes[from, to)} is a valid key. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        return problemWith(bytes, from, to) == null;
    }

    /** A key from a range already checked with {@link #isValid}; copies it. */
    static WireKey ofValidRange(byte[] bytes, int from, int to) {
        return new WireKey(Arrays.copyOfRange(bytes, from, to));
    }

    private static void requireValid(byte[] bytes, int from, int to) {
        String problem = problemWith(bytes, from, to);
        if (problem != null) {
            throw new IllegalArgumentException("invalid key: " + problem);
        }
    }

    private static String problemWith(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length <= 0) {
            return "empty";
        }
        if (length > WireRules.MAX_LINE_BYTES) {
            return "longer than " + WireRules.MAX_LINE_BYTES + " bytes (" + length + ")";
        }
        for (int i = from; i < to; i++) {
            if (WireRules.isForbiddenInKey(bytes[i])) {
                return "space, TAB, CR or LF at byte " + (i - from);
            }
        }
        return null;
    }

    /** The key's length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** A copy of the key's bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Copies the key's bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** The key decoded as UTF-8 (malformed input becomes U+FFFD): for display and logs, never for identity. */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Unsigned byte order. */
    @Override
    public int compareTo(WireKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The key for display: UTF-8 decoded, control characters shown as {@code \xNN}. */
    @Override
    public String toString() {
        return Printable.of(bytes, 0, bytes.length);
    }
}
