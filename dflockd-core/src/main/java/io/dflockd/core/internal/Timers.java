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

    /**
     * Any thread. Runs {@code task} once at (about) {@code deadline}, never inside a drain loop of the caller; the
     * handle cancels it if it has not run yet. Production runs it on the timer thread; a manual clock, in the thread
     * that advances the clock past {@code deadline}. Once closed, nothing runs (the engine has ended every waiter).
     */
    Scheduled at(long deadline, Runnable task);

    /** Runs {@code task} every {@code periodNanos}, first one period from now. Never concurrently with itself. */
    void every(long periodNanos, Runnable task);

    /** A task scheduled with {@link #at}. */
    interface Scheduled {
        /** Any thread. The task will not run if it has not started yet. Idempotent. */
        void cancel();
    }

    /** Stops the periodic tasks and drops the scheduled ones. Idempotent. */
    @Override
    void close();
}
