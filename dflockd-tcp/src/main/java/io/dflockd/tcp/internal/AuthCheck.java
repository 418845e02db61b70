package io.dflockd.tcp.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The authentication comparison of PROTOCOL.md §6: both secrets are hashed to fixed-size SHA-256 digests and the
 * digests compared with {@link MessageDigest#isEqual}, so the time taken depends neither on where the secrets differ
 * nor on their lengths, and the comparison always runs. Immutable; any thread.
 */
public final class AuthCheck {
    private final byte[] expectedDigest;

    public AuthCheck(String expectedToken) {
        this.expectedDigest = digest(expectedToken.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code presented} (the trimmed argument bytes of {@code auth}) is the configured token. */
    public boolean matches(byte[] presented) {
        return MessageDigest.isEqual(expectedDigest, digest(presented));
    }

    private static byte[] digest(byte[] secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
