package io.dflockd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LockManagerConfigTest {

    @Test
    void defaultsAreThoseOfTheReferenceServer() {
        LockManagerConfig config = LockManagerConfig.defaults();
        assertThat(config.defaultLeaseTtl()).isEqualTo(Duration.ofSeconds(33));
        assertThat(config.leaseSweepInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.gcInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.gcMaxIdle()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxLocks()).isEqualTo(1024);
        assertThat(config.maxWaiters()).isZero();
        assertThat(config.autoReleaseOnSessionEnd()).isTrue();
        assertThat(config.fenceStateFile()).isEmpty();
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                invalid("defaultLeaseTtl", b -> b.defaultLeaseTtl(Duration.ZERO)),
                invalid("defaultLeaseTtl", b -> b.defaultLeaseTtl(Duration.ofMillis(1500))),
                invalid("defaultLeaseTtl", b -> b.defaultLeaseTtl(Duration.ofSeconds(-1))),
                invalid("defaultLeaseTtl", b -> b.defaultLeaseTtl(null)),
                invalid("leaseSweepInterval", b -> b.leaseSweepInterval(Duration.ZERO)),
                invalid("leaseSweepInterval", b -> b.leaseSweepInterval(Duration.ofSeconds(LockManagerConfig.MAX_SECONDS + 1))),
                invalid("gcInterval", b -> b.gcInterval(Duration.ofSeconds(-5))),
                invalid("gcMaxIdle", b -> b.gcMaxIdle(Duration.ofSeconds(-1))),
                invalid("maxLocks", b -> b.maxLocks(0)),
                invalid("maxWaiters", b -> b.maxWaiters(-1)),
                invalid("nanoClock", b -> b.nanoClock(null)),
                invalid("wallClock", b -> b.wallClock(null)));
    }

    private static Arguments invalid(String field, UnaryOperator<LockManagerConfig.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void anInvalidFieldIsRejectedWithItsNameInTheMessage(String field, UnaryOperator<LockManagerConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(LockManagerConfig.builder()).build())
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class)
                .hasMessageContaining(field);
    }

    @Test
    void zeroGcMaxIdleAndZeroMaxWaitersAreValid() {
        LockManagerConfig config = LockManagerConfig.builder().gcMaxIdle(Duration.ZERO).maxWaiters(0).build();
        assertThat(config.gcMaxIdle()).isZero();
    }
}
