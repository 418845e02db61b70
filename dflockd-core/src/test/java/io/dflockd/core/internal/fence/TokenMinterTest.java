package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tokens from the process-wide salt stripes (PROTOCOL.md section 7, SEMANTICS.md checklist X-1). */
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
    void saltsOfDifferentMintersNeverRepeatEachOther() {
        TokenMinter first = new TokenMinter();
        TokenMinter second = new TokenMinter();
        long[] salts = new long[20_000];

        for (int i = 0; i < salts.length; i += 2) {
            salts[i] = first.mint(1).salt();
            salts[i + 1] = second.mint(1).salt();
        }

        assertThat(duplicates(salts)).isZero();
    }

    @Test
    @Timeout(30)
    void saltsDoNotRepeatAcrossThreads() throws Exception {
        TokenMinter minter = new TokenMinter();
        int threads = 4;
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] all = new long[threads * perThread];
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
            for (int t = 0; t < threads; t++) {
                System.arraycopy(results.get(t).get(20, TimeUnit.SECONDS), 0, all, t * perThread, perThread);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(duplicates(all)).isZero();
    }

    @Test
    void stripeCountIsAPowerOfTwoWithFourPerProcessor() {
        assertThat(TokenMinter.defaultStripes(1)).isEqualTo(4);
        assertThat(TokenMinter.defaultStripes(2)).isEqualTo(8);
        assertThat(TokenMinter.defaultStripes(3)).isEqualTo(16);
        assertThat(TokenMinter.defaultStripes(100_000)).isEqualTo(1024);
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
}
