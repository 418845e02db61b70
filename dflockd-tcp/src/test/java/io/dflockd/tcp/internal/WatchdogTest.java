package io.dflockd.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WatchdogTest {
    private final Watchdog watchdog = new Watchdog();

    @AfterEach
    void stop() {
        watchdog.close();
    }

    @Test
    void anArmedDeadlineRunsItsActionOnceAfterTheDelay() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Watchdog.Slot slot = watchdog.slot(() -> {
            runs.incrementAndGet();
            fired.countDown();
        });
        long armedAt = System.nanoTime();

        slot.arm(Duration.ofMillis(100));

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - armedAt).as("not before the deadline")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        // a fired deadline is disarmed: later scans must not run it again
        Watchdog.Slot probe = watchdog.slot(() -> { });
        CountDownLatch later = new CountDownLatch(1);
        Watchdog.Slot marker = watchdog.slot(later::countDown);
        probe.arm(Duration.ofMillis(1));
        marker.arm(Duration.ofMillis(3 * Watchdog.TICK_MILLIS));
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aDisarmedDeadlineNeverRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Watchdog.Slot slot = watchdog.slot(runs::incrementAndGet);
        slot.arm(Duration.ofMillis(60));
        slot.disarm();

        CountDownLatch marker = new CountDownLatch(1);
        watchdog.slot(marker::countDown).arm(Duration.ofMillis(60 + 3 * Watchdog.TICK_MILLIS));

        assertThat(marker.await(5, TimeUnit.SECONDS)).as("a later deadline ran, so the scan passed the first").isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aClosedSlotNeverRunsAndAZeroDelayArmsNothing() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Watchdog.Slot closed = watchdog.slot(runs::incrementAndGet);
        closed.arm(Duration.ofMillis(20));
        closed.close();
        Watchdog.Slot zero = watchdog.slot(runs::incrementAndGet);
        zero.arm(Duration.ZERO);

        CountDownLatch marker = new CountDownLatch(1);
        watchdog.slot(marker::countDown).arm(Duration.ofMillis(20 + 3 * Watchdog.TICK_MILLIS));

        assertThat(marker.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aSlotCanBeArmedAgainAfterItFired() throws InterruptedException {
        CountDownLatch once = new CountDownLatch(1);
        CountDownLatch twice = new CountDownLatch(2);
        Watchdog.Slot slot = watchdog.slot(() -> {
            once.countDown();
            twice.countDown();
        });
        slot.arm(Duration.ofMillis(10));
        assertThat(once.await(5, TimeUnit.SECONDS)).isTrue();

        slot.arm(Duration.ofMillis(10));

        assertThat(twice.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
