package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dflockd.core.Token;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TokenMinterTest {
    private static final HexFormat HEX = HexFormat.of();
    /** NIST SP 800-38A F.5.5 (CTR-AES256.Encrypt): key, then initial counter block. */
    private static final byte[] NIST_SEED = HEX.parseHex(
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4" + "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final int SALTS_PER_BUFFER = TokenMinter.BUFFER_BYTES / Long.BYTES;

    @Test
    void tokenCarriesTheFenceAndIsThirtyTwoLowercaseHexCharacters() {
        Token token = new TokenMinter().mint(0x0123_4567_89ab_cdefL);

        assertThat(token.fence()).isEqualTo(0x0123_4567_89ab_cdefL);
        assertThat(token.hex()).hasSize(32).matches("[0-9a-f]{32}").startsWith("0123456789abcdef");
    }

    @Test
    void saltsAreTheAesCtrKeystreamOfTheSeededKeyAndCounter() {
        TokenMinter minter = new TokenMinter(1, new FixedSeeds(List.of(NIST_SEED)), 1000);
        // F.5.5 block 1: keystream = plaintext XOR ciphertext.
        byte[] keystream = xor(HEX.parseHex("6bc1bee22e409f96e93d7e117393172a"),
                HEX.parseHex("601ec313775789a5b7a7f504bbf3d228"));
        ByteBuffer expected = ByteBuffer.wrap(keystream).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(minter.nextSalt()).isEqualTo(expected.getLong());
        assertThat(minter.nextSalt()).isEqualTo(expected.getLong());
    }

    @Test
    void refillsContinueTheKeystreamWithoutRepeatingOrSkippingAByte() throws GeneralSecurityException {
        TokenMinter minter = new TokenMinter(1, new FixedSeeds(List.of(NIST_SEED)), 1000);
        ByteBuffer expected = keystream(NIST_SEED, 3 * TokenMinter.BUFFER_BYTES);

        for (int i = 0; i < 3 * SALTS_PER_BUFFER; i++) {
            assertThat(minter.nextSalt()).as("salt %d", i).isEqualTo(expected.getLong());
        }
    }

    @Test
    void aStripeIsRekeyedWithAFreshSeedAfterItsRefillBudget() throws GeneralSecurityException {
        byte[] second = new byte[48];
        second[0] = 1;
        second[47] = 7;
        TokenMinter minter = new TokenMinter(1, new FixedSeeds(List.of(NIST_SEED, second)), 2);
        ByteBuffer first = keystream(NIST_SEED, 2 * TokenMinter.BUFFER_BYTES);
        ByteBuffer afterRekey = keystream(second, TokenMinter.BUFFER_BYTES);

        for (int i = 0; i < 2 * SALTS_PER_BUFFER; i++) {
            assertThat(minter.nextSalt()).isEqualTo(first.getLong());
        }
        for (int i = 0; i < SALTS_PER_BUFFER; i++) {
            assertThat(minter.nextSalt()).isEqualTo(afterRekey.getLong());
        }
    }

    @Test
    void saltsDoNotRepeatOverManyTokens() {
        TokenMinter minter = new TokenMinter();
        long[] salts = new long[500_000];

        for (int i = 0; i < salts.length; i++) {
            salts[i] = minter.mint(i + 1).salt();
        }

        assertThat(duplicates(salts)).isZero();
    }

    @Test
    void saltBitsAreBalanced() {
        TokenMinter minter = new TokenMinter();
        int count = 100_000;
        long ones = 0;
        for (int i = 0; i < count; i++) {
            ones += Long.bitCount(minter.mint(1).salt());
        }

        // 6.4 M bits: the mean is 32 per salt with a standard deviation of ~0.013; 0.1 is far outside chance.
        assertThat((double) ones / count).isBetween(31.9, 32.1);
    }

    @Test
    void twoMintersDoNotShareAStream() {
        TokenMinter first = new TokenMinter();
        TokenMinter second = new TokenMinter();

        assertThat(first.mint(1).salt()).isNotEqualTo(second.mint(1).salt());
    }

    @Test
    @Timeout(30)
    void saltsDoNotRepeatAcrossThreads() throws Exception {
        TokenMinter minter = new TokenMinter();

        long[][] salts = mintConcurrently(minter, 4, 100_000);

        assertThat(duplicates(Arrays.stream(salts).flatMapToLong(Arrays::stream).toArray())).isZero();
    }

    @Test
    @Timeout(30)
    void threadsSharingOneStripeTakeEachSaltOfItsKeystreamExactlyOnce() throws Exception {
        int threads = 4;
        int perThread = 20 * SALTS_PER_BUFFER;
        TokenMinter minter = new TokenMinter(1, new FixedSeeds(List.of(NIST_SEED)), 1000);

        Set<Long> taken = distinct(mintConcurrently(minter, threads, perThread));

        ByteBuffer stream = keystream(NIST_SEED, threads * perThread * Long.BYTES);
        Set<Long> expected = new HashSet<>();
        while (stream.hasRemaining()) {
            expected.add(stream.getLong());
        }
        assertThat(taken).hasSize(threads * perThread).isEqualTo(expected);
    }

    @Test
    void stripeCountIsAPowerOfTwoWithFourPerProcessor() {
        assertThat(TokenMinter.defaultStripes(1)).isEqualTo(4);
        assertThat(TokenMinter.defaultStripes(2)).isEqualTo(8);
        assertThat(TokenMinter.defaultStripes(3)).isEqualTo(16);
        assertThat(TokenMinter.defaultStripes(100_000)).isEqualTo(1024);
        assertThatThrownBy(() -> new TokenMinter(3, new FixedSeeds(List.of()), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long[][] mintConcurrently(TokenMinter minter, int threads, int perThread) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    long[] salts = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        salts[i] = minter.mint(i + 1).salt();
                    }
                    return salts;
                }));
            }
            start.countDown();
            long[][] all = new long[threads][];
            for (int t = 0; t < threads; t++) {
                all[t] = results.get(t).get(20, TimeUnit.SECONDS);
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<Long> distinct(long[][] salts) {
        Set<Long> all = new HashSet<>();
        for (long[] perThread : salts) {
            for (long salt : perThread) {
                all.add(salt);
            }
        }
        return all;
    }

    private static int duplicates(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int duplicates = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                duplicates++;
            }
        }
        return duplicates;
    }

    private static ByteBuffer keystream(byte[] seed, int bytes) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 32, "AES"), new IvParameterSpec(seed, 32, 16));
        return ByteBuffer.wrap(cipher.doFinal(new byte[bytes])).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
