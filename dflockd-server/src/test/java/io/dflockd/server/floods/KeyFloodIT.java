package io.dflockd.server.floods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.faults.LatencyProbe;
import io.dflockd.server.faults.LineClient;
import io.dflockd.server.testing.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key flood (issue 7, Floods and limits): one connection pipelines acquires of ever new keys. The server stops at
 * {@code --max-locks} with {@code error_max_locks}, an unrelated client keeps getting its lock promptly, and after
 * the flood's keys are released and collected the live heap is back where it was: a second flood round leaves it
 * no larger than the first did.
 */
@Timeout(120)
class KeyFloodIT {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFloodIT.class);
    private static final int MAX_LOCKS = 10_000;
    private static final int OVERSHOOT = 500;
    private static final String PADDING = "k".repeat(180);
    /** A leak of the flood's keys would be several MB per round (10,000 keys of about 200 bytes plus their state). */
    private static final long TOLERANCE_BYTES = 2L << 20;

    /** Explicit threads: the common pool may have a single worker on a small machine. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @Test
    void aKeyFloodStopsAtMaxLocksAndLeavesTheHeapFlat() throws Exception {
        try (ServerProcess server = ServerProcess.startJar(List.of("-XX:+UseG1GC"), "--port", "0", "--max-locks",
                Integer.toString(MAX_LOCKS), "--gc-interval", "1", "--gc-max-idle", "0");
                LineClient keeper = LineClient.connect(server.tcpPort());
                LineClient probeConnection = LineClient.connect(server.tcpPort())) {
            // The keeper holds one of two slots so the probe's key is never idle, hence never collected, hence
            // still there (and not a new key) while the flood has used up --max-locks.
            assertThat(keeper.request("sl", "flood-probe", "0 2 600")).matches(LineClient.GRANT);
            LatencyProbe probe = LatencyProbe.semaphore(probeConnection, "flood-probe", 2).warmUp(20);

            long[] full = new long[2];
            long[] idle = new long[2];
            for (int round = 0; round < 2; round++) {
                try (LineClient flooder = LineClient.connect(server.tcpPort())) {
                    int[] outcome = flood(flooder, round, probe);
                    assertThat(outcome[0]).as("grants: every key but the probe's").isEqualTo(MAX_LOCKS - 1);
                    assertThat(outcome[1]).as("error_max_locks: the overshoot and the key the probe has").isEqualTo(
                            OVERSHOOT + 1);
                    full[round] = LiveHeap.bytes(server.pid());
                }
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !keeper.request("stats", "_", "_")
                        .contains("flood-" + PADDING));
                probe.roundTrip();
                idle[round] = LiveHeap.bytes(server.pid());
            }
            LOG.info("key flood to --max-locks {} (two rounds): live heap full {} / {} KB, after release and GC"
                    + " {} / {} KB; probe round trips during the floods {}", MAX_LOCKS, full[0] >> 10, full[1] >> 10,
                    idle[0] >> 10, idle[1] >> 10, probe.summary());
            assertThat(full[1]).as("the second flood holds no more than the first").isLessThan(
                    full[0] + TOLERANCE_BYTES);
            assertThat(idle[1]).as("after the second flood the heap is back to the first one's level").isLessThan(
                    idle[0] + TOLERANCE_BYTES);
            assertThat(full[0] - idle[0]).as("the measurement sees the flood at all").isGreaterThan(
                    2 * TOLERANCE_BYTES);
        }
    }

    /** Pipelines {@code MAX_LOCKS + OVERSHOOT} acquires of new keys; returns {grants, error_max_locks}. */
    private static int[] flood(LineClient flooder, int round, LatencyProbe probe) throws Exception {
        int requests = MAX_LOCKS + OVERSHOOT;
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            burst.append("l\nflood-").append(PADDING).append('-').append(round).append('-').append(i)
                    .append("\n0 600\n");
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> flooder.send(burst.toString()), THREADS);
        CompletableFuture<int[]> reader = CompletableFuture.supplyAsync(() -> {
            int[] outcome = new int[2];
            for (int i = 0; i < requests; i++) {
                String reply = flooder.readLine();
                if (LineClient.GRANT.matcher(reply).matches()) {
                    outcome[0]++;
                } else if (reply.equals("error_max_locks")) {
                    outcome[1]++;
                } else {
                    throw new AssertionError("unexpected reply " + reply);
                }
            }
            return outcome;
        }, THREADS);
        probe.roundTripsWhile(() -> !reader.isDone(), Duration.ofMillis(20), 3_000);
        writer.get(30, TimeUnit.SECONDS);
        int[] outcome = reader.get(30, TimeUnit.SECONDS);
        assertThat(probe.count()).isPositive();
        return outcome;
    }
}
