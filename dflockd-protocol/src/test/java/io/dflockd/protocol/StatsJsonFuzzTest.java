package io.dflockd.protocol;

import static io.dflockd.protocol.Draws.anyByte;
import static io.dflockd.protocol.Draws.anyString;
import static io.dflockd.protocol.Draws.between;
import static io.dflockd.protocol.Draws.pick;
import static io.dflockd.protocol.Draws.size;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of the stats JSON reader (seeded random runs, see {@link SeededRuns} and
 * {@code docs/fuzzing.md}): any bytes, and mutations of valid documents, read to {@link StatsResult.Parsed} or
 * {@link StatsResult.Malformed} without throwing; every {@link ServerStats} (durations in whole milliseconds, the
 * precision of the written form; UTF-8 keys) reads back equal after writing.
 */
class StatsJsonFuzzTest {
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;
    private static final String KEY_CHARS = "k-_/\"\\\u0000\u001F\u007F\u00E9\u20AC";
    private static final byte[] MUTATION_BYTES = {(byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"',
        (byte) ',', (byte) ':', (byte) '-', (byte) '.', (byte) 'e', (byte) '9', (byte) 'n', (byte) '\\', (byte) 0,
        (byte) 0x80, (byte) 0xC3, (byte) 0xFF};
    private static final byte[] NOISE_BYTES = {(byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"',
        (byte) ',', (byte) ':', (byte) '1', (byte) 'l', (byte) 'n', (byte) ' '};

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

    /** One to four mutations: replace, truncate at, delete or insert at a position (any int, taken modulo). */
    @Test
    void anyMutationOfADocumentReadsToATypedResult() throws Exception {
        SeededRuns.run(1_000, seed -> {
            Random random = new Random(seed);
            byte[] json = StatsJson.write(stats(random));
            int mutations = size(1, 4, random);
            for (int i = 0; i < mutations; i++) {
                byte value = random.nextBoolean() ? MUTATION_BYTES[random.nextInt(MUTATION_BYTES.length)]
                        : anyByte(random);
                json = mutate(json, random.nextInt(4), (int) between(Integer.MIN_VALUE, Integer.MAX_VALUE, random),
                        value);
            }
            assertThat(StatsJson.read(json)).isNotNull();
        });
    }

    /** Up to 200 bytes, each one half the time from the JSON punctuation and letters. */
    @Test
    void anyBytesReadToATypedResult() throws Exception {
        SeededRuns.run(1_000, seed -> {
            Random random = new Random(seed);
            byte[] noise = new byte[size(0, 200, random)];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = random.nextBoolean() ? NOISE_BYTES[random.nextInt(NOISE_BYTES.length)] : anyByte(random);
            }
            assertThat(StatsJson.read(noise)).isNotNull();
        });
    }

    /** Regression seeds: numbers at and past the ranges, wrong types, trailing data, deep nesting. */
    @Test
    void boundaryDocumentsAreTyped() {
        String[] documents = {"{\"connections\":9223372036854775808}", "{\"connections\":-1}",
            "{\"locks\":[{\"key\":\"k\",\"lease_expires_in_s\":1e400}]}", "{\"locks\":[{\"key\":\"\"}]}",
            "{\"semaphores\":[{\"key\":\"k\",\"limit\":2147483648}]}", "{} {}", "{\"x\":" + "[".repeat(5000) + "}",
            "{\"idle_locks\":[{\"key\":\"k\",\"idle_s\":-0.5}]}", "{\"locks\":null}", "[]", "", "\uFEFF{}",
            "{\"idle_semaphores\":[{\"key\":\"k\",\"idle_s\":9223372036.854775808}]}"};
        for (String document : documents) {
            assertThat(StatsJson.read(document)).isNotNull();
        }
    }

    private static byte[] mutate(byte[] json, int kind, int position, byte value) {
        if (json.length == 0) {
            return new byte[] {value};
        }
        int at = Math.floorMod(position, json.length);
        switch (kind) {
            case 0: {
                byte[] out = json.clone();
                out[at] = value;
                return out;
            }
            case 1:
                return Arrays.copyOf(json, at);
            case 2: {
                byte[] out = new byte[json.length - 1];
                System.arraycopy(json, 0, out, 0, at);
                System.arraycopy(json, at + 1, out, at, json.length - at - 1);
                return out;
            }
            default: {
                byte[] out = new byte[json.length + 1];
                System.arraycopy(json, 0, out, 0, at);
                out[at] = value;
                System.arraycopy(json, at, out, at + 1, json.length - at);
                return out;
            }
        }
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
