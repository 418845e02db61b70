package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.Token;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TokenMinterTest {
    @Test
    void tokenCarriesTheFenceAndIsThirtyTwoLowercaseHexCharacters() {
        Token token = new TokenMinter().mint(0x0123_4567_89ab_cdefL);

        assertThat(token.fence()).isEqualTo(0x0123_4567_89ab_cdefL);
        assertThat(token.hex()).hasSize(32).matches("[0-9a-f]{32}").startsWith("0123456789abcdef");
    }

    @Test
    void saltsDoNotRepeatOverManyTokens() {
        TokenMinter minter = new TokenMinter();
        int count = 500_000;
        Set<Long> salts = new HashSet<>(count * 2);

        for (int i = 0; i < count; i++) {
            salts.add(minter.mint(i + 1).salt());
        }

        assertThat(salts).hasSize(count);
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
        int threads = 4;
        int perThread = 100_000;
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
            Set<Long> all = new HashSet<>(threads * perThread * 2);
            for (Future<long[]> result : results) {
                for (long salt : result.get(20, TimeUnit.SECONDS)) {
                    all.add(salt);
                }
            }

            assertThat(all).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void saltStreamHandsOutEachKeystreamBlockInOrderAsEightSalts() {
        int[] key = {1, 2, 3, 4, 5, 6, 7, 8};
        int[] nonce = {9, 10, 11};
        TokenMinter.SaltStream stream = new TokenMinter.SaltStream(new SecureRandom(), key, nonce, 5);

        for (int counter = 5; counter < 8; counter++) {
            int[] block = new int[ChaCha20.BLOCK_WORDS];
            ChaCha20.block(key, counter, nonce, block);
            for (int i = 0; i < 8; i++) {
                long expected = ((long) block[2 * i] << 32) | (block[2 * i + 1] & 0xFFFF_FFFFL);
                assertThat(stream.nextSalt()).as("block %d salt %d", counter, i).isEqualTo(expected);
            }
        }
    }

    @Test
    void saltStreamRekeysInsteadOfWrappingTheBlockCounter() {
        int[] key = {1, 2, 3, 4, 5, 6, 7, 8};
        int[] nonce = {9, 10, 11};
        TokenMinter.SaltStream stream = new TokenMinter.SaltStream(new SecureRandom(), key, nonce, -1);
        int[] last = new int[ChaCha20.BLOCK_WORDS];
        int[] wrapped = new int[ChaCha20.BLOCK_WORDS];
        ChaCha20.block(key, -1, nonce, last);
        ChaCha20.block(key, 0, nonce, wrapped);

        for (int i = 0; i < 8; i++) {
            assertThat((int) (stream.nextSalt() >>> 32)).isEqualTo(last[2 * i]);
        }
        Set<Integer> oldKeystreamAtZero = new HashSet<>();
        for (int word : wrapped) {
            oldKeystreamAtZero.add(word);
        }
        for (int i = 0; i < 8; i++) {
            long salt = stream.nextSalt();
            assertThat(oldKeystreamAtZero).doesNotContain((int) (salt >>> 32), (int) salt);
        }
    }
}
