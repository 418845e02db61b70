package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static void rejected(UnaryOperator<DistributedLock.Builder> options, String option) {
        assertThatThrownBy(() -> options.apply(DistributedLock.builder("k")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(option);
    }

    @Test
    void buildNamesTheInvalidOption() {
        assertThatThrownBy(() -> DistributedLock.builder("").build()).hasMessageStartingWith("key");
        assertThatThrownBy(() -> DistributedLock.builder("a b").build()).hasMessageStartingWith("key");
        assertThatThrownBy(() -> DistributedLock.builder("a\tb").build()).hasMessageStartingWith("key");
        assertThatThrownBy(() -> DistributedLock.builder("k".repeat(257)).build()).hasMessageStartingWith("key");
        assertThatThrownBy(() -> DistributedLock.builder("é".repeat(129)).build()).hasMessageStartingWith("key");
        assertThatThrownBy(() -> DistributedLock.builder(null).build()).hasMessageStartingWith("key");
        rejected(b -> b.acquireTimeout(Duration.ofSeconds(-1)), "acquireTimeout");
        rejected(b -> b.acquireTimeout(Duration.ofSeconds(9_223_372_037L)), "acquireTimeout");
        rejected(b -> b.leaseTtl(Duration.ofMillis(-1)), "leaseTtl");
        rejected(b -> b.leaseTtl(null), "leaseTtl");
        rejected(b -> b.servers(List.of()), "servers");
        rejected(b -> b.servers(List.of("localhost")), "servers");
        rejected(b -> b.servers(List.of("::1:6388")), "servers");
        rejected(b -> b.servers(List.of("127.0.0.1:0")), "servers");
        rejected(b -> b.servers(List.of("127.0.0.1:65536")), "servers");
        rejected(b -> b.shardFunction(null), "shardFunction");
        rejected(b -> b.renewRatio(0), "renewRatio");
        rejected(b -> b.renewRatio(1), "renewRatio");
        rejected(b -> b.renewRatio(Double.NaN), "renewRatio");
        rejected(b -> b.renewJitter(-0.1), "renewJitter");
        rejected(b -> b.renewJitter(1), "renewJitter");
        rejected(b -> b.authToken(" "), "authToken");
        rejected(b -> b.authToken("a\nb"), "authToken");
        rejected(b -> b.authToken("x".repeat(65_537)), "authToken");
        rejected(b -> b.connectTimeout(Duration.ZERO), "connectTimeout");
        assertThatThrownBy(() -> DistributedSemaphore.builder("k", 0).build()).hasMessageStartingWith("limit");
        assertThatThrownBy(() -> DistributedSemaphore.builder("k", 1_048_577).build())
                .hasMessageStartingWith("limit");
    }

    @Test
    void defaultsAndAccessors() {
        DistributedLock lock = DistributedLock.builder("deploy-job").build();
        assertThat(lock.key()).isEqualTo("deploy-job");
        assertThat(lock.limit()).isEqualTo(1);
        assertThat(lock.isHeld()).isFalse();
        assertThat(lock.token()).isEmpty();
        assertThat(lock.fence()).isEmpty();
        assertThat(lock.leaseSeconds()).isZero();
        assertThat(lock.toString()).startsWith("DistributedLock[").contains("deploy-job").contains("not held");
        assertThatThrownBy(lock::leaseLost).isInstanceOf(IllegalStateException.class);
        DistributedSemaphore sem = DistributedSemaphore.builder("rate-limited-api", 5)
                .servers(List.of("[::1]:6388", "127.0.0.1:6389")).build();
        assertThat(sem.limit()).isEqualTo(5);
        assertThat(sem.toString()).startsWith("DistributedSemaphore[").contains("rate-limited-api").contains("5");
    }

    @Test
    void awaitWithoutEnqueueIsNotEnqueuedWithoutIo() {
        DistributedLock lock = DistributedLock.builder("k").servers(List.of("127.0.0.1:1")).build();
        assertThatThrownBy(() -> lock.await(Duration.ofSeconds(1))).isInstanceOf(NotEnqueuedException.class);
        assertThatThrownBy(() -> lock.await(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void releaseCloseAndAbandonOnAFreshInstanceDoNothing() {
        DistributedLock lock = DistributedLock.builder("k").build();
        lock.release();
        lock.close();
        lock.abandon();
        assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void addressesParse() {
        assertThat(HostPort.parse("[::1]:6388")).isEqualTo(new HostPort("::1", 6388));
        assertThat(HostPort.parse("[::1]:6388").toString()).isEqualTo("[::1]:6388");
        assertThat(HostPort.parse("example.com:1")).isEqualTo(new HostPort("example.com", 1));
        assertThatThrownBy(() -> HostPort.parse(":6388")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse("host:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse("host:+1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostPort.parse("[::1:6388")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DflockdConnection.connect("nope", ConnectOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectOptionsValidate() {
        assertThatThrownBy(() -> ConnectOptions.builder().connectTimeout(Duration.ofSeconds(-1)))
                .hasMessageStartingWith("connectTimeout");
        assertThatThrownBy(() -> ConnectOptions.builder().authToken("")).hasMessageStartingWith("authToken");
        ConnectOptions options = ConnectOptions.builder().authToken("s3cret").build();
        assertThat(options.toString()).doesNotContain("s3cret");
        assertThat(ConnectOptions.defaults().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConnectOptions.defaults().tls()).isEmpty();
        assertThat(ConnectOptions.defaults().hostnameVerification()).isTrue();
    }

    @Test
    void exceptionsKnowWhetherTheyAreRetryable() {
        assertThat(new ConnectionException("x", null).isRetryable()).isTrue();
        assertThat(new DrainingException("x", "error_draining").isRetryable()).isTrue();
        assertThat(new ServerErrorException("x", "error").isRetryable()).isFalse();
        assertThat(new ServerErrorException("x", "error").statusLine()).hasValue("error");
        assertThat(new ProtocolException("x", null).statusLine()).isEmpty();
    }
}
