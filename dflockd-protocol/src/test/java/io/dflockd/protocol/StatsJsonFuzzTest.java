package io.dflockd.protocol;

import static io.dflockd.protocol.Draws.anyString;
import static io.dflockd.protocol.Draws.between;
import static io.dflockd.protocol.Draws.pick;
import static io.dflockd.protocol.Draws.size;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the stats JSON reader: coverage-guided with Jazzer (see {@code docs/fuzzing.md}), any bytes (the corpus
 * holds written documents to mutate) read to {@link StatsResult.Parsed} or {@link StatsResult.Malformed} without
 * throwing; and in seeded random runs (see {@link SeededRuns}), every {@link ServerStats} (durations in whole
 * milliseconds, the precision of the written form; UTF-8 keys) reads back equal after writing.
 */
class StatsJsonFuzzTest {
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;
    private static final String KEY_CHARS = "k-_/\"\\\u0000\u001F\u007F\u00E9\u20AC";

    @Test
    void writtenStatsReadBackEqual() throws Exception {
        SeededRuns.run(1_000, seed -> {
            ServerStats stats = stats(new Random(seed));
            byte[] json = StatsJson.write(stats);
            assertThat(StatsJson.read(json)).isEqualTo(new StatsResult.Parsed(stats));
            assertThat(StatsJson.read(new String(json, StandardCharsets.UTF_8)))
                    .isEqualTo(new StatsResult.Parsed(stats));
        });
    }

    /**
     * Any bytes, as bytes and decoded as UTF-8. The corpus (regression run in CI: written documents, boundary
     * documents, mutations the fuzzer kept) is in {@code StatsJsonFuzzTestInputs/anyBytesReadToATypedResult}.
     */
    @FuzzTest
    void anyBytesReadToATypedResult(byte[] json) {
        assertThat(StatsJson.read(json)).isNotNull();
        assertThat(StatsJson.read(new String(json, StandardCharsets.UTF_8))).isNotNull();
    }

    private static ServerStats stats(Random random) {
        return new ServerStats(id(random),
                list(random, r -> new ServerStats.LockEntry(key(r), id(r), nanos(r), count(r))),
                list(random, r -> new ServerStats.SemaphoreEntry(key(r), count(r), count(r), count(r))),
                list(random, StatsJsonFuzzTest::idle), list(random, StatsJsonFuzzTest::idle));
    }

    private static <T> List<T> list(Random random, Function<Random, T> element) {
        List<T> list = new ArrayList<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    private static ServerStats.IdleEntry idle(Random random) {
        return new ServerStats.IdleEntry(key(random), nanos(random));
    }

    /** Any 1 to 12 characters, or 1 to 8 from the escaping-prone set, or a surrogate edge; as UTF-8. */
    private static byte[] key(Random random) {
        String key;
        switch (random.nextInt(3)) {
            case 0:
                key = anyString(1, 12, random);
                break;
            case 1: {
                StringBuilder chars = new StringBuilder();
                int length = size(1, 8, random);
                for (int i = 0; i < length; i++) {
                    chars.append(KEY_CHARS.charAt(random.nextInt(KEY_CHARS.length())));
                }
                key = chars.toString();
                break;
            }
            default:
                key = pick(List.of("\uD83D\uDE00", "a\uD800b", "\uDFFF"), random);
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** Whole milliseconds up to the largest that fits in nanoseconds, as nanoseconds. */
    private static long nanos(Random random) {
        long millis = random.nextBoolean() ? between(0, MAX_MILLIS, random)
                : pick(List.of(0L, 1L, 999L, 1000L, MAX_MILLIS), random);
        return millis * 1_000_000L;
    }

    private static int count(Random random) {
        return random.nextBoolean() ? (int) between(0, Integer.MAX_VALUE, random)
                : pick(List.of(0, 1, Integer.MAX_VALUE), random);
    }

    private static long id(Random random) {
        return between(0, Long.MAX_VALUE, random);
    }
}
