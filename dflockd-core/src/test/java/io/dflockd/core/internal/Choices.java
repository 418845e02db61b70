package io.dflockd.core.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Arrays;
import java.util.Random;

/**
 * The random choices a structured fuzz generator makes, from either source: Jazzer's {@link FuzzedDataProvider}
 * (coverage-guided {@code @FuzzTest} runs and their committed corpus) or a seeded {@link Random} (fixed regression
 * seeds). One generator thus serves both, and a run found by either replays the same way.
 *
 * <p>The fuzzer's encoding (Jazzer 0.24.0, checked by replaying recorded runs): {@link #nextInt} with a bound up to
 * 256 takes one byte from the end of the input, modulo the bound; {@link #nextLong} takes eight bytes from the end,
 * the first one taken the most significant; {@link #nextBoolean} takes one byte from the end (its low bit);
 * {@link #nextBytes} takes bytes from the front. An exhausted input yields zeros.
 */
public interface Choices {
    /** A value from 0 (inclusive) to {@code bound} (exclusive); {@code bound} is positive. */
    int nextInt(int bound);

    long nextLong();

    boolean nextBoolean();

    /** Fills {@code bytes} (with zeros past the end of a fuzzer's input). */
    void nextBytes(byte[] bytes);

    /** Choices drawn from a seeded random source. */
    static Choices of(Random random) {
        return new Choices() {
            @Override
            public int nextInt(int bound) {
                return random.nextInt(bound);
            }

            @Override
            public long nextLong() {
                return random.nextLong();
            }

            @Override
            public boolean nextBoolean() {
                return random.nextBoolean();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                random.nextBytes(bytes);
            }
        };
    }

    /** Choices drawn from the fuzzer's input. */
    static Choices of(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int nextInt(int bound) {
                return data.consumeInt(0, bound - 1);
            }

            @Override
            public long nextLong() {
                return data.consumeLong();
            }

            @Override
            public boolean nextBoolean() {
                return data.consumeBoolean();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] drawn = data.consumeBytes(bytes.length);
                System.arraycopy(drawn, 0, bytes, 0, drawn.length);
                Arrays.fill(bytes, drawn.length, bytes.length, (byte) 0);
            }
        };
    }
}
