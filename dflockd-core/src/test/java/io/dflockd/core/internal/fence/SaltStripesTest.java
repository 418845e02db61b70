package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
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

/** The keystream under the salts, checked against known answers (SaltStripes invariants 1-3). */
class SaltStripesTest {
    private static final HexFormat HEX = HexFormat.of();
    /** NIST SP 800-38A F.5.5 (CTR-AES256.Encrypt): key, then initial counter block. */
    private static final byte[] NIST_SEED = HEX.parseHex(
            "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4" + "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private static final int SALTS_PER_BUFFER = SaltStripes.BUFFER_BYTES / Long.BYTES;

    @Test
    void saltsAreTheAesCtrKeystreamOfTheSeededKeyAndCounter() {
        SaltStripes stripes = new SaltStripes(1, new FixedSeeds(List.of(NIST_SEED)), 1000);
        // F.5.5 block 1: keystream = plaintext XOR ciphertext.
        byte[] keystream = xor(HEX.parseHex("6bc1bee22e409f96e93d7e117393172a"),
                HEX.parseHex("601ec313775789a5b7a7f504bbf3d228"));
        ByteBuffer expected = ByteBuffer.wrap(keystream).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(stripes.next()).isEqualTo(expected.getLong());
        assertThat(stripes.next()).isEqualTo(expected.getLong());
    }

    @Test
    void refillsContinueTheKeystreamWithoutRepeatingOrSkippingAByte() throws GeneralSecurityException {
        SaltStripes stripes = new SaltStripes(1, new FixedSeeds(List.of(NIST_SEED)), 1000);
        ByteBuffer expected = keystream(NIST_SEED, 3 * SaltStripes.BUFFER_BYTES);

        for (int i = 0; i < 3 * SALTS_PER_BUFFER; i++) {
            assertThat(stripes.next()).as("salt %d", i).isEqualTo(expected.getLong());
        }
    }

    @Test
    void aStripeIsRekeyedWithAFreshSeedAfterItsRefillBudget() throws GeneralSecurityException {
        byte[] second = new byte[48];
        second[0] = 1;
        second[47] = 7;
        SaltStripes stripes = new SaltStripes(1, new FixedSeeds(List.of(NIST_SEED, second)), 2);
        ByteBuffer first = keystream(NIST_SEED, 2 * SaltStripes.BUFFER_BYTES);
        ByteBuffer afterRekey = keystream(second, SaltStripes.BUFFER_BYTES);

        for (int i = 0; i < 2 * SALTS_PER_BUFFER; i++) {
            assertThat(stripes.next()).isEqualTo(first.getLong());
        }
        for (int i = 0; i < SALTS_PER_BUFFER; i++) {
            assertThat(stripes.next()).isEqualTo(afterRekey.getLong());
        }
    }

    @Test
    void stripesAreKeyedOnFirstUseOnly() {
        FixedSeeds seeds = new FixedSeeds(List.of(NIST_SEED, NIST_SEED, NIST_SEED, NIST_SEED));
        SaltStripes stripes = new SaltStripes(4, seeds, 1000);
        assertThat(seeds.remaining()).isEqualTo(4);

        for (int i = 0; i < 3 * SALTS_PER_BUFFER; i++) {
            stripes.next();
        }

        assertThat(seeds.remaining()).as("one thread, one stripe").isEqualTo(3);
    }

    @Test
    @Timeout(30)
    void threadsSharingOneStripeTakeEachSaltOfItsKeystreamExactlyOnce() throws Exception {
        int threads = 4;
        int perThread = 20 * SALTS_PER_BUFFER;
        SaltStripes stripes = new SaltStripes(1, new FixedSeeds(List.of(NIST_SEED)), 1000);

        List<Long> taken = drawConcurrently(stripes, threads, perThread);

        ByteBuffer stream = keystream(NIST_SEED, threads * perThread * Long.BYTES);
        Set<Long> expected = new HashSet<>();
        while (stream.hasRemaining()) {
            expected.add(stream.getLong());
        }
        assertThat(taken).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(new HashSet<>(taken)).isEqualTo(expected);
    }

    @Test
    void stripeCountMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new SaltStripes(3, new FixedSeeds(List.of()), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaltStripes(4, new FixedSeeds(List.of()), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Long> drawConcurrently(SaltStripes stripes, int threads, int perThread) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    long[] salts = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        salts[i] = stripes.next();
                    }
                    return salts;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<long[]> result : results) {
                for (long salt : result.get(20, TimeUnit.SECONDS)) {
                    all.add(salt);
                }
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
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
