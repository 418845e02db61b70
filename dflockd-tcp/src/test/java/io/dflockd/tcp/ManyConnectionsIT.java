package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.ResourceKey;
import io.dflockd.core.StatsSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A thousand connections open at once, each holding its own lock, then one shared queue across 250 of them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManyConnectionsIT {
    private static final Logger LOG = LoggerFactory.getLogger(ManyConnectionsIT.class);
    private static final int CONNECTIONS = 1000;
    private static final int QUEUED = 250;

    @Test
    void aThousandConcurrentConnectionsHoldLocks() throws Exception {
        try (TestServer server = TestServer.start(engine -> engine.maxLocks(2 * CONNECTIONS), tcp -> { })) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<WireClient> clients = new ArrayList<>();
            try {
                long start = System.nanoTime();
                List<Future<WireClient>> opened = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    int index = i;
                    opened.add(pool.submit(() -> {
                        WireClient client = server.client();
                        client.lock("key-" + index, "0 60");
                        return client;
                    }));
                }
                for (Future<WireClient> future : opened) {
                    clients.add(future.get(30, TimeUnit.SECONDS));
                }
                LOG.info("{} connections opened and locked in {} ms", CONNECTIONS,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                assertThat(server.server.openConnections()).isEqualTo(CONNECTIONS);
                StatsSnapshot stats = server.manager.stats();
                assertThat(stats.openSessions()).isEqualTo(CONNECTIONS);
                assertThat(stats.locks()).hasSize(CONNECTIONS);
                assertThat(clients.get(0).request("stats", "_", "_")).startsWith("ok {\"connections\":1000,");

                // the first QUEUED connections now queue on one key, held by the first connection
                String shared = clients.get(0).lock("shared", "0 60");
                ResourceKey sharedKey = ResourceKey.of("shared");
                for (int i = 1; i < QUEUED; i++) {
                    clients.get(i).frame("l", "shared", "30");
                    int queued = i;
                    await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                            .until(() -> server.manager.view(sharedKey).orElseThrow().waiters() == queued);
                }
                assertThat(clients.get(0).request("r", "shared", shared)).isEqualTo("ok");
                String previous = shared;
                for (int i = 1; i < QUEUED; i++) { // FIFO hand-off down the whole queue
                    String grant = clients.get(i).readLine();
                    assertThat(grant).matches("ok [0-9a-f]{32} 33");
                    String token = grant.split(" ")[1];
                    assertThat(token).isGreaterThan(previous);
                    previous = token;
                    assertThat(clients.get(i).request("r", "shared", token)).isEqualTo("ok");
                }
            } finally {
                clients.forEach(WireClient::close);
                pool.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server.openConnections() == 0);
            server.assertEngineIdle();
        }
    }
}
