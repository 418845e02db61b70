package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.ResourceKey;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checklist C-6: the graceful drain of PROTOCOL.md §8.5. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DrainIT {
    private static final Logger LOG = LoggerFactory.getLogger(DrainIT.class);
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Test
    void everyConnectionStateEndsAsSpecified() throws Exception {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.readTimeout(Duration.ofSeconds(5)))) {
            WireClient idle = server.client();
            WireClient holder = server.client();
            WireClient blocked = server.client();
            WireClient reading = server.client();
            assertThat(idle.request("ping", "_", "_")).isEqualTo("ok");
            holder.lock("k", "0");
            blocked.send("l\nk\n20\nl\nnever-executed\n0\n"); // a blocked call with a request buffered behind it
            await().atMost(PROMPTLY).until(() -> server.manager.view(ResourceKey.of("k"))
                    .map(view -> view.waiters() == 1).orElse(false));
            reading.send("l\nother\n");
            await().atMost(PROMPTLY).until(() -> server.server.openConnections() == 4);

            long start = System.nanoTime();
            CompletableFuture<Void> drain = CompletableFuture.runAsync(server.server::drain);
            assertThat(idle.readUntilClosed(PROMPTLY)).isEqualTo("error_draining\n");
            assertThat(holder.readUntilClosed(PROMPTLY)).isEqualTo("error_draining\n");
            assertThat(blocked.readUntilClosed(PROMPTLY)).isEqualTo("error\nerror_draining\n");
            reading.send("0\n"); // the request is completed after the drain began: read, not executed
            assertThat(reading.readUntilClosed(PROMPTLY)).isEqualTo("error_draining\n");
            drain.get(5, TimeUnit.SECONDS);
            LOG.info("C-6 drain of four connections: {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

            assertThat(server.manager.view(ResourceKey.of("never-executed"))).isEmpty();
            assertThat(server.manager.view(ResourceKey.of("other"))).isEmpty();
            assertThat(server.server.openConnections()).isZero();
            assertThatThrownBy(() -> new Socket().connect(server.address(), 1000)).isInstanceOf(IOException.class);
            for (WireClient c : new WireClient[] {idle, holder, blocked, reading}) {
                c.close();
            }
        }
    }

    @Test
    void connectionsStillOpenAfterTheShutdownTimeoutAreClosedForcibly() throws Exception {
        try (TestServer server = TestServer.start(engine -> { },
                tcp -> tcp.readTimeout(Duration.ofSeconds(20)).shutdownTimeout(Duration.ofSeconds(1)));
             WireClient slow = server.client()) {
            slow.send("l\nk\n"); // mid-request: the drain waits for the rest, which never comes
            await().atMost(PROMPTLY).until(() -> server.server.openConnections() == 1);
            long start = System.nanoTime();
            server.server.drain();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            LOG.info("C-6 forced close after shutdown timeout: drain took {} ms", millis);
            assertThat(millis).isBetween(900L, 8000L);
            assertThat(slow.readUntilClosed(PROMPTLY)).isEmpty();
            assertThat(server.server.openConnections()).isZero();
        }
    }

    @Test
    void drainAndCloseAreIdempotent() {
        TestServer server = TestServer.start();
        server.server.drain();
        server.server.drain();
        server.close();
        server.close();
        assertThat(server.server.openConnections()).isZero();
    }
}
