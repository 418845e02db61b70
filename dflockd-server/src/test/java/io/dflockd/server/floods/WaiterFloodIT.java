package io.dflockd.server.floods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.faults.LatencyProbe;
import io.dflockd.server.faults.LineClient;
import io.dflockd.server.testing.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A waiter flood (issue 7, Floods and limits): many connections queue on one held key. The queue stops at
 * {@code --max-waiters}, every request beyond it ({@code l} and {@code e} alike) answers {@code error_max_waiters} at
 * once, and an unrelated client keeps getting its lock promptly.
 */
@Timeout(60)
class WaiterFloodIT {
    private static final Logger LOG = LoggerFactory.getLogger(WaiterFloodIT.class);
    private static final int MAX_WAITERS = 50;
    private static final int FLOOD = 80;

    @Test
    void aWaiterFloodStopsAtMaxWaitersWhileOthersAreServed() {
        List<LineClient> flood = new ArrayList<>();
        try (ServerProcess server = ServerProcess.startJar("--port", "0", "--max-waiters",
                Integer.toString(MAX_WAITERS));
                LineClient holder = LineClient.connect(server.tcpPort());
                LineClient probeConnection = LineClient.connect(server.tcpPort())) {
            LatencyProbe probe = LatencyProbe.lock(probeConnection, "waiter-flood-probe").warmUp(20);
            String held = holder.lock("contended", "0 600");
            for (int i = 0; i < FLOOD; i++) {
                LineClient waiter = LineClient.connect(server.tcpPort());
                flood.add(waiter);
                waiter.frame(i % 2 == 0 ? "l" : "e", "contended", i % 2 == 0 ? "30 600" : "600");
                if (i % 10 == 0) {
                    probe.roundTrip();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> holder.request("stats", "_", "_")
                    .contains("\"waiters\":" + MAX_WAITERS + "}"));
            List<LineClient> enqueuers = everyOther(flood, 1);
            List<LineClient> lockers = everyOther(flood, 0);
            // A two-phase enqueue is answered at once either way: "queued" or refused.
            await().atMost(Duration.ofSeconds(10)).until(() -> enqueuers.stream().allMatch(LineClient::hasInput));
            List<String> enqueueReplies = enqueuers.stream().map(LineClient::readLine).toList();
            long enqueuesRefused = enqueueReplies.stream().filter("error_max_waiters"::equals).count();
            // A blocking acquire answers at once only when refused; the admitted ones stay queued.
            await().atMost(Duration.ofSeconds(10)).until(() -> lockers.stream().filter(LineClient::hasInput).count()
                    + enqueuesRefused == FLOOD - MAX_WAITERS);
            List<String> lockReplies = lockers.stream().filter(LineClient::hasInput).map(LineClient::readLine)
                    .toList();
            for (int i = 0; i < 20; i++) {
                probe.roundTrip();
            }
            LOG.info("waiter flood of {} on one key (--max-waiters {}): {} l and {} e refused; probe l+r round trips"
                    + " {}", FLOOD, MAX_WAITERS, lockReplies.size(), enqueuesRefused, probe.summary());

            assertThat(enqueueReplies).allMatch(reply -> reply.equals("error_max_waiters") || reply.equals("queued"));
            assertThat(lockReplies).containsOnly("error_max_waiters");
            assertThat(holder.request("stats", "_", "_")).contains("\"waiters\":" + MAX_WAITERS + "}");
            assertThat(holder.request("r", "contended", held)).isEqualTo("ok");
        } finally {
            flood.forEach(LineClient::close);
        }
    }

    private static List<LineClient> everyOther(List<LineClient> clients, int first) {
        List<LineClient> picked = new ArrayList<>();
        for (int i = first; i < clients.size(); i += 2) {
            picked.add(clients.get(i));
        }
        return picked;
    }
}
