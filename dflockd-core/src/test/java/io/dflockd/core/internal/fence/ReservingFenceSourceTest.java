package io.dflockd.core.internal.fence;

import static io.dflockd.core.internal.fence.FenceSource.EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReservingFenceSourceTest {
    private static final long MAX = -1L;
    private static final long CHUNK = 16;
    private static final long LOW_WATER = 8;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingStore store = new RecordingStore();
    private final AtomicInteger reservations = new AtomicInteger();

    private ReservingFenceSource source(long start, long ceiling) {
        ReservingFenceSource source = new ReservingFenceSource(store, start, ceiling, CHUNK, LOW_WATER, scheduler,
                "test source");
        source.onReservation(reservations::incrementAndGet);
        return source;
    }

    @Test
    void firstFenceIsStartPlusOneAndFencesAreConsecutive() {
        ReservingFenceSource source = source(100, 116);

        assertThat(source.next()).isEqualTo(101);
        assertThat(source.next()).isEqualTo(102);
        assertThat(source.next()).isEqualTo(103);
    }

    @Test
    void reservationIsRequestedOnlyOnceFewerThanLowWaterValuesRemain() {
        ReservingFenceSource source = source(100, 116);
        for (int i = 0; i < 8; i++) {
            source.next();
        }
        assertThat(scheduler.dueCount()).as("8 values remain").isZero();

        assertThat(source.next()).isEqualTo(109);
        assertThat(scheduler.dueCount()).as("7 values remain").isEqualTo(1);
        assertThat(store.durableCeilings()).as("nothing written by a drainer").isEmpty();

        scheduler.runDue();

        assertThat(store.durableCeilings()).containsExactly(109L + CHUNK);
        assertThat(reservations).hasValue(1);
    }

    @Test
    void handsOutNothingAboveTheDurableCeilingAndNudgesTheReserverOnce() {
        ReservingFenceSource source = source(100, 116);
        List<Long> fences = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fences.add(source.next());
        }

        assertThat(fences.subList(0, 16)).containsExactly(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L, 110L,
                111L, 112L, 113L, 114L, 115L, 116L);
        assertThat(fences.subList(16, 20)).containsOnly(EXHAUSTED);
        assertThat(scheduler.dueCount()).isEqualTo(1);

        scheduler.runDue();

        assertThat(store.durableCeilings()).containsExactly(116L + CHUNK);
        assertThat(source.next()).isEqualTo(117);
    }

    @Test
    void writeFailureExhaustsTheFencesThenGrantsResumeOnceAWriteSucceeds() {
        ReservingFenceSource source = source(100, 116);
        store.failWrites(true);
        Set<Long> handedOut = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            handedOut.add(source.next());
        }
        scheduler.runDue();
        assertThat(store.failedWrites()).isEqualTo(1);
        assertThat(scheduler.delayedCount()).as("a retry is scheduled").isEqualTo(1);

        for (int i = 0; i < 7; i++) {
            handedOut.add(source.next());
        }
        assertThat(handedOut).hasSize(16).allMatch(f -> f >= 101 && f <= 116);
        assertThat(source.next()).isEqualTo(EXHAUSTED);
        assertThat(source.next()).isEqualTo(EXHAUSTED);
        assertThat(scheduler.dueCount()).as("the pending retry owns the reservation").isZero();

        scheduler.runDelayed();
        assertThat(store.failedWrites()).isEqualTo(2);
        assertThat(source.next()).isEqualTo(EXHAUSTED);
        assertThat(reservations).hasValue(0);

        store.failWrites(false);
        scheduler.runDelayed();

        assertThat(store.durableCeilings()).containsExactly(116L + CHUNK);
        assertThat(reservations).hasValue(1);
        assertThat(source.next()).isEqualTo(117);
    }

    @Test
    void neverWrapsPastTheLargestUnsignedValue() {
        ReservingFenceSource source = source(MAX - 5, MAX);
        List<Long> fences = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fences.add(source.next());
        }
        scheduler.runDue();

        assertThat(fences).containsExactly(MAX - 4, MAX - 3, MAX - 2, MAX - 1, MAX, EXHAUSTED, EXHAUSTED, EXHAUSTED);
        assertThat(store.durableCeilings()).as("no reservation can go past 2^64-1").isEmpty();
        assertThat(source.next()).isEqualTo(EXHAUSTED);
    }

    @Test
    void reservationSaturatesAtTheLargestUnsignedValue() {
        ReservingFenceSource source = source(MAX - 20, MAX - 4);
        long last = 0;
        while (scheduler.dueCount() == 0) {
            last = source.next();
        }
        scheduler.runDue();

        assertThat(store.durableCeilings()).containsExactly(MAX);
        for (long fence = source.next(); fence != EXHAUSTED; fence = source.next()) {
            assertThat(Long.compareUnsigned(fence, last)).isPositive();
            last = fence;
        }
        assertThat(last).isEqualTo(MAX);
    }

    @Test
    void afterCloseTheStoreIsClosedTheReserverStoppedAndNothingIsHandedOut() {
        ReservingFenceSource source = source(100, 116);
        source.next();

        source.close();
        source.close();

        assertThat(store.isClosed()).isTrue();
        assertThat(scheduler.isClosed()).isTrue();
        assertThat(source.next()).isEqualTo(EXHAUSTED);
    }

    @Test
    void aSecondListenerIsRejected() {
        ReservingFenceSource source = source(100, 116);

        assertThatThrownBy(() -> source.onReservation(() -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailingListenerDoesNotStopLaterReservations() {
        ReservingFenceSource source = new ReservingFenceSource(store, 100, 116, CHUNK, LOW_WATER, scheduler, "test");
        AtomicInteger calls = new AtomicInteger();
        source.onReservation(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        for (int round = 0; round < 3; round++) {
            while (scheduler.dueCount() == 0) {
                assertThat(source.next()).isNotEqualTo(EXHAUSTED);
            }
            scheduler.runDue();
        }

        assertThat(calls).hasValue(3);
        assertThat(store.durableCeilings()).hasSize(3);
    }

    @Test
    void rejectsACeilingBelowTheStart() {
        assertThatThrownBy(() -> new ReservingFenceSource(store, 100, 99, CHUNK, LOW_WATER, scheduler, "bad"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saturatingAddIsUnsigned() {
        assertThat(ReservingFenceSource.saturatingAdd(1, 2)).isEqualTo(3);
        assertThat(ReservingFenceSource.saturatingAdd(Long.MAX_VALUE, 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(ReservingFenceSource.saturatingAdd(MAX - 1, 1)).isEqualTo(MAX);
        assertThat(ReservingFenceSource.saturatingAdd(MAX - 1, 2)).isEqualTo(MAX);
        assertThat(ReservingFenceSource.saturatingAdd(MAX, 1L << 20)).isEqualTo(MAX);
    }

    @Test
    @Timeout(30)
    void concurrentMintersWithTheReserverThreadGetUniqueIncreasingDurableFences() throws Exception {
        RecordingStore durable = new RecordingStore();
        int threads = 2;
        int perThread = 20_000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (ReservingFenceSource source = new ReservingFenceSource(durable, 1000, 1064, 64, 32,
                new DaemonReserverScheduler(), "concurrent")) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<long[]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        long[] fences = new long[perThread];
                        int taken = 0;
                        while (taken < perThread && System.nanoTime() < deadline) {
                            long fence = source.next();
                            if (fence != EXHAUSTED) {
                                fences[taken++] = fence;
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                        return fences;
                    }));
                }
                start.countDown();
                Set<Long> all = new HashSet<>();
                for (Future<long[]> result : results) {
                    long[] fences = result.get(25, TimeUnit.SECONDS);
                    for (int i = 0; i < fences.length; i++) {
                        long previous = i == 0 ? 1000 : fences[i - 1];
                        assertThat(fences[i]).as("fence %d of a thread", i).isGreaterThan(previous);
                        all.add(fences[i]);
                    }
                }

                assertThat(all).hasSize(threads * perThread);
                assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow())
                        .isLessThanOrEqualTo(durable.lastDurableCeiling());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
