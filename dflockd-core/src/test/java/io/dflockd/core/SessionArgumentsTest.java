package io.dflockd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Misuse of the embedded API is an IllegalArgumentException naming the bad value; adapters validate first. */
class SessionArgumentsTest {
    private static final ResourceKey KEY = ResourceKey.of("k");

    @Test
    void limitsTtlsAndTimeoutsAreValidated() {
        try (LockManager manager = LockManager.create(LockManagerConfig.builder().nanoClock(new ManualNanoClock()).build());
             Session session = manager.openSession()) {
            assertThatThrownBy(() -> session.acquire(KEY, 0, Duration.ZERO)).hasMessageContaining("limit");
            assertThatThrownBy(() -> session.acquire(KEY, Session.MAX_LIMIT + 1, Duration.ZERO))
                    .hasMessageContaining("limit");
            assertThatThrownBy(() -> session.acquire(KEY, 1, Duration.ofSeconds(-1))).hasMessageContaining("timeout");
            assertThatThrownBy(() -> session.acquire(KEY, 1, Duration.ZERO, Duration.ZERO))
                    .hasMessageContaining("leaseTtl");
            assertThatThrownBy(() -> session.enqueue(KEY, 1, Duration.ofMillis(1500))).hasMessageContaining("leaseTtl");
            assertThatThrownBy(() -> session.renew(KEY, new Token(1, 1), Duration.ofSeconds(-3)))
                    .hasMessageContaining("leaseTtl");
            assertThatThrownBy(() -> session.acquireAsync(KEY, 1, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(manager.view(KEY)).isEmpty();
        }
    }

    @Test
    void theLargestSemaphoreLimitIsAccepted() throws Exception {
        try (LockManager manager = LockManager.create(LockManagerConfig.builder().nanoClock(new ManualNanoClock()).build());
             Session session = manager.openSession()) {
            assertThat(session.acquire(KEY, Session.MAX_LIMIT, Duration.ZERO)).isInstanceOf(Granted.class);
        }
    }
}
