package io.dflockd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.Granted;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HTTP.md §6.4: reaping never cuts short a lease the session holds, even one nobody has collected yet. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleReapingIT {
    private static final Logger LOG = LoggerFactory.getLogger(IdleReapingIT.class);

    @Test
    void aSessionWhoseOnlyGrantIsAPromotedUncollectedEnqueueIsNotReapedBeforeThatLeaseEnds() throws Exception {
        try (TestApi api = TestApi.start(b -> b.sessionIdleTimeout(Duration.ofSeconds(1)))) {
            ResourceKey key = ResourceKey.of("reap-two-phase");
            Session holder = api.manager.openSession(); // in-process: never reaped by the HTTP adapter
            Granted held = (Granted) holder.acquire(key, 1, Duration.ZERO);
            String sid = api.createSession();
            assertThat(api.post("/v1/locks/reap-two-phase/enqueue", sid, "{\"lease_ttl_s\":4}").body())
                    .isEqualTo("{\"status\":\"queued\"}\n");
            long sessionsBefore = api.manager.stats().openSessions();
            long start = System.nanoTime(); // before the promotion, so the lease ends at least 4 s from here
            holder.release(key, held.grant().token());
            ResourceView promoted = api.manager.view(key).orElseThrow();
            assertThat(promoted.holders()).as("promoted, not collected").hasSize(1);
            assertThat(promoted.waiters()).isZero();

            // nothing touches the session from here on: it is idle past 2 × 1 s long before its lease ends
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.manager.stats().openSessions() == sessionsBefore - 1);
            long reapedAfter = System.nanoTime() - start;
            LOG.info("session holding only an uncollected two-phase grant reaped after {} ms (lease 4 s)",
                    reapedAfter / 1_000_000);
            assertThat(reapedAfter).isGreaterThanOrEqualTo(Duration.ofSeconds(4).toNanos());
            assertThat(api.manager.view(key).map(ResourceView::holders).orElseThrow())
                    .as("auto-released with the reaped session").isEmpty();
            TestApi.assertError(api.post("/v1/sessions/" + sid + "/ping", null, null), 410, "session_gone");
            holder.close();
        }
    }
}
