package io.dflockd.http;

import static io.dflockd.http.TestApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.ResourceKey;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * D-2: ending an HTTP session by DELETE or by idle reaping gives the D-1 matrix: (a) a held lock, (b) a blocked
 * acquire, (c) a queued enqueue, (d) a promoted but uncollected enqueue, with auto-release on and off. Waiters
 * always leave; held slots are released only with auto-release on. A reaped session cannot have a long-poll in
 * flight (it would not be reaped), and is reaped only after the leases of its grants end (promoted ones included), so
 * (b) is a DELETE-only row, and (a) and (d) are checked for reaping with leases that have ended.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionEndMatrixIT {

    private static int holders(TestApi api, String key) {
        return api.manager.view(ResourceKey.of(key)).map(v -> v.holders().size()).orElse(0);
    }

    private static int waiters(TestApi api, String key) {
        return api.manager.view(ResourceKey.of(key)).map(v -> v.waiters()).orElse(0);
    }

    @ParameterizedTest(name = "{0}, auto-release {1}")
    @CsvSource({"DELETE,true", "DELETE,false", "REAP,true", "REAP,false"})
    void sessionEndMatchesTheDisconnectMatrix(String ending, boolean autoRelease) throws Exception {
        boolean reap = ending.equals("REAP");
        LockManagerConfig engine = LockManagerConfig.builder().autoReleaseOnSessionEnd(autoRelease).build();
        try (TestApi api = TestApi.start(engine, b -> b.sessionIdleTimeout(Duration.ofSeconds(reap ? 1 : 20)))) {
            String other = api.createSession();
            String sid = api.createSession();
            api.post("/v1/locks/m-a", sid, reap ? "{\"lease_ttl_s\":2}" : "{}");
            api.acquire(other, "m-b");
            api.acquire(other, "m-c");
            String dToken = api.acquire(other, "m-d");
            assertThat(api.post("/v1/locks/m-c/enqueue", sid, "{}").body()).contains("queued");
            // reaping waits for the promoted grant's lease too (HTTP.md §6.4), so it is short when reaping
            assertThat(api.post("/v1/locks/m-d/enqueue", sid, reap ? "{\"lease_ttl_s\":2}" : "{}").body())
                    .contains("queued");
            api.post("/v1/locks/m-d/release", other, "{\"token\":\"" + dToken + "\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> holders(api, "m-d") == 1 && waiters(api, "m-d") == 0);
            // the long-poll comes last: it holds the session's turn until the session ends
            CompletableFuture<HttpResponse<String>> blocked = reap ? null
                    : api.sendAsync(api.postRequest("/v1/locks/m-b", sid, "{\"acquire_timeout_s\":25}"));
            if (!reap) {
                await().atMost(Duration.ofSeconds(5)).until(() -> waiters(api, "m-b") == 1);
            }
            long sessions = api.manager.stats().openSessions();

            if (reap) {
                await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    api.post("/v1/sessions/" + other + "/ping", null, null);
                    return api.manager.stats().openSessions() == sessions - 1;
                });
            } else {
                assertThat(api.delete("/v1/sessions/" + sid).statusCode()).isEqualTo(204);
                assertError(blocked.get(5, TimeUnit.SECONDS), 410, "session_gone");
                assertThat(waiters(api, "m-b")).isZero();
            }
            assertError(api.post("/v1/sessions/" + sid + "/ping", null, null), 410, "session_gone");
            assertThat(waiters(api, "m-c")).isZero();
            int held = autoRelease ? 0 : 1;
            assertThat(holders(api, "m-d")).as("promoted, uncollected enqueue").isEqualTo(reap ? 0 : held);
            assertThat(holders(api, "m-a")).as("held lock").isEqualTo(reap ? 0 : held);
        }
    }
}
