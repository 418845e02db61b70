package io.dflockd.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void newIpStartsFullAndRefillsContinuouslyUpToTheBurst() throws Exception {
        InetAddress ip = InetAddress.getByName("192.0.2.1");
        RateLimiter limiter = new RateLimiter(2, 3);
        long t = 1_000;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryTake(ip, t)).isTrue();
        }
        assertThat(limiter.tryTake(ip, t)).isFalse();
        assertThat(limiter.tryTake(ip, t + SECOND / 4)).isFalse();
        assertThat(limiter.tryTake(ip, t + SECOND / 2)).isTrue();
        assertThat(limiter.tryTake(ip, t + 100 * SECOND)).isTrue();
        assertThat(limiter.tryTake(ip, t + 100 * SECOND)).isTrue();
        assertThat(limiter.tryTake(ip, t + 100 * SECOND)).isTrue();
        assertThat(limiter.tryTake(ip, t + 100 * SECOND)).isFalse();
        assertThat(limiter.tryTake(InetAddress.getByName("192.0.2.2"), t)).isTrue();
    }

    @Test
    void idleBucketsAreSwept() throws Exception {
        RateLimiter limiter = new RateLimiter(1, 1);
        limiter.tryTake(InetAddress.getByName("192.0.2.1"), 0);
        limiter.sweep(RateLimiter.IDLE_NANOS);
        assertThat(limiter.size()).isEqualTo(1);
        limiter.sweep(RateLimiter.IDLE_NANOS + 1);
        assertThat(limiter.size()).isZero();
    }

    @Test
    void zeroRateIsOff() throws Exception {
        RateLimiter limiter = new RateLimiter(0, 0);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryTake(InetAddress.getByName("192.0.2.1"), 0)).isTrue();
        }
    }

    @Test
    void ipv4MappedAddressesCountAsIpv4() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF,
            (byte) 0xFF, (byte) 192, 0, 2, 1});
        assertThat(ClientAddress.of(new java.net.InetSocketAddress(mapped, 1)))
                .isEqualTo(InetAddress.getByName("192.0.2.1"));
    }
}
