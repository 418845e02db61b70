package io.dflockd.core.internal.fence;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fences without a state file (SERVER.md section 10.1): a counter that starts at the wall-clock time of start-up in
 * Unix nanoseconds, so fences increase across restarts as long as the clock does not go backwards. Nothing is ever
 * written, so the reservation listener is never run.
 *
 * <p>Invariant: the counter (unsigned) only grows and never passes 2^64-1; at that value {@link #next()} answers
 * {@link #EXHAUSTED} (G10).
 */
final class ClockSeededFenceSource implements FenceSource {
    private static final long MAX = -1L;

    private final AtomicLong counter;
    private final long start;

    /** @param start the counter's start (unsigned Unix nanoseconds): the first fence is {@code start + 1} */
    ClockSeededFenceSource(long start) {
        this.start = start;
        this.counter = new AtomicLong(start);
    }

    @Override
    public long next() {
        for (;;) {
            long current = counter.get();
            if (current == MAX) {
                return EXHAUSTED;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return current + 1;
            }
        }
    }

    /** Accepted and never run: this source makes no reservations and never answers EXHAUSTED before 2^64-1. */
    @Override
    public void onReservation(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
    }

    @Override
    public String describe() {
        return "fences are clock-seeded (no fence state file): they start after " + Long.toUnsignedString(start)
                + " (wall-clock Unix nanoseconds) and stay monotonic across restarts only while the clock does not go"
                + " backwards";
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
