package io.dflockd.core.internal;

import io.dflockd.core.NanoClock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timers on a real clock: timed parking, and one daemon thread ({@code dflockd-sweeper}) for periodic work and the
 * deadlines of asynchronous calls (cancelled ones leave its queue at once).
 */
final class SystemTimers implements Timers {
    private static final Logger LOG = LoggerFactory.getLogger(SystemTimers.class);

    private static final Scheduled NOTHING = () -> { };

    private final NanoClock clock;
    private final ScheduledThreadPoolExecutor scheduler;

    SystemTimers(NanoClock clock) {
        this.clock = clock;
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dflockd-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void park(Object blocker, long deadline) {
        if (deadline == Deadlines.NEVER) {
            LockSupport.park(blocker);
        } else {
            long remaining = deadline - clock.nanoTime();
            if (remaining > 0) {
                LockSupport.parkNanos(blocker, remaining);
            }
        }
    }

    @Override
    public void wakeAt(Thread requester, long deadline) {
        // parkNanos wakes the requester by itself
    }

    @Override
    public Scheduled at(long deadline, Runnable task) {
        long delay = Math.max(0, deadline - clock.nanoTime());
        try {
            ScheduledFuture<?> future = scheduler.schedule(() -> runLogged(task), delay, TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException closed) {
            return NOTHING;
        }
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("engine timer task failed", e);
        }
    }

    @Override
    public void every(long periodNanos, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("periodic engine task failed; it runs again next period", e);
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
