package io.dflockd.server.floods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.faults.LatencyProbe;
import io.dflockd.server.faults.LineClient;
import io.dflockd.server.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection flood (issue 7, Floods and limits) against {@code --max-connections 30 --max-connections-per-ip 10}.
 * Clients come from several loopback addresses (127.0.0.0/8 is all loopback on Linux), so the per-IP cap and the
 * global cap can be told apart. Connections beyond a cap are closed at once without a byte; a client already
 * connected keeps getting its lock promptly, and while only the per-IP cap is reached a newcomer from another
 * address is admitted and served.
 */
@Timeout(60)
class ConnectionFloodIT {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionFloodIT.class);
    private static final int MAX_CONNECTIONS = 30;
    private static final int MAX_PER_IP = 10;

    @Test
    void connectionFloodsStopAtThePerIpAndGlobalCapsWhileOthersAreServed() throws Exception {
        List<LineClient> open = new ArrayList<>();
        ExecutorService hammer = Executors.newSingleThreadExecutor();
        try (ServerProcess server = ServerProcess.startJar("--port", "0", "--max-connections",
                Integer.toString(MAX_CONNECTIONS), "--max-connections-per-ip", Integer.toString(MAX_PER_IP))) {
            int port = server.tcpPort();
            LineClient probeConnection = admit("127.0.0.2", port, open);
            LatencyProbe probe = LatencyProbe.lock(probeConnection, "connection-flood-probe").warmUp(20);

            assertThat(flood("127.0.0.1", 25, port, open, probe)).as("admitted from one IP").isEqualTo(MAX_PER_IP);
            LineClient newcomer = admit("127.0.0.3", port, open);
            LatencyProbe newcomerProbe = LatencyProbe.lock(newcomer, "connection-flood-newcomer");
            Duration newcomerLatency = newcomerProbe.roundTrip();

            // 1 + 10 + 1 open: 127.0.0.4 fills its 10, 127.0.0.5 gets the last 8 before the global cap.
            assertThat(flood("127.0.0.4", 10, port, open, probe)).isEqualTo(MAX_PER_IP);
            assertThat(flood("127.0.0.5", 10, port, open, probe)).isEqualTo(MAX_CONNECTIONS - 22);
            assertThat(flood("127.0.0.6", 5, port, open, probe)).as("admitted beyond the global cap").isZero();
            assertThat(probeConnection.request("stats", "_", "_"))
                    .startsWith("ok {\"connections\":" + MAX_CONNECTIONS + ",");

            AtomicBoolean hammering = new AtomicBoolean(true);
            CompletableFuture<int[]> refusals = CompletableFuture.supplyAsync(() -> {
                int[] outcome = new int[2];
                while (hammering.get() && outcome[0] + outcome[1] < 5_000) {
                    outcome[isAdmitted("127.0.0.7", port) ? 1 : 0]++;
                }
                return outcome;
            }, hammer);
            probe.roundTripsWhile(() -> true, Duration.ofMillis(20), 25);
            hammering.set(false);
            int[] hammered = refusals.get(30, TimeUnit.SECONDS);
            LOG.info("connection flood (caps {} global, {} per IP): newcomer from another IP served in {} ms;"
                    + " {} connects refused while full; probe l+r round trips {}", MAX_CONNECTIONS, MAX_PER_IP,
                    newcomerLatency.toMillis(), hammered[0], probe.summary());
            assertThat(hammered[1]).as("admitted while full").isZero();
            assertThat(hammered[0]).isPositive();

            open.remove(newcomer);
            newcomer.close();
            await().atMost(LatencyProbe.PROMPTLY).until(() -> isAdmitted("127.0.0.6", port));
        } finally {
            hammer.shutdownNow();
            open.forEach(LineClient::close);
        }
    }

    /** Opens {@code count} connections from {@code sourceIp}, keeping the admitted ones; returns how many. */
    private static int flood(String sourceIp, int count, int port, List<LineClient> open, LatencyProbe probe) {
        int admitted = 0;
        for (int i = 0; i < count; i++) {
            LineClient client = LineClient.connectFrom(sourceIp, port);
            if (answersPing(client)) {
                open.add(client);
                admitted++;
            } else {
                client.close();
            }
            if (i % 5 == 0) {
                probe.roundTrip();
            }
        }
        return admitted;
    }

    private static LineClient admit(String sourceIp, int port, List<LineClient> open) {
        LineClient client = LineClient.connectFrom(sourceIp, port);
        assertThat(answersPing(client)).as("connection from " + sourceIp + " admitted").isTrue();
        open.add(client);
        return client;
    }

    private static boolean isAdmitted(String sourceIp, int port) {
        try (LineClient client = LineClient.connectFrom(sourceIp, port)) {
            return answersPing(client);
        }
    }

    /**
     * True when a ping is answered {@code ok}; false when the server closes the connection (EOF or reset) without a
     * byte, which is how a connection over a cap is refused. Anything else fails the test.
     */
    private static boolean answersPing(LineClient client) {
        byte[] reply = new byte[3];
        try {
            client.send("ping\n_\n_\n");
            InputStream in = client.socket().getInputStream();
            int read = in.readNBytes(reply, 0, 3);
            if (read == 0) {
                return false;
            }
            String text = new String(reply, 0, read, StandardCharsets.US_ASCII);
            if (!text.equals("ok\n")) {
                throw new AssertionError("unexpected bytes from the server: " + text);
            }
            return true;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither served nor closed within the socket timeout", e);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
