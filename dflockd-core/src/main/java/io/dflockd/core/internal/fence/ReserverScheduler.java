package io.dflockd.core.internal.fence;

/**
 * Where the reserver's work runs: one task at a time, in submission order for tasks that are due. Production uses
 * {@link DaemonReserverScheduler}; tests run the tasks by hand.
 */
interface ReserverScheduler extends AutoCloseable {
    /** Runs {@code task} soon. Any thread; never blocks. Ignored once closed. */
    void execute(Runnable task);

    /** Runs {@code task} after about {@code delayNanos}. Any thread; never blocks. Ignored once closed. */
    void executeLater(Runnable task, long delayNanos);

    /** Stops running tasks; waits a bounded time for the one in progress. Idempotent. */
    @Override
    void close();
}
