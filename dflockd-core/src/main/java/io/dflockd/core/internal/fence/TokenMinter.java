package io.dflockd.core.internal.fence;

import io.dflockd.core.Token;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Mints tokens: a fence plus 64 bits of salt from a CSPRNG (PROTOCOL.md section 7). Any thread; never blocks on I/O
 * once warmed up.
 *
 * <p>Where the salt comes from, and why: the default {@link SecureRandom} is one process-wide lock (about 90 ns a
 * token on the reference machine, more under load). Salts come instead from {@link SaltStripes}: AES-256-CTR
 * keystreams keyed from {@code SecureRandom}. The JDK's AES runs on the CPU's AES instructions on JDK 17 and later, so
 * a salt costs a few nanoseconds; a hand-written ChaCha20 (RFC 8439) was measured here at about 20-25 ns a salt, too
 * close to the 30 ns budget of a whole token.
 *
 * <p>Every minter made with {@link #TokenMinter()} draws from one process-wide set of stripes, so creating a minter
 * (one per lock manager) costs nothing and the ciphers are set up once per process, as they are first used.
 */
public final class TokenMinter {
    private static final int STRIPES_PER_PROCESSOR = 4;
    private static final int MAX_STRIPES = 1 << 10;
    private static final int REKEY_AFTER_REFILLS = (1 << 30) / SaltStripes.BUFFER_BYTES; // a new key every GiB

    /** Created on first use (holder idiom), so loading this class costs no entropy. */
    private static final class Shared {
        static final SaltStripes STRIPES = new SaltStripes(
                defaultStripes(Runtime.getRuntime().availableProcessors()), new SecureRandom(), REKEY_AFTER_REFILLS);
    }

    private final SaltStripes salts;

    /** A minter drawing on the process-wide salt stripes. */
    public TokenMinter() {
        this(Shared.STRIPES);
    }

    /** A minter drawing on {@code salts}. */
    TokenMinter(SaltStripes salts) {
        this.salts = Objects.requireNonNull(salts, "salts");
    }

    /** A token for {@code fence} with a fresh salt. Any thread. */
    public Token mint(long fence) {
        return new Token(fence, salts.next());
    }

    /** Four stripes per processor, rounded up to a power of two, at most 1024. */
    static int defaultStripes(int processors) {
        int wanted = Math.min(MAX_STRIPES, STRIPES_PER_PROCESSOR * Math.max(1, processors));
        return Integer.highestOneBit(wanted - 1) << 1;
    }
}
