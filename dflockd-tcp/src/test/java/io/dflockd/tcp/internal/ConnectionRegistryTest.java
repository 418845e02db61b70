package io.dflockd.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection caps of PROTOCOL.md §9. */
class ConnectionRegistryTest {

    @Test
    void totalAndPerIpCapsAreEnforcedAndFreedOnRelease() {
        ConnectionRegistry registry = new ConnectionRegistry(3, 2);
        assertThat(registry.tryAdmit("10.0.0.1")).isTrue();
        assertThat(registry.tryAdmit("10.0.0.1")).isTrue();
        assertThat(registry.tryAdmit("10.0.0.1")).isFalse();
        assertThat(registry.tryAdmit("10.0.0.2")).isTrue();
        assertThat(registry.tryAdmit("10.0.0.3")).isFalse();
        assertThat(registry.count()).isEqualTo(3);
        registry.release("10.0.0.1");
        assertThat(registry.tryAdmit("10.0.0.3")).isTrue();
        assertThat(registry.tryAdmit("10.0.0.1")).isFalse(); // total cap
    }

    @Test
    void zeroMeansUnlimited() {
        ConnectionRegistry registry = new ConnectionRegistry(0, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(registry.tryAdmit("127.0.0.1")).isTrue();
        }
        assertThat(registry.count()).isEqualTo(10_000);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aBurstOfConcurrentAdmissionsNeverExceedsTheCaps() throws Exception {
        for (int round = 0; round < 50; round++) {
            ConnectionRegistry registry = new ConnectionRegistry(10, 4);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String ip = "10.0.0." + (i % 4);
                results.add(pool.submit(() -> {
                    start.await();
                    return registry.tryAdmit(ip);
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> result : results) {
                admitted += result.get() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(admitted).isEqualTo(10);
            assertThat(registry.count()).isEqualTo(10);
        }
    }

    @Test
    void ipv4MappedIpv6AddressesCountAsTheirIpv4Form() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF,
            (byte) 0xFF, 127, 0, 0, 1});
        assertThat(ConnectionRegistry.ipOf(mapped)).isEqualTo("127.0.0.1");
        assertThat(ConnectionRegistry.ipOf(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ConnectionRegistry.ipOf(InetAddress.getByName("192.168.1.9"))).isEqualTo("192.168.1.9");
    }

    @Test
    void awaitEmptyReturnsOnceEveryConnectionIsReleased() throws Exception {
        ConnectionRegistry registry = new ConnectionRegistry(0, 0);
        registry.tryAdmit("a");
        assertThat(registry.awaitEmpty(TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        Thread releaser = new Thread(() -> registry.release("a"));
        releaser.start();
        assertThat(registry.awaitEmpty(TimeUnit.SECONDS.toNanos(5))).isTrue();
        releaser.join();
    }
}
