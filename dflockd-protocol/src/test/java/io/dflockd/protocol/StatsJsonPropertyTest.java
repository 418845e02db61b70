package io.dflockd.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing of the stats JSON reader (jqwik; see {@code docs/fuzzing.md}): any bytes, and mutations of
 * valid documents, read to {@link StatsResult.Parsed} or {@link StatsResult.Malformed} without throwing; every
 * {@link ServerStats} (durations in whole milliseconds, the precision of the written form; UTF-8 keys) reads back
 * equal after writing.
 */
class StatsJsonPropertyTest {
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

    @Property
    void writtenStatsReadBackEqual(@ForAll("stats") ServerStats stats) {
        byte[] json = StatsJson.write(stats);
        assertThat(StatsJson.read(json)).isEqualTo(new StatsResult.Parsed(stats));
        assertThat(StatsJson.read(new String(json, StandardCharsets.UTF_8)))
                .isEqualTo(new StatsResult.Parsed(stats));
    }

    @Property
    void anyMutationOfADocumentReadsToATypedResult(@ForAll("stats") ServerStats stats,
                                                   @ForAll("mutations") List<Tuple.Tuple3<Integer, Integer, Byte>>
                                                           mutations) {
        byte[] json = StatsJson.write(stats);
        for (Tuple.Tuple3<Integer, Integer, Byte> mutation : mutations) {
            json = mutate(json, mutation.get1(), mutation.get2(), mutation.get3());
        }
        assertThat(StatsJson.read(json)).isNotNull();
    }

    @Property
    void anyBytesReadToATypedResult(@ForAll("noise") byte[] noise) {
        assertThat(StatsJson.read(noise)).isNotNull();
    }

    /** Regression seeds: numbers at and past the ranges, wrong types, trailing data, deep nesting. */
    @Example
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
                return java.util.Arrays.copyOf(json, at);
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

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> mutations() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"',
                (byte) ',', (byte) ':', (byte) '-', (byte) '.', (byte) 'e', (byte) '9', (byte) 'n', (byte) '\\',
                (byte) 0, (byte) 0x80, (byte) 0xC3, (byte) 0xFF);
        Arbitrary<Byte> value = Arbitraries.oneOf(interesting, Arbitraries.bytes());
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(), value)
                .as(Tuple::of).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.oneOf(
                Arbitraries.of((byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"', (byte) ',', (byte) ':',
                        (byte) '1', (byte) 'l', (byte) 'n', (byte) ' '),
                Arbitraries.bytes()).list().ofMaxSize(200).map(ReplyDecoderPropertyTest::toBytes);
    }

    @Provide
    Arbitrary<ServerStats> stats() {
        Arbitrary<byte[]> key = Arbitraries.oneOf(
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().withChars("k-_/\"\\\u0000\u001F\u007F\u00E9\u20AC").ofMinLength(1)
                                .ofMaxLength(8),
                        Arbitraries.of("\uD83D\uDE00", "a\uD800b", "\uDFFF"))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<Long> nanos = Arbitraries.oneOf(Arbitraries.longs().between(0, MAX_MILLIS),
                        Arbitraries.of(0L, 1L, 999L, 1000L, MAX_MILLIS))
                .map(millis -> millis * 1_000_000L);
        Arbitrary<Integer> count = Arbitraries.oneOf(Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.of(0, 1, Integer.MAX_VALUE));
        Arbitrary<Long> id = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<ServerStats.LockEntry> lock = Combinators.combine(key, id, nanos, count)
                .as(ServerStats.LockEntry::new);
        Arbitrary<ServerStats.SemaphoreEntry> semaphore = Combinators.combine(key, count, count, count)
                .as(ServerStats.SemaphoreEntry::new);
        Arbitrary<ServerStats.IdleEntry> idle = Combinators.combine(key, nanos).as(ServerStats.IdleEntry::new);
        return Combinators.combine(id, lock.list().ofMaxSize(3), semaphore.list().ofMaxSize(3),
                idle.list().ofMaxSize(3), idle.list().ofMaxSize(3)).as(ServerStats::new);
    }
}
