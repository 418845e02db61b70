package io.dflockd.core.internal;

import java.time.Duration;

/** Arithmetic on monotonic nanosecond instants, saturating instead of overflowing. */
final class Deadlines {
    /** A deadline that never comes. */
    static final long NEVER = Long.MAX_VALUE;

    private Deadlines() {
    }

    /** {@code now + nanos}, saturating at {@link #NEVER}; {@code nanos} is never negative. */
    static long add(long now, long nanos) {
        long sum = now + nanos;
        return ((now ^ sum) & (nanos ^ sum)) < 0 ? NEVER : sum;
    }

    /** The duration in nanoseconds, saturating at {@link Long#MAX_VALUE}. */
    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** The earlier of two instants, {@link #NEVER} being later than every other. */
    static long earlier(long a, long b) {
        if (a == NEVER) {
            return b;
        }
        if (b == NEVER) {
            return a;
        }
        return a - b <= 0 ? a : b;
    }

    /** Whether {@code deadline} has come at {@code now} (overflow-safe difference, as {@link System#nanoTime()}). */
    static boolean reached(long now, long deadline) {
        return deadline != NEVER && now - deadline >= 0;
    }
}
