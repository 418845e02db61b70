package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DaemonReserverSchedulerTest {
    @Test
    @Timeout(10)
    void runsTasksOnOneNamedDaemonThread() throws InterruptedException {
        DaemonReserverScheduler scheduler = new DaemonReserverScheduler();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(2);
        try {
            scheduler.execute(() -> {
                ranOn.set(Thread.currentThread());
                ran.countDown();
            });
            scheduler.executeLater(ran::countDown, TimeUnit.MILLISECONDS.toNanos(1));

            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ranOn.get().getName()).isEqualTo(DaemonReserverScheduler.THREAD_NAME);
            assertThat(ranOn.get().isDaemon()).isTrue();
        } finally {
            scheduler.close();
        }
    }

    @Test
    @Timeout(10)
    void closeLetsTheRunningTaskFinishAndDropsDelayedRetries() throws InterruptedException {
        DaemonReserverScheduler scheduler = new DaemonReserverScheduler();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean retryRan = new AtomicBoolean();
        scheduler.executeLater(() -> retryRan.set(true), TimeUnit.HOURS.toNanos(1));
        scheduler.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                return;
            }
            finished.set(true);
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(scheduler::close);
        closer.start();
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(3)); // a kept delayed task would hold close() for its 5 s bound

        assertThat(closer.isAlive()).isFalse();
        assertThat(finished).isTrue();
        assertThat(interrupted).isFalse();
        assertThat(retryRan).isFalse();
    }

    @Test
    void tasksSubmittedAfterCloseAreIgnored() {
        DaemonReserverScheduler scheduler = new DaemonReserverScheduler();
        scheduler.close();
        AtomicBoolean ran = new AtomicBoolean();

        scheduler.execute(() -> ran.set(true));
        scheduler.executeLater(() -> ran.set(true), 0);
        scheduler.close();

        assertThat(ran).isFalse();
    }
}
