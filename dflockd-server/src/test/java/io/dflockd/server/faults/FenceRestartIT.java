package io.dflockd.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.server.testing.ServerProcess;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server SIGKILL and restart with {@code --fence-state-file} (issue 7, Faults; SERVER.md §10): every fence after the
 * restart is above every fence handed out before it, even though the wall clock is behind the persisted ceiling.
 *
 * <p>The state file is written by the test in the recommended layout (SERVER.md §10.4) with a ceiling one hour
 * ahead of the clock, which is what a server sees after the wall clock has been set back by an hour: start-up must
 * then continue from the ceiling (§10.3 step 3), so the first fence is exactly {@code ceiling + 1} and the first
 * fence after the restart exactly {@code ceiling + 2^20 + 1} (the reservation written at the first start). The
 * clock itself is moved in the engine's tests with an injectable clock
 * ({@code FencesTest.fencesStayMonotonicAcrossRestartsWhenTheClockIsSetBack}).
 */
@Timeout(60)
class FenceRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(FenceRestartIT.class);
    private static final long CHUNK = 1L << 20;
    private static final int BURST = 20_000;

    @TempDir
    Path dir;

    @Test
    void fencesAfterASigkillAndRestartAreAboveEveryFenceSeenBefore() throws Exception {
        assertThat(crc64GoIso("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xB90956C775A41001L);
        Path file = dir.resolve("fences.state");
        long ceiling = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) + TimeUnit.HOURS.toNanos(1);
        Files.write(file, record(1, ceiling));

        List<Long> before = new ArrayList<>();
        try (ServerProcess first = ServerProcess.startJar("--port", "0", "--fence-state-file", file.toString());
                LineClient client = LineClient.connect(first.tcpPort())) {
            assertThat(first.stderrText()).contains("fences from state file " + file);
            before.add(fence(client.lock("fenced", "0 60")));
            assertThat(before.get(0)).as("first fence continues from the persisted ceiling").isEqualTo(ceiling + 1);

            CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> sendQuietly(client,
                    "sl\nfenced-burst\n0 1000000 60\n".repeat(BURST)));
            for (int i = 0; i < BURST / 10; i++) {
                before.add(fence(grantedToken(client.readLine())));
            }
            first.kill();
            before.addAll(fencesUntilClosed(client));
            burst.handle((ignored, failure) -> null).get(10, TimeUnit.SECONDS);
        }
        assertThat(before).isSorted().doesNotHaveDuplicates();

        try (ServerProcess second = ServerProcess.startJar("--port", "0", "--fence-state-file", file.toString());
                LineClient client = LineClient.connect(second.tcpPort())) {
            long afterRestart = fence(client.lock("fenced", "0 60"));
            long next = fence(client.lock("fenced-again", "0 60"));
            LOG.info("fence state file: {} fences seen before SIGKILL, last {}; first after restart {} (ceiling + 2^20"
                    + " + 1 = {})", before.size(), before.get(before.size() - 1), afterRestart, ceiling + CHUNK + 1);
            assertThat(Long.compareUnsigned(afterRestart, before.get(before.size() - 1))).isPositive();
            assertThat(afterRestart).isEqualTo(ceiling + CHUNK + 1);
            assertThat(next).isEqualTo(afterRestart + 1);
        }
        assertThat(Files.size(file)).isIn(32L, 64L);
    }

    private static void sendQuietly(LineClient client, String text) {
        try {
            client.send(text);
        } catch (UncheckedIOException e) {
            // The server was killed mid-burst: that is the point.
        }
    }

    /** Grants already on their way when the server died: read until the connection ends. */
    private static List<Long> fencesUntilClosed(LineClient client) {
        List<Long> fences = new ArrayList<>();
        try {
            for (int i = 0; i < BURST; i++) {
                fences.add(fence(grantedToken(client.readLine())));
            }
        } catch (AssertionError | UncheckedIOException e) {
            // EOF or reset: the rest of the burst was never answered.
        }
        return fences;
    }

    private static String grantedToken(String reply) {
        assertThat(reply).matches(LineClient.GRANT);
        return reply.split(" ")[1];
    }

    private static long fence(String token) {
        return Long.parseUnsignedLong(token.substring(0, 16), 16);
    }

    /** One 32-byte record of the recommended layout: magic, seq, ceiling, CRC-64/GO-ISO of the first 24 bytes. */
    private static byte[] record(long seq, long ceiling) {
        ByteBuffer record = ByteBuffer.allocate(32);
        record.put("dflfnc1\n".getBytes(StandardCharsets.US_ASCII)).putLong(seq).putLong(ceiling);
        record.putLong(crc64GoIso(Arrays.copyOf(record.array(), 24)));
        return record.array();
    }

    /** CRC-64 with the reflected ISO polynomial, initial value and final XOR all ones. */
    private static long crc64GoIso(byte[] bytes) {
        long crc = -1L;
        for (byte b : bytes) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xD800000000000000L : crc >>> 1;
            }
        }
        return ~crc;
    }
}
