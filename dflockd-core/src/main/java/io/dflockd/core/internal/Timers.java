package io.dflockd.core.internal;

/**
 * What the engine does at a time of the monotonic clock: park a requester until its deadline, and run the periodic
 * sweep and collection. Production uses {@link SystemTimers}; a {@link io.dflockd.core.ManualNanoClock} gets
 * {@link ManualTimers}, where nothing happens until the test advances the clock.
 */
interface Timers extends AutoCloseable {

    /** Requester. Parks the calling thread until unparked or (about) {@code deadline}; may return spuriously. */
    void park(Object blocker, long deadline);

    /** Requester, once before it first parks with {@code deadline}: arranges to be woken then. */
    void wakeAt(Thread requester, long deadline);

    /** Runs {@code task} every {@code periodNanos}, first one period from now. Never concurrently with itself. */
    void every(long periodNanos, Runnable task);

    /** Stops the periodic tasks. Idempotent. */
    @Override
    void close();
}
