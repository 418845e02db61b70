package io.dflockd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockManagerSmokeTest {
    @Test
    void acquireReleaseOnARealManager() throws Exception {
        try (LockManager manager = LockManager.create(LockManagerConfig.defaults());
             Session session = manager.openSession()) {
            ResourceKey key = ResourceKey.of("k");
            AcquireOutcome outcome = session.acquire(key, 1, Duration.ofSeconds(1));
            assertThat(outcome).isInstanceOf(Granted.class);
            Token token = ((Granted) outcome).grant().token();
            assertThat(token.hex()).hasSize(32);
            assertThat(session.release(key, token)).isEqualTo(Released.INSTANCE);
            assertThat(session.release(key, token)).isEqualTo(NotHeld.INSTANCE);
        }
    }
}
