package io.dflockd.core.internal.fence;

/**
 * The ChaCha20 block function of RFC 8439 section 2.3: 256-bit key, 32-bit block counter, 96-bit nonce, 64 bytes of
 * keystream per block. Only the block function is here; {@link TokenMinter} turns it into a salt stream.
 */
final class ChaCha20 {
    /** Keystream words per block. */
    static final int BLOCK_WORDS = 16;

    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;
    private static final int DOUBLE_ROUNDS = 10;

    private ChaCha20() {
    }

    /**
     * Computes one block into {@code out} (16 words; word {@code i} serializes little-endian to bytes {@code 4i} to
     * {@code 4i+3} of the keystream).
     *
     * @param key     8 words, each the little-endian reading of 4 key bytes
     * @param counter the block counter
     * @param nonce   3 words, each the little-endian reading of 4 nonce bytes
     */
    static void block(int[] key, int counter, int[] nonce, int[] out) {
        int x0 = C0;
        int x1 = C1;
        int x2 = C2;
        int x3 = C3;
        int x4 = key[0];
        int x5 = key[1];
        int x6 = key[2];
        int x7 = key[3];
        int x8 = key[4];
        int x9 = key[5];
        int x10 = key[6];
        int x11 = key[7];
        int x12 = counter;
        int x13 = nonce[0];
        int x14 = nonce[1];
        int x15 = nonce[2];
        // Quarter rounds written out: columns, then diagonals (RFC 8439 sections 2.1 and 2.3).
        for (int i = 0; i < DOUBLE_ROUNDS; i++) {
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);

            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        out[0] = x0 + C0;
        out[1] = x1 + C1;
        out[2] = x2 + C2;
        out[3] = x3 + C3;
        out[4] = x4 + key[0];
        out[5] = x5 + key[1];
        out[6] = x6 + key[2];
        out[7] = x7 + key[3];
        out[8] = x8 + key[4];
        out[9] = x9 + key[5];
        out[10] = x10 + key[6];
        out[11] = x11 + key[7];
        out[12] = x12 + counter;
        out[13] = x13 + nonce[0];
        out[14] = x14 + nonce[1];
        out[15] = x15 + nonce[2];
    }
}
