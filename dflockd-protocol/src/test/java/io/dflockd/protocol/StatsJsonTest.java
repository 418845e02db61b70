package io.dflockd.protocol;

import static io.dflockd.protocol.TestStreams.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StatsJsonTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String write(ServerStats stats) {
        byte[] json = StatsJson.write(stats);
        return new String(json, StandardCharsets.UTF_8);
    }

    private static ServerStats read(String json) {
        StatsResult result = StatsJson.read(json);
        assertThat(result).as(json).isInstanceOf(StatsResult.Parsed.class);
        return ((StatsResult.Parsed) result).stats();
    }

    private static ServerStats specExample() {
        return new ServerStats(3,
                List.of(new ServerStats.LockEntry(key("deploy-job"), 7, 57 * S + 204 * MS, 1)),
                List.of(new ServerStats.SemaphoreEntry(key("rate-limited-api"), 5, 2, 0)),
                List.of(new ServerStats.IdleEntry(key("nightly-report"), 12 * S + 500 * MS)),
                List.of());
    }

    @Test
    void writesTheExampleOfSection11ByteForByte() {
        assertThat(write(specExample())).isEqualTo("{\"connections\":3,\"locks\":[{\"key\":\"deploy-job\","
                + "\"owner_conn_id\":7,\"lease_expires_in_s\":57.204,\"waiters\":1}],\"semaphores\":[{\"key\":"
                + "\"rate-limited-api\",\"limit\":5,\"holders\":2,\"waiters\":0}],\"idle_locks\":[{\"key\":"
                + "\"nightly-report\",\"idle_s\":12.5}],\"idle_semaphores\":[]}");
    }

    @Test
    void writesTheStatsReplyOfSection127ByteForByte() {
        ServerStats stats = new ServerStats(2,
                List.of(new ServerStats.LockEntry(key("deploy-job"), 1, 58 * S + 731 * MS + 999_999, 1)),
                List.of(), List.of(), List.of());
        assertThat(ResponseEncoder.stats(StatsJson.write(stats))).isEqualTo(bytes("ok {\"connections\":2,\"locks\":"
                + "[{\"key\":\"deploy-job\",\"owner_conn_id\":1,\"lease_expires_in_s\":58.731,\"waiters\":1}],"
                + "\"semaphores\":[],\"idle_locks\":[],\"idle_semaphores\":[]}\n"));
    }

    @Test
    void allFourArraysArePresentWhenEmpty() {
        assertThat(write(new ServerStats(0, List.of(), List.of(), List.of(), List.of())))
                .isEqualTo("{\"connections\":0,\"locks\":[],\"semaphores\":[],\"idle_locks\":[],"
                        + "\"idle_semaphores\":[]}");
    }

    @Test
    void entriesKeepTheGivenOrder() {
        ServerStats stats = new ServerStats(0, List.of(), List.of(),
                List.of(new ServerStats.IdleEntry(key("a"), 0), new ServerStats.IdleEntry(key("B"), 0),
                        new ServerStats.IdleEntry(new byte[] {(byte) 0xC3, (byte) 0xA9}, 0),
                        new ServerStats.IdleEntry(key("b"), 0)),
                List.of());
        assertThat(write(stats)).contains("\"idle_locks\":[{\"key\":\"a\",\"idle_s\":0},{\"key\":\"B\",\"idle_s\":0},"
                + "{\"key\":\"é\",\"idle_s\":0},{\"key\":\"b\",\"idle_s\":0}]");
    }

    @Test
    void secondsHaveMillisecondPrecisionTruncated() {
        assertThat(StatsJsonWriter.seconds(0)).isEqualTo("0");
        assertThat(StatsJsonWriter.seconds(999_999)).isEqualTo("0");
        assertThat(StatsJsonWriter.seconds(MS)).isEqualTo("0.001");
        assertThat(StatsJsonWriter.seconds(10 * MS)).isEqualTo("0.01");
        assertThat(StatsJsonWriter.seconds(3 * S)).isEqualTo("3");
        assertThat(StatsJsonWriter.seconds(3 * S + 50 * MS)).isEqualTo("3.05");
        assertThat(StatsJsonWriter.seconds(12 * S + 500 * MS)).isEqualTo("12.5");
        assertThat(StatsJsonWriter.seconds(57 * S + 204 * MS + 999_999)).isEqualTo("57.204");
        assertThat(StatsJsonWriter.seconds(Long.MAX_VALUE)).isEqualTo("9223372036.854");
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String german = write(specExample());
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            assertThat(write(specExample())).isEqualTo(german).contains("57.204").contains("12.5");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void controlCharactersAreEscapedAndNonAsciiIsRawUtf8() {
        byte[] bytes = {'a', 0x00, 0x0B, 0x1F, '"', '\\', 0x7F, (byte) 0xC3, (byte) 0xA9, (byte) 0xF0, (byte) 0x9F,
                (byte) 0x94, (byte) 0x92};
        String json = write(new ServerStats(0, List.of(), List.of(), List.of(new ServerStats.IdleEntry(bytes, 0)),
                List.of()));
        assertThat(json).contains("\"key\":\"a\\u0000\\u000B\\u001F\\\"\\\\\u007Fé\uD83D\uDD12\"");
        assertThat(json).doesNotContain("\\u00E9").doesNotContain("\n");
        ServerStats back = read(json);
        assertThat(back.idleLocks().get(0).key()).containsExactly(bytes);
    }

    @Test
    void theShortEscapesAreUsedWhereJsonHasThem() {
        byte[] bytes = {0x08, 0x0C, 'x'};
        String json = write(new ServerStats(0, List.of(), List.of(), List.of(new ServerStats.IdleEntry(bytes, 0)),
                List.of()));
        assertThat(json).contains("\"key\":\"\\b\\fx\"");
    }

    @Test
    void invalidUtf8IsRenderedAsReplacementCharacters() {
        byte[] bytes = {'k', (byte) 0xFF, 'x', (byte) 0xC3, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xE2,
            (byte) 0x82};
        String json = write(new ServerStats(0, List.of(new ServerStats.LockEntry(bytes, 1, 0, 0)), List.of(),
                List.of(), List.of()));
        String keyText = json.substring(json.indexOf("\"key\":\"") + 7, json.indexOf("\",\"owner"));
        assertThat(keyText).startsWith("k\uFFFDx\uFFFD").endsWith("\uFFFD").doesNotContain("\\u");
        assertThat(keyText.replace("\uFFFD", "")).isEqualTo("kx");
        assertThat(StatsJson.write(new ServerStats(0, List.of(new ServerStats.LockEntry(bytes, 1, 0, 0)), List.of(),
                List.of(), List.of()))).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyOf256ControlBytesIsWrittenWithSixByteEscapes() {
        byte[] bytes = new byte[256];
        java.util.Arrays.fill(bytes, (byte) 0x01);
        String json = write(new ServerStats(0, List.of(), List.of(), List.of(new ServerStats.IdleEntry(bytes, 0)),
                List.of()));
        assertThat(json).contains("\\u0001".repeat(256));
    }

    @Test
    void writeToStreamsTheSameBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatsJson.writeTo(specExample(), out);
        assertThat(out.toByteArray()).isEqualTo(StatsJson.write(specExample()));
    }

    @Test
    void readsBackWhatItWrites() {
        ServerStats stats = new ServerStats(12_345,
                List.of(new ServerStats.LockEntry(key("a"), 99, 3 * S + 7 * MS, 0),
                        new ServerStats.LockEntry(key("b"), 0, 0, 4)),
                List.of(new ServerStats.SemaphoreEntry(key("s"), 1_048_576, 1_048_576, 17)),
                List.of(new ServerStats.IdleEntry(key("i"), 400 * S)),
                List.of(new ServerStats.IdleEntry(key("j"), 1 * MS)));
        assertThat(read(write(stats))).isEqualTo(stats);
        assertThat(read(write(specExample()))).isEqualTo(specExample());
    }

    @Test
    void readingIsLenientWhereTheSpecAsksForIt() {
        ServerStats stats = read("{\"future\":{\"x\":[1,2]},\"locks\":[{\"key\":\"k\",\"extra\":[],"
                + "\"lease_expires_in_s\":1.5e0,\"owner_conn_id\":3}],\"idle_semaphores\":null,\"connections\":1}");
        assertThat(stats).isEqualTo(new ServerStats(1, List.of(new ServerStats.LockEntry(key("k"), 3, 1500 * MS, 0)),
                List.of(), List.of(), List.of()));
        assertThat(read("{}")).isEqualTo(new ServerStats(0, List.of(), List.of(), List.of(), List.of()));
        assertThat(read(" { \"idle_locks\" : [ { \"key\" : \"x\" , \"idle_s\" : -0.5 } ] } ").idleLocks().get(0)
                .idleNanos()).isZero();
        assertThat(read("{\"idle_locks\":[{\"key\":\"x\",\"idle_s\":57.2041239}]}").idleLocks().get(0).idleNanos())
                .isEqualTo(57_204_123_900L);
    }

    @Test
    void extremeSecondsSaturateQuickly() {
        assertThat(read("{\"idle_locks\":[{\"key\":\"x\",\"idle_s\":1e999999999}]}").idleLocks().get(0).idleNanos())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(read("{\"idle_locks\":[{\"key\":\"x\",\"idle_s\":1e-999999999}]}").idleLocks().get(0).idleNanos())
                .isZero();
        assertThat(read("{\"idle_locks\":[{\"key\":\"x\",\"idle_s\":9300000000}]}").idleLocks().get(0).idleNanos())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void malformedDocumentsAreTypedFailures() {
        List<String> bad = List.of("", "[]", "{", "{\"connections\":\"3\"}", "{\"connections\":-1}",
                "{\"connections\":1.5}", "{\"connections\":99999999999999999999}", "{\"locks\":{}}",
                "{\"locks\":[1]}", "{\"locks\":[{\"owner_conn_id\":1}]}", "{\"locks\":[{\"key\":\"\"}]}",
                "{\"locks\":[{\"key\":1}]}", "{\"semaphores\":[{\"key\":\"k\",\"limit\":3000000000}]}",
                "{\"idle_locks\":[{\"key\":\"k\",\"idle_s\":\"1\"}]}", "{} {}", "{}x", "{\"a\":tru}", "nul");
        for (String json : bad) {
            assertThat(StatsJson.read(json)).as(json).isInstanceOf(StatsResult.Malformed.class);
        }
        assertThat(StatsJson.read(new byte[] {'{', (byte) 0xFF, '}'})).isInstanceOf(StatsResult.Malformed.class);
    }

    @Test
    void theModelCopiesKeysAndComparesThemByValue() {
        byte[] bytes = key("k");
        ServerStats.IdleEntry entry = new ServerStats.IdleEntry(bytes, 5);
        bytes[0] = 'z';
        assertThat(entry.key()).containsExactly('k');
        entry.key()[0] = 'y';
        assertThat(entry.keyText()).isEqualTo("k");
        assertThat(entry).isEqualTo(new ServerStats.IdleEntry(key("k"), 5)).hasSameHashCodeAs(
                new ServerStats.IdleEntry(key("k"), 5));
        assertThat(new ServerStats.SemaphoreEntry(key("k"), 2, 1, 0))
                .isEqualTo(new ServerStats.SemaphoreEntry(key("k"), 2, 1, 0));
        assertThat(new ServerStats.LockEntry(key("k"), 2, 1, 0).leaseExpiresInSeconds()).isEqualTo(1e-9);
    }
}
