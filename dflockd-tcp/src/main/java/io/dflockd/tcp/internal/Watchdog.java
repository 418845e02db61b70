package io.dflockd.tcp.internal;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs deadline actions for blocking socket calls that Java cannot time out by itself: a reply write, the TLS
 * handshake, the close of a TLS socket. The action (always a forced close) runs on the watchdog's one daemon thread
 * if the deadline passes before the caller {@link Armed#disarm() disarms} it.
 *
 * <p>Any thread.
 */
public final class Watchdog implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public Watchdog() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dflockd-tcp-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A pending deadline. */
    public interface Armed {
        /** Cancels the action if it has not run yet. Any thread. */
        void disarm();
    }

    private static final Armed NOTHING = () -> { };

    /** Runs {@code action} after {@code delay} unless disarmed first; {@link Duration#ZERO} arms nothing. */
    public Armed arm(Duration delay, Runnable action) {
        if (delay.isZero() || executor.isShutdown()) {
            return NOTHING;
        }
        try {
            Future<?> future = executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            // closed concurrently: the drain that closed it force-closes every connection itself
            return NOTHING;
        }
    }

    /** Stops the watchdog thread; pending actions are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
