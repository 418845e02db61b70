package io.dflockd.core.internal.fence;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences backed by durable reservations (SERVER.md section 10, guarantees G2, G3, G9, G10): a counter checked against
 * the highest ceiling already written and synced, refilled ahead of need by a background reserver.
 *
 * <p>{@link #next()} never blocks and never does I/O, so drainers may call it. When the reserved values are used up
 * (a reservation could not be written, or is not durable yet) it answers {@link #EXHAUSTED} and nudges the reserver;
 * after each successful write the reserver runs the {@linkplain #onReservation listener} so the engine can retry.
 */
final class ReservingFenceSource implements FenceSource {
    /*
     * Design.
     *
     * counter  (AtomicLong, unsigned): the last fence handed out (or the start value). Advanced by next() with a CAS,
     *          never past `ceiling`.
     * ceiling  (volatile, unsigned): the highest value known durable. Written by the reserver only, after the sync.
     * reservationPending: true while a reservation task is queued, running or waiting for its retry; whoever sets it
     *          from false to true schedules the task. It keeps next() from flooding the scheduler.
     *
     * Invariants:
     *  1. Every value next() returns is <= a ceiling that was durable before it was published (G2): the CAS only
     *     moves the counter to `current + 1` when that is <= a ceiling read from the volatile field.
     *  2. counter <= ceiling (unsigned) at all times until close; the counter never passes 2^64-1 (G10): at
     *     2^64-1 the ceiling cannot be higher, so next() answers EXHAUSTED.
     *  3. No lost nudge: next() advances the counter and then reads reservationPending; the reserver clears
     *     reservationPending and then re-reads the counter. Whichever comes second sees the other's write, so a
     *     low-water crossing is never left without a task.
     *  4. A reservation is written only when fewer than `lowWater` values remain, so its target `counter + chunk`
     *     (saturating) is always above the published ceiling: the ceiling only grows.
     */

    static final long CHUNK = 1L << 20;
    static final long LOW_WATER = 1L << 19;

    private static final Logger LOG = LoggerFactory.getLogger(ReservingFenceSource.class);
    private static final long MAX = -1L;
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final AtomicLong counter;
    private volatile long ceiling;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean reservationPending = new AtomicBoolean();
    private final AtomicReference<Runnable> listener = new AtomicReference<>();
    private final FenceStore store;
    private final ReserverScheduler scheduler;
    private final long chunk;
    private final long lowWater;
    private final String description;
    /** Consecutive failed writes. Reserver only. */
    private int failureStreak;

    /** A source with the production chunk sizes and the daemon reserver thread. */
    ReservingFenceSource(FenceStore store, long start, long durableCeiling, String description) {
        this(store, start, durableCeiling, CHUNK, LOW_WATER, new DaemonReserverScheduler(), description);
    }

    /**
     * @param store          where reservations are written; owned (closed) by this source from now on
     * @param start          the counter's start (unsigned): the first fence is {@code start + 1}
     * @param durableCeiling a ceiling already durable (unsigned, {@code >= start})
     * @param chunk          how far above the counter each reservation goes
     * @param lowWater       a reservation is written when fewer values than this remain ({@code < chunk})
     */
    ReservingFenceSource(FenceStore store, long start, long durableCeiling, long chunk, long lowWater,
            ReserverScheduler scheduler, String description) {
        if (Long.compareUnsigned(durableCeiling, start) < 0 || lowWater <= 0 || chunk <= lowWater) {
            throw new IllegalArgumentException("bad reservation parameters: start " + Long.toUnsignedString(start)
                    + ", ceiling " + Long.toUnsignedString(durableCeiling) + ", chunk " + chunk + ", low water "
                    + lowWater);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.description = Objects.requireNonNull(description, "description");
        this.counter = new AtomicLong(start);
        this.ceiling = durableCeiling;
        this.chunk = chunk;
        this.lowWater = lowWater;
    }

    /** The next fence, or {@link #EXHAUSTED} when no durably reserved value is left (or after close). */
    @Override
    public long next() {
        for (;;) {
            long current = counter.get();
            long limit = ceiling;
            if (Long.compareUnsigned(current, limit) >= 0) {
                if (limit != MAX && !closed.get()) {
                    requestReservation();
                }
                return EXHAUSTED;
            }
            long fence = current + 1;
            if (counter.compareAndSet(current, fence)) { // invariant 1: fence <= limit, a durable ceiling
                if (Long.compareUnsigned(limit - fence, lowWater) < 0) {
                    requestReservation(); // invariant 3: after the counter moved
                }
                return fence;
            }
        }
    }

    private void requestReservation() {
        if (!reservationPending.get() && reservationPending.compareAndSet(false, true)) {
            scheduler.execute(this::reserve);
        }
    }

    /** Reserver only: writes reservations while they are needed, or schedules a retry after a failed write. */
    private void reserve() {
        for (;;) {
            if (closed.get()) {
                return;
            }
            long current = counter.get();
            long published = ceiling;
            if (!needsReservation(current, published)) {
                reservationPending.set(false);
                // invariant 3: a next() that saw the flag still set skipped its nudge, so look again.
                if (!needsReservation(counter.get(), ceiling) || !reservationPending.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            long target = saturatingAdd(current, chunk);
            try {
                store.reserve(target);
            } catch (IOException | RuntimeException e) {
                retryLater(target, e); // reservationPending stays set: the retry owns it
                return;
            }
            if (closed.get()) {
                return;
            }
            ceiling = target; // invariant 1: published only after the write was synced
            if (failureStreak > 0) {
                LOG.info("fence reservation written after {} failed attempt(s); fences are available again",
                        failureStreak);
                failureStreak = 0;
            }
            notifyListener();
        }
    }

    private boolean needsReservation(long current, long published) {
        return published != MAX && Long.compareUnsigned(published - current, lowWater) < 0;
    }

    private void retryLater(long target, Exception failure) {
        long delay = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(failureStreak, 16));
        failureStreak++;
        LOG.warn("writing fence reservation {} failed (attempt {}); grants fail once the reserved fences run out;"
                + " retrying in {} ms", Long.toUnsignedString(target), failureStreak,
                TimeUnit.NANOSECONDS.toMillis(delay), failure);
        scheduler.executeLater(this::reserve, delay);
    }

    private void notifyListener() {
        Runnable action = listener.get();
        if (action == null) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.error("fence reservation listener failed", e);
        }
    }

    @Override
    public void onReservation(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (!listener.compareAndSet(null, action)) {
            throw new IllegalStateException("a reservation listener is already registered");
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** Stops the reserver, then closes (and unlocks) the state file; {@link #next()} answers EXHAUSTED from now on. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.close();
        ceiling = 0; // no value is <= 0: next() can only answer EXHAUSTED
        store.close();
    }

    /** {@code a + b} (unsigned), or 2^64-1 when the sum does not fit. */
    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return Long.compareUnsigned(sum, a) < 0 ? MAX : sum;
    }
}
