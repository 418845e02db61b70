package io.dflockd.core.internal.fence;

import static io.dflockd.core.internal.fence.FenceSource.EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.LockManagerConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fences without a state file: SERVER.md section 10.1 and SEMANTICS.md checklist. */
class ClockSeededFenceSourceTest {
    private static final long MAX = -1L;

    @Test
    void firstFenceIsAboveTheWallClockAtStartUp() {
        Instant before = Instant.now();
        long beforeNanos = before.getEpochSecond() * 1_000_000_000L + before.getNano();

        try (FenceSource source = Fences.open(LockManagerConfig.defaults())) {
            assertThat(source.next()).isGreaterThan(beforeNanos);
        }
    }

    @Test
    void counterStartsAtTheInjectedWallClockInUnixNanoseconds() {
        Instant now = Instant.parse("2026-05-01T12:00:00.123456789Z");
        LockManagerConfig config = FencesTest.config(Optional.empty(), now);

        try (FenceSource source = Fences.open(config)) {
            long start = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            assertThat(source.next()).isEqualTo(start + 1);
            assertThat(source.next()).isEqualTo(start + 2);
            assertThat(source.describe()).contains("clock-seeded").contains(Long.toString(start));
        }
    }

    @Test
    void aRestartWithALaterClockContinuesAboveThePreviousRun() {
        Instant start = Instant.parse("2026-05-01T12:00:00Z");
        long last;
        try (FenceSource first = Fences.open(FencesTest.config(Optional.empty(), start))) {
            long fence = 0;
            for (int i = 0; i < 10_000; i++) {
                fence = first.next();
            }
            last = fence;
        }

        try (FenceSource second = Fences.open(FencesTest.config(Optional.empty(), start.plusMillis(1)))) {
            assertThat(second.next()).isGreaterThan(last);
        }
    }

    @Test
    void neverWrapsPastTheLargestUnsignedValue() {
        ClockSeededFenceSource source = new ClockSeededFenceSource(MAX - 2);

        assertThat(source.next()).isEqualTo(MAX - 1);
        assertThat(source.next()).isEqualTo(MAX);
        assertThat(source.next()).isEqualTo(EXHAUSTED);
        assertThat(source.next()).isEqualTo(EXHAUSTED);
    }

    @Test
    void wallClockIsConvertedToUnsignedUnixNanoseconds() {
        assertThat(Fences.unixNanos(fixed(Instant.ofEpochSecond(-5)))).isZero();
        assertThat(Fences.unixNanos(fixed(Instant.ofEpochSecond(1, 5)))).isEqualTo(1_000_000_005L);
        assertThat(Fences.unixNanos(fixed(Instant.ofEpochSecond(10_000_000_000L))))
                .as("past 2262: beyond the signed range, still unsigned")
                .isEqualTo(Long.parseUnsignedLong("10000000000000000000"));
        assertThat(Fences.unixNanos(fixed(Instant.ofEpochSecond(18_446_744_073L, 709_551_615)))).isEqualTo(MAX);
        assertThat(Fences.unixNanos(fixed(Instant.ofEpochSecond(18_446_744_073L, 709_551_616)))).isEqualTo(MAX);
        assertThat(Fences.unixNanos(fixed(Instant.ofEpochSecond(18_446_744_074L)))).isEqualTo(MAX);
    }

    @Test
    void aClockBefore1970StillHandsOutPositiveFences() {
        try (FenceSource source = Fences.open(FencesTest.config(Optional.empty(), Instant.ofEpochSecond(-100)))) {
            assertThat(source.next()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(30)
    void fencesStrictlyIncreaseAndNeverRepeatAcrossThreads() throws Exception {
        int threads = 4;
        int perThread = 25_000;
        try (FenceSource source = new ClockSeededFenceSource(1_000)) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<long[]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        long[] fences = new long[perThread];
                        for (int i = 0; i < perThread; i++) {
                            fences[i] = source.next();
                        }
                        return fences;
                    }));
                }
                start.countDown();
                Set<Long> all = new HashSet<>();
                for (Future<long[]> result : results) {
                    long[] fences = result.get(20, TimeUnit.SECONDS);
                    for (int i = 1; i < fences.length; i++) {
                        assertThat(fences[i]).isGreaterThan(fences[i - 1]);
                    }
                    for (long fence : fences) {
                        all.add(fence);
                    }
                }

                assertThat(all).hasSize(threads * perThread);
                assertThat(all).allMatch(f -> f > 1_000 && f <= 1_000 + threads * perThread);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Clock fixed(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
