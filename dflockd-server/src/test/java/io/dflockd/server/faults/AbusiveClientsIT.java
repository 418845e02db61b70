package io.dflockd.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.testing.ServerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients that abuse one connection (issue 7, Faults): a slowloris that drips its request byte by byte, a client that
 * pipelines requests and never reads the replies, and 10,000 pipelined requests on one connection. During each, an
 * unrelated client's lock round trips still complete promptly ({@link LatencyProbe}).
 */
@Timeout(90)
class AbusiveClientsIT {
    private static final Logger LOG = LoggerFactory.getLogger(AbusiveClientsIT.class);
    private static final Duration PROBE_PACE = Duration.ofMillis(20);

    /** Explicit threads: the common pool may have a single worker on a small machine. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    private static ServerProcess server;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.startJar("--port", "0", "--read-timeout", "2", "--write-timeout", "1");
        server.tcpPort();
    }

    @AfterAll
    static void stopServer() {
        server.close();
        THREADS.shutdownNow();
    }

    @Test
    void slowlorisConnectionsDoNotSlowDownOtherClients() {
        byte[] request = "ping\n_\n_\n".getBytes(StandardCharsets.US_ASCII);
        List<LineClient> slow = new ArrayList<>();
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (LineClient probeConnection = LineClient.connect(server.tcpPort())) {
            for (int i = 0; i < 20; i++) {
                slow.add(LineClient.connect(server.tcpPort()));
            }
            LatencyProbe probe = LatencyProbe.lock(probeConnection, "slowloris-probe").warmUp(20);
            AtomicInteger next = new AtomicInteger();
            CountDownLatch dripped = new CountDownLatch(1);
            // 250 ms between bytes: each line is complete well within the 2 s read timeout; 10 bytes take 2.5 s.
            drip.scheduleAtFixedRate(() -> {
                int index = next.getAndIncrement();
                if (index >= request.length) {
                    dripped.countDown();
                    return;
                }
                slow.forEach(client -> client.send(String.valueOf((char) request[index])));
            }, 0, 250, TimeUnit.MILLISECONDS);

            probe.roundTripsWhile(() -> dripped.getCount() > 0, PROBE_PACE, 1_000);
            for (LineClient client : slow) {
                assertThat(client.readLine()).isEqualTo("ok");
            }
            LOG.info("20 slowloris connections (1 byte / 250 ms): probe l+r round trips {}", probe.summary());
            assertThat(probe.count()).isGreaterThan(10);
        } finally {
            drip.shutdownNow();
            slow.forEach(LineClient::close);
        }
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedAfterTheWriteTimeoutWhileOthersAreServed() throws Exception {
        try (LineClient probeConnection = LineClient.connect(server.tcpPort());
                Socket socket = new Socket()) {
            LatencyProbe probe = LatencyProbe.lock(probeConnection, "mute-probe").warmUp(20);
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.tcpPort()));
            LineClient mute = LineClient.over(socket);
            for (int i = 0; i < 40; i++) {
                mute.lock("mute-" + "x".repeat(200) + i, "0 60"); // each stats reply is then about 11 KB
            }
            AtomicLong written = new AtomicLong();
            long started = System.nanoTime();
            CompletableFuture<IOException> writer = CompletableFuture.supplyAsync(() -> writeUntilRefused(socket,
                    written), THREADS);

            probe.roundTripsWhile(() -> !writer.isDone(), PROBE_PACE, 1_500);
            IOException refused = await().atMost(Duration.ofSeconds(30)).until(writer::join, e -> true);
            LOG.info("client that never reads (write timeout 1 s): disconnected after {} ms and {} pipelined requests"
                    + " ({}); probe l+r round trips {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    written.get(), refused, probe.summary());
            assertThat(refused).as("the server closed the connection").isNotNull();
            await().atMost(LatencyProbe.PROMPTLY).until(() -> probeConnection.request("stats", "_", "_")
                    .matches("ok \\{\"connections\":1,\"locks\":\\[],.*"));
        }
    }

    /**
     * Pipelines pings and stats, never reading the replies, until a write fails (the server closed the connection) or
     * 1,000,000 requests were written.
     */
    private static IOException writeUntilRefused(Socket socket, AtomicLong written) {
        int perChunk = 500;
        byte[] chunk = "ping\n_\n_\nstats\n_\n_\n".repeat(perChunk / 2).getBytes(StandardCharsets.US_ASCII);
        try {
            OutputStream out = socket.getOutputStream();
            while (written.get() < 1_000_000) {
                out.write(chunk);
                written.addAndGet(perChunk);
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    @Test
    void tenThousandPipelinedRequestsAreAnsweredInOrderWhileOthersAreServed() throws Exception {
        int requests = 10_000;
        try (LineClient probeConnection = LineClient.connect(server.tcpPort());
                LineClient pipeliner = LineClient.connect(server.tcpPort())) {
            LatencyProbe probe = LatencyProbe.lock(probeConnection, "pipeline-probe").warmUp(20);
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                burst.append(pipelined(i));
            }
            long started = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> pipeliner.send(burst.toString()),
                    THREADS);
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                for (int i = 0; i < requests; i++) {
                    String reply = pipeliner.readLine();
                    if (!reply.matches(expectedReply(i))) {
                        throw new AssertionError("reply " + i + " to " + pipelined(i).replace("\n", "\\n") + " was "
                                + reply);
                    }
                }
                return requests;
            }, THREADS);

            probe.roundTripsWhile(() -> !reader.isDone(), PROBE_PACE, 1_500);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(requests);
            writer.get(5, TimeUnit.SECONDS);
            LOG.info("10,000 pipelined requests answered in order in {} ms; probe l+r round trips {}",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), probe.summary());
            assertThat(pipeliner.request("ping", "_", "_")).isEqualTo("ok");
        }
    }

    /** A mix of commands whose replies are known in advance, so order can be checked reply by reply. */
    private static String pipelined(int i) {
        return switch (i % 4) {
            case 0 -> "ping\n_\n_\n";
            case 1 -> "l\npipelined-" + (i / 4 % 100) + "\n0 60\n";
            case 2 -> "r\npipelined-" + (i / 4 % 100) + "\nnot-a-token-" + i + "\n";
            default -> i % 1000 == 3 ? "stats\n_\n_\n" : "e\npipelined-two-phase\n\n";
        };
    }

    private static String expectedReply(int i) {
        return switch (i % 4) {
            case 0 -> "ok";
            case 1 -> i / 4 < 100 ? LineClient.GRANT.pattern() : "timeout";
            case 2 -> "error";
            default -> i % 1000 == 3 ? "ok \\{.*" : i == 7 ? "acquired [0-9a-f]{32} \\d+" : "error_already_enqueued";
        };
    }
}
