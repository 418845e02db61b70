package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CLIENT.md §4.3: interval = lease × renewRatio × (1 − U × renewJitter), jitter only earlier, at least 1 ms. */
class RenewIntervalTest {

    @Test
    void withTheDefaultsASixtySecondLeaseRenewsBetweenTwentySevenAndThirtySeconds() {
        assertThat(Tenure.renewDelayNanos(60, 0.5, 0.10, 0.0)).isEqualTo(TimeUnit.SECONDS.toNanos(30));
        assertThat(Tenure.renewDelayNanos(60, 0.5, 0.10, 0.5))
                .isCloseTo(TimeUnit.MILLISECONDS.toNanos(28_500), within(1_000L));
        assertThat(Tenure.renewDelayNanos(60, 0.5, 0.10, Math.nextDown(1.0)))
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(27)).isLessThan(TimeUnit.MILLISECONDS.toNanos(27_001));
    }

    @Test
    void noJitterMeansExactlyTheRatio() {
        assertThat(Tenure.renewDelayNanos(2, 0.5, 0.0, 0.9)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(Tenure.renewDelayNanos(10, 0.25, 0.0, 0.3))
                .isCloseTo(TimeUnit.MILLISECONDS.toNanos(2_500), within(1_000L));
    }

    @Test
    void neverLessThanOneMillisecond() {
        assertThat(Tenure.renewDelayNanos(0, 0.5, 0.1, 0.5)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
    }
}
