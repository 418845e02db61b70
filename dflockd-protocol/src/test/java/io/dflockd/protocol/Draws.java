package io.dflockd.protocol;

import java.util.List;
import java.util.Random;

/**
 * Hand-written draws for the seeded fuzz tests: values in a range biased, as a property-testing library would be,
 * towards small values and short lists, so both the edges and the bulk of a range get tried.
 */
final class Draws {
    private Draws() {
    }

    /**
     * A value in {@code [min, max]} (a range of at most {@code Long.MAX_VALUE} past {@code min}): half the time
     * uniform, half the time near {@code min} (a random bit length).
     */
    static long between(long min, long max, Random random) {
        long span = max - min;
        if (random.nextBoolean()) {
            if (span >= 0 && span < Long.MAX_VALUE) {
                return min + Math.floorMod(random.nextLong(), span + 1);
            }
            // The range holds half the longs or more: drawing until one falls in it ends quickly.
            long value;
            do {
                value = random.nextLong();
            } while (value < min || value > max);
            return value;
        }
        int bits = random.nextInt(64 - Long.numberOfLeadingZeros(span) + 1);
        long small = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
        return min + Math.min(small, span);
    }

    /** A list size in {@code [min, max]}: half the time uniform, half the time at most four over {@code min}. */
    static int size(int min, int max, Random random) {
        int span = random.nextBoolean() ? max - min : Math.min(4, max - min);
        return min + random.nextInt(span + 1);
    }

    static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    /** Any UTF-16 unit, a printable ASCII one half the time. */
    static char anyChar(Random random) {
        return random.nextBoolean() ? (char) (0x20 + random.nextInt(0x5F)) : (char) random.nextInt(0x10000);
    }

    /** {@code min} to {@code max} units of {@link #anyChar}. */
    static String anyString(int min, int max, Random random) {
        StringBuilder out = new StringBuilder();
        int length = size(min, max, random);
        for (int i = 0; i < length; i++) {
            out.append(anyChar(random));
        }
        return out.toString();
    }
}
