package io.dflockd.core.internal.fence;

import io.dflockd.core.Token;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Mints tokens: a fence plus 64 bits of salt from a CSPRNG (PROTOCOL.md section 7). Any thread; never blocks after a
 * thread's first token.
 *
 * <p>Why not {@link SecureRandom} per token: the default instance is one process-wide lock (about 90 ns a token on
 * the reference machine). Instead each thread owns a ChaCha20 keystream ({@link ChaCha20}, RFC 8439) under a random
 * 256-bit key and 96-bit nonce drawn from {@code SecureRandom} the first time the thread mints. A block of keystream
 * (eight salts) is computed at a time and handed out eight bytes per token.
 *
 * <p>Invariants: (1) keystream is never reused: within a thread the block counter only moves forward, and before it
 * would wrap the stream is rekeyed from {@code SecureRandom}; (2) threads never share a stream (independent random
 * keys), so two threads cannot hand out the same keystream except with negligible probability; (3) a buffered salt is
 * handed out once: the read index only moves forward until the next refill.
 */
public final class TokenMinter {
    private static final SecureRandom SEEDS = new SecureRandom();

    private final ThreadLocal<SaltStream> streams = ThreadLocal.withInitial(() -> new SaltStream(SEEDS));

    /** A minter; its streams are keyed lazily, one per minting thread. */
    public TokenMinter() {
    }

    /** A token for {@code fence} with a fresh salt. Any thread. */
    public Token mint(long fence) {
        return new Token(fence, streams.get().nextSalt());
    }

    /** One thread's buffered ChaCha20 keystream. Confined to its thread. */
    static final class SaltStream {
        private static final int SALTS_PER_BLOCK = ChaCha20.BLOCK_WORDS / 2;
        private static final int KEY_BYTES = 32;
        private static final int NONCE_BYTES = 12;

        private final SecureRandom seeds;
        private final int[] key = new int[8];
        private final int[] nonce = new int[3];
        private final int[] block = new int[ChaCha20.BLOCK_WORDS];
        private final long[] salts = new long[SALTS_PER_BLOCK];
        /** Next block counter to use; 0 again after 2^32 blocks means "rekey first". */
        private int counter;
        private int nextIndex = SALTS_PER_BLOCK;

        /** A stream under a fresh key drawn from {@code seeds}. */
        SaltStream(SecureRandom seeds) {
            this.seeds = seeds;
            rekey();
        }

        /** A stream at a known position: {@code key} (8 words), {@code nonce} (3 words), next block {@code counter}. */
        SaltStream(SecureRandom seeds, int[] key, int[] nonce, int counter) {
            this.seeds = seeds;
            System.arraycopy(key, 0, this.key, 0, this.key.length);
            System.arraycopy(nonce, 0, this.nonce, 0, this.nonce.length);
            this.counter = counter;
        }

        long nextSalt() {
            if (nextIndex == SALTS_PER_BLOCK) {
                refill();
            }
            return salts[nextIndex++]; // invariant 3
        }

        private void refill() {
            ChaCha20.block(key, counter, nonce, block);
            counter++;
            if (counter == 0) {
                rekey(); // invariant 1: the 32-bit block counter would wrap
            }
            for (int i = 0; i < SALTS_PER_BLOCK; i++) {
                salts[i] = ((long) block[2 * i] << 32) | (block[2 * i + 1] & 0xFFFF_FFFFL);
            }
            nextIndex = 0;
        }

        private void rekey() {
            byte[] seed = new byte[KEY_BYTES + NONCE_BYTES];
            seeds.nextBytes(seed);
            ByteBuffer words = ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < key.length; i++) {
                key[i] = words.getInt();
            }
            for (int i = 0; i < nonce.length; i++) {
                nonce[i] = words.getInt();
            }
            counter = 0;
        }
    }
}
