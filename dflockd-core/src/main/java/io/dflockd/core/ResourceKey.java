package io.dflockd.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The name of one resource: a non-empty byte string of at most {@value #MAX_BYTES} bytes that contains no space,
 * TAB, CR or LF. Identity is byte equality; nothing on the wire has to be UTF-8, so a key is bytes, not a string.
 *
 * <p>Instances are immutable: the bytes are copied in and never handed out.
 */
public final class ResourceKey implements Comparable<ResourceKey> {
    /** The longest key, in bytes. */
    public static final int MAX_BYTES = 256;

    private final byte[] bytes;
    private final int hash;

    private ResourceKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The key whose bytes are the UTF-8 encoding of {@code name}; throws {@link IllegalArgumentException} if invalid. */
    public static ResourceKey of(String name) {
        return ofBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The key with exactly these bytes (copied); throws {@link IllegalArgumentException} if invalid. */
    public static ResourceKey ofBytes(byte[] bytes) {
        String problem = problemWith(bytes, 0, bytes.length);
        if (problem != null) {
            throw new IllegalArgumentException("invalid key: " + problem);
        }
        return new ResourceKey(bytes.clone());
    }

    /** Whether {@code bytes[from, to)} is a valid key. Any thread. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        return problemWith(bytes, from, to) == null;
    }

    private static String problemWith(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length <= 0) {
            return "empty";
        }
        if (length > MAX_BYTES) {
            return "longer than " + MAX_BYTES + " bytes (" + length + ")";
        }
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                return "contains a space, TAB, CR or LF at byte " + (i - from);
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

    /** The key decoded as UTF-8 (malformed input becomes U+FFFD): for display and logs only, never for identity. */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Unsigned byte order, the order stats and views use. */
    @Override
    public int compareTo(ResourceKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return asString();
    }
}
