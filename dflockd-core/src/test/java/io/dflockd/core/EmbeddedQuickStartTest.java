package io.dflockd.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's embedded quick start compiling and true: the block below is the README's code. */
class EmbeddedQuickStartTest {

    @Test
    void theReadmeQuickStartTakesAndReleasesTheLock() throws InterruptedException {
        List<String> happened = new ArrayList<>();

        // --- README: Embedded quick start ---
        try (LockManager manager = LockManager.create(LockManagerConfig.defaults());
             Session session = manager.openSession()) {
            ResourceKey key = ResourceKey.of("deploy-job");
            AcquireOutcome outcome = session.acquire(key, 1, Duration.ofSeconds(10), Duration.ofSeconds(60));
            if (outcome instanceof Granted granted) {
                try {
                    // ... critical section; granted.grant().fence() is the fencing token ...
                    happened.add("held with fence " + Long.toUnsignedString(granted.grant().fence()));
                    assertThat(manager.stats().locks()).hasSize(1);
                } finally {
                    session.release(key, granted.grant().token());
                }
            } else {
                // TimedOut, Rejected(reason) or SessionClosed: results, not exceptions
                happened.add("not granted: " + outcome);
            }
            // --- end of the README's code ---
            assertThat(manager.stats().locks()).isEmpty();
            assertThat(manager.stats().idleLocks()).extracting(StatsSnapshot.IdleEntry::key).containsExactly(key);
        }
        assertThat(happened).singleElement().asString().startsWith("held with fence ");
    }
}
