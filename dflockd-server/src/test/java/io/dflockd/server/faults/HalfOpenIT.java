package io.dflockd.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.client.DistributedLock;
import io.dflockd.client.LeaseLostEvent;
import io.dflockd.server.testing.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A holder whose connection goes silent without closing (issue 7, Faults): through a {@link SilentProxy} that stops
 * forwarding both ways, the server still sees an open connection, so nothing is released on disconnect. The lease
 * still ends on time and the next waiter is granted; renewals that arrive after that fail; the Java client notices
 * the silence itself and reports {@code onLeaseLost}.
 */
@Timeout(60)
class HalfOpenIT {
    private static final Logger LOG = LoggerFactory.getLogger(HalfOpenIT.class);
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private static ServerProcess server;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.startJar("--port", "0", "--lease-sweep-interval", Long.toString(SWEEP.toSeconds()));
        server.tcpPort();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aSilentHolderLosesItsLeaseOnTimeAndItsLateRenewalsFail() {
        String key = "half-open-raw";
        try (SilentProxy proxy = new SilentProxy(server.tcpPort());
                LineClient holder = LineClient.connect(proxy.port());
                LineClient waiter = LineClient.connect(server.tcpPort());
                LineClient observer = LineClient.connect(server.tcpPort())) {
            long requested = System.nanoTime();
            String token = holder.lock(key, "0 " + LEASE.toSeconds());
            waiter.frame("l", key, "30 60");
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.request("stats", "_", "_")
                    .contains("\"waiters\":1}"));

            proxy.silence();
            long silenced = System.nanoTime();
            String grant = await().atMost(LEASE.plus(SWEEP).plus(LatencyProbe.PROMPTLY)).until(waiter::readLine,
                    Objects::nonNull);
            long sinceRequest = millisSince(requested);
            LOG.info("half-open holder (2 s lease, 1 s sweep): waiter granted {} ms after the silence, {} ms after"
                    + " the holder's request", millisSince(silenced), sinceRequest);
            assertThat(grant).matches(LineClient.GRANT);
            assertThat(sinceRequest).as("the lease began after the request was sent").isGreaterThanOrEqualTo(
                    LEASE.toMillis());
            assertThat(observer.request("stats", "_", "_")).as("the silent connection is still open")
                    .startsWith("ok {\"connections\":3,");

            proxy.resume();
            assertThat(holder.request("n", key, token)).isEqualTo("error");
            assertThat(holder.request("n", key, token + " 30")).isEqualTo("error");
            assertThat(holder.request("r", key, token)).isEqualTo("error");
            assertThat(waiter.request("r", key, grant.split(" ")[1])).isEqualTo("ok");
        }
    }

    @Test
    void theJavaClientReportsLeaseLostWhenItsConnectionGoesSilent() throws Exception {
        String key = "half-open-client";
        List<LeaseLostEvent> lost = new CopyOnWriteArrayList<>();
        try (SilentProxy proxy = new SilentProxy(server.tcpPort());
                LineClient waiter = LineClient.connect(server.tcpPort());
                LineClient observer = LineClient.connect(server.tcpPort());
                DistributedLock lock = DistributedLock.builder(key).leaseTtl(LEASE)
                        .servers(List.of("127.0.0.1:" + proxy.port())).onLeaseLost(lost::add).build()) {
            assertThat(lock.acquire()).isTrue();
            long fence = lock.fence().orElseThrow();
            waiter.frame("l", key, "30 60");
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.request("stats", "_", "_")
                    .contains("\"waiters\":1}"));

            proxy.silence();
            long silenced = System.nanoTime();
            await().atMost(LEASE.plus(LatencyProbe.PROMPTLY)).until(() -> lost.size() == 1);
            long lostAfter = millisSince(silenced);
            String grant = await().atMost(LEASE.plus(SWEEP).plus(LatencyProbe.PROMPTLY)).until(waiter::readLine,
                    Objects::nonNull);
            LOG.info("Java client behind a silent path (2 s lease): onLeaseLost after {} ms ({}), other waiter"
                    + " granted after {} ms", lostAfter, lost.get(0).cause().getClass().getSimpleName(),
                    millisSince(silenced));

            assertThat(lock.isHeld()).isFalse();
            assertThat(lost.get(0).key()).isEqualTo(key);
            assertThat(lost.get(0).fence()).hasValue(fence);
            assertThat(grant).matches(LineClient.GRANT);
            proxy.resume();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> lost.size() == 1);
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
