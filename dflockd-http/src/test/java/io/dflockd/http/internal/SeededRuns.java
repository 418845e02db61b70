package io.dflockd.http.internal;

import java.util.SplittableRandom;

/**
 * Runs a randomized check over many seeds, reproducibly: the seeds come from one base seed, and a failure names the
 * seed that broke so {@code -Ddflockd.fuzz.seed=<base>} (or the failing seed in a fixed-seed test) replays it.
 * {@code -Ddflockd.fuzz.tries=N} sets how many seeds a run takes (long runs by hand; CI keeps the default).
 */
public final class SeededRuns {
    private SeededRuns() {
    }

    /** A check of one seed; may throw anything, assertion errors included. */
    @FunctionalInterface
    public interface SeedCheck {
        void check(long seed) throws Exception;
    }

    /** Runs {@code check} for {@code defaultTries} seeds (or {@code dflockd.fuzz.tries}); returns the tries run. */
    public static int run(int defaultTries, SeedCheck check) throws Exception {
        int tries = Integer.getInteger("dflockd.fuzz.tries", defaultTries);
        long base = Long.getLong("dflockd.fuzz.seed", System.nanoTime());
        SplittableRandom seeds = new SplittableRandom(base);
        for (int i = 0; i < tries; i++) {
            long seed = seeds.nextLong();
            try {
                check.check(seed);
            } catch (Exception | AssertionError e) {
                throw new AssertionError("try " + i + " failed: seed " + seed + " (base seed " + base + ")", e);
            }
        }
        return tries;
    }
}
