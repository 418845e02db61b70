package io.dflockd.core.internal.fence;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link ReserverScheduler}: one daemon thread named {@value #THREAD_NAME}, started up front.
 * Closing lets a write in progress finish (bounded wait, no interrupt: an interrupt would close the state file's
 * channel under the reserver) and drops delayed retries.
 */
final class DaemonReserverScheduler implements ReserverScheduler {
    static final String THREAD_NAME = "dflockd-fence-reserver";

    private static final Logger LOG = LoggerFactory.getLogger(DaemonReserverScheduler.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ScheduledThreadPoolExecutor executor;

    DaemonReserverScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartCoreThread(); // so a drainer's nudge only enqueues, never starts a thread
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.debug("fence reservation not scheduled: the reserver is closed");
        }
    }

    @Override
    public void executeLater(Runnable task, long delayNanos) {
        try {
            executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("fence reservation retry not scheduled: the reserver is closed");
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("the fence reserver did not finish its write within {} s; closing the file anyway",
                        CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
