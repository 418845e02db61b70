package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dflockd.core.ResourceKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checklist C-1..C-5 and C-7..C-12: timeouts, caps, pipelining, the blocked-command watcher, cleanup. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LifecycleIT {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleIT.class);
    private static final String GRANT = "ok [0-9a-f]{32} \\d+";
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private static int waitersOn(TestServer server, String key) {
        return server.manager.view(ResourceKey.of(key)).map(view -> view.waiters()).orElse(0);
    }

    private static void logDelay(String what, long sinceNanos) {
        LOG.info("{}: {} ms", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos));
    }

    @Test
    void c1ReadTimeoutDoesNotApplyBetweenRequests() {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.readTimeout(Duration.ofSeconds(1)));
             WireClient c = server.client()) {
            String token = c.lock("k", "0 60");
            c.assertSilentFor(Duration.ofMillis(2500));
            assertThat(c.request("n", "k", token)).isEqualTo("ok 33");
        }
    }

    @Test
    void c2IdleTimeoutClosesSilentlyAndReleases() {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.idleTimeout(Duration.ofSeconds(1)));
             WireClient holder = server.client(); WireClient waiter = server.client()) {
            holder.lock("k", "0 60");
            waiter.frame("l", "k", "10");
            long start = System.nanoTime();
            holder.assertClosedWithoutBytes(Duration.ofSeconds(5));
            assertThat(waiter.readLine()).matches(GRANT);
            logDelay("C-2 idle close to grant", start);
        }
    }

    @Test
    void c3IdleTimeoutNeverClosesABlockedOrReadingConnection() {
        // without auto-release, the idle holder's close does not hand the lock to the blocked connection
        try (TestServer server = TestServer.start(engine -> engine.autoReleaseOnSessionEnd(false),
                tcp -> tcp.idleTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(3)));
             WireClient holder = server.client(); WireClient blocked = server.client();
             WireClient reading = server.client()) {
            holder.lock("k", "0 60");
            reading.send("l\n");
            assertThat(blocked.request("l", "k", "2")).isEqualTo("timeout"); // blocked for 2 s > idle 1 s
            assertThat(reading.send("j\n0\n").readLine()).matches(GRANT); // mid-request for 2 s > idle 1 s
            holder.assertClosedWithoutBytes(PROMPTLY); // the idle one was closed meanwhile
        }
    }

    @Test
    void c4ReadTimeoutInsideARequestAnswersErrorAndCloses() {
        String[] partials = {"l\n", "l\nkey\n", "pi", "l\nkey\n1"};
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.readTimeout(Duration.ofSeconds(1)))) {
            List<WireClient> clients = new ArrayList<>();
            for (String partial : partials) {
                clients.add(server.client().send(partial));
            }
            long start = System.nanoTime();
            for (int i = 0; i < partials.length; i++) {
                try (WireClient c = clients.get(i)) {
                    assertThat(c.readUntilClosed(Duration.ofSeconds(5))).as(partials[i]).isEqualTo("error\n");
                }
            }
            logDelay("C-4 read timeout (1 s) to error and close, four partial requests", start);
            server.assertEngineIdle();
        }
    }

    @Test
    void c4EachLineGetsItsOwnReadTimeout() {
        try (TestServer server = TestServer.start(engine -> { },
                tcp -> tcp.readTimeout(Duration.ofMillis(1500)));
             WireClient c = server.client()) {
            c.send("ping\n");
            c.assertSilentFor(Duration.ofMillis(800));
            c.send("_\n");
            c.assertSilentFor(Duration.ofMillis(800)); // 1.6 s since the first byte, 0.8 s per line
            assertThat(c.send("_\n").readLine()).isEqualTo("ok");
        }
    }

    @Test
    void c5ConnectionCapsCloseAtOnceAndFreeTheirSlot() {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.maxConnections(2))) {
            WireClient a = server.client();
            WireClient b = server.client();
            assertThat(a.request("ping", "_", "_")).isEqualTo("ok");
            assertThat(b.request("ping", "_", "_")).isEqualTo("ok");
            try (WireClient refused = server.client()) {
                refused.assertClosedWithoutBytes(PROMPTLY);
            }
            assertThat(server.server.openConnections()).isEqualTo(2);
            a.close();
            await().atMost(PROMPTLY).until(() -> server.server.openConnections() == 1);
            try (WireClient admitted = server.client()) {
                assertThat(admitted.request("ping", "_", "_")).isEqualTo("ok");
            }
            b.close();
        }
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.maxConnectionsPerIp(1));
             WireClient a = server.client()) {
            assertThat(a.request("ping", "_", "_")).isEqualTo("ok");
            try (WireClient refused = server.client()) {
                refused.assertClosedWithoutBytes(PROMPTLY);
            }
        }
    }

    @Test
    void c7PipelinedRequestsAreAnsweredInOrder() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                burst.append("l\nk").append(i).append("\n0\nping\n_\n_\nbogus\n_\n_\n");
            }
            c.send(burst.toString());
            for (int i = 0; i < 200; i++) {
                assertThat(c.readLine()).matches(GRANT);
                assertThat(c.readLine()).isEqualTo("ok");
                assertThat(c.readLine()).isEqualTo("error");
            }
        }
    }

    @Test
    void c7PipelinedRequestsBehindABlockingOneWaitForIt() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client()) {
            String token = holder.lock("k", "0");
            c.send("l\nk\n10\nping\n_\n_\n");
            c.assertSilentFor(Duration.ofMillis(300));
            assertThat(holder.request("r", "k", token)).isEqualTo("ok");
            assertThat(c.readLine()).matches(GRANT);
            assertThat(c.readLine()).isEqualTo("ok");
        }
    }

    @Test
    void c8MoreThan4096BytesWhileBlockedClosesWithoutReply() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client()) {
            holder.lock("k", "0");
            c.frame("l", "k", "20");
            await().atMost(PROMPTLY).until(() -> waitersOn(server, "k") == 1);
            c.send("ping\n_\n_\n".repeat(455) + "p"); // 9 x 455 + 1 = 4,096 bytes: still buffered
            c.assertSilentFor(Duration.ofMillis(200));
            assertThat(waitersOn(server, "k")).isEqualTo(1);
            c.send("i"); // 4,097 bytes
            long start = System.nanoTime();
            c.assertClosedWithoutBytes(PROMPTLY);
            await().atMost(PROMPTLY).until(() -> waitersOn(server, "k") == 0);
            logDelay("C-8 flood to waiter removed", start);
        }
    }

    @Test
    void c8BytesUpTo4096WhileBlockedAreServedAfterTheGrant() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient c = server.client()) {
            String token = holder.lock("k", "0");
            c.frame("l", "k", "20");
            await().atMost(PROMPTLY).until(() -> waitersOn(server, "k") == 1);
            c.send("ping\n_\n_\n".repeat(455) + "p"); // 9 x 455 + 1 = 4,096 bytes
            c.assertSilentFor(Duration.ofMillis(200));
            assertThat(holder.request("r", "k", token)).isEqualTo("ok");
            assertThat(c.readLine()).matches(GRANT);
            for (int i = 0; i < 455; i++) {
                assertThat(c.readLine()).isEqualTo("ok");
            }
            assertThat(c.send("ing\n_\n_\n").readLine()).isEqualTo("ok");
        }
    }

    @Test
    void c9DisconnectOrHalfCloseWhileBlockedRemovesTheWaiterPromptly() {
        try (TestServer server = TestServer.start(); WireClient holder = server.client();
             WireClient live = server.client()) {
            String token = holder.lock("k", "0");
            WireClient closing = server.client();
            WireClient halfClosing = server.client();
            WireClient resetting = server.client();
            closing.frame("l", "k", "30");
            halfClosing.frame("l", "k", "30");
            resetting.frame("l", "k", "30");
            await().atMost(PROMPTLY).until(() -> waitersOn(server, "k") == 3);
            live.frame("l", "k", "30");
            await().atMost(PROMPTLY).until(() -> waitersOn(server, "k") == 4);

            long start = System.nanoTime();
            closing.close();
            halfClosing.shutdownOutput();
            resetting.reset();
            await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(5)).until(() -> waitersOn(server, "k") == 1);
            logDelay("C-9 three departures to waiters removed", start);
            halfClosing.assertClosedWithoutBytes(PROMPTLY);
            halfClosing.close();

            assertThat(holder.request("r", "k", token)).isEqualTo("ok");
            assertThat(live.readLine()).matches(GRANT);
            assertThat(server.manager.stats().locks()).singleElement()
                    .satisfies(lock -> assertThat(lock.ownerSessionId()).isEqualTo(2));
        }
    }

    @Test
    void c10AClientThatNeverReadsIsDisconnectedAfterTheWriteTimeout() throws IOException {
        try (TestServer server = TestServer.start(engine -> engine.maxLocks(2048),
                tcp -> tcp.writeTimeout(Duration.ofSeconds(1)));
             WireClient filler = server.client(); WireClient waiter = server.client()) {
            String longKey = "x".repeat(200);
            for (int i = 0; i < 300; i++) {
                filler.lock(longKey.substring(0, 190) + i, "0");
            }
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(server.address());
            try (WireClient mute = new WireClient(socket)) {
                mute.lock("held", "0 60");
                waiter.frame("l", "held", "20");
                mute.send("stats\n_\n_\n".repeat(1000)); // ~80 MB of replies that are never read
                long start = System.nanoTime();
                assertThat(waiter.readLine()).matches(GRANT);
                logDelay("C-10 stalled writer to release", start);
            }
        }
    }

    @Test
    void c11AcceptedSocketsHaveNoDelayAndKeepAlive() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
            try (Socket accepted = listener.accept()) {
                TcpServer.configure(accepted);
                assertThat(accepted.getTcpNoDelay()).isTrue();
                assertThat(accepted.getKeepAlive()).isTrue();
                if (accepted.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                    assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(15);
                    assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(15);
                    assertThat(accepted.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(9);
                }
                assertThat(accepted.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            }
        }
    }

    @Test
    void c12AnIdleHolderThatClosesOrResetsIsCleanedUpPromptly() {
        try (TestServer server = TestServer.start(); WireClient waiter = server.client()) {
            for (boolean reset : new boolean[] {false, true}) {
                WireClient holder = server.client();
                holder.lock("k", "0 60");
                waiter.frame("l", "k", "20");
                await().atMost(PROMPTLY).until(() -> waitersOn(server, "k") == 1);
                long start = System.nanoTime();
                if (reset) {
                    holder.reset();
                } else {
                    holder.close();
                }
                String grant = waiter.readLine();
                logDelay("C-12 " + (reset ? "reset" : "close") + " of an idle holder to grant", start);
                assertThat(grant).matches(GRANT);
                assertThat(waiter.request("r", "k", grant.split(" ")[1])).isEqualTo("ok");
            }
        }
    }

    @Test
    void anIpv6LiteralIsBound() {
        assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback here");
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.host("::1"));
             WireClient c = server.client()) {
            assertThat(server.address().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
        }
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return probe.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void cleanupRunsForEveryConnectionSoTheSessionCountReturnsToZero() {
        try (TestServer server = TestServer.start()) {
            for (int i = 0; i < 20; i++) {
                try (WireClient c = server.client()) {
                    c.lock("k" + i, "0");
                }
            }
            await().atMost(PROMPTLY).until(() -> server.server.openConnections() == 0
                    && server.manager.stats().openSessions() == 0);
            server.assertEngineIdle();
        }
    }
}
