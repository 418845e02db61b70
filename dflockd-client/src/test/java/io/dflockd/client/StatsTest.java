package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void parsesTheSpecExampleAndIgnoresUnknownFields() {
        Stats stats = Stats.parse("{\"connections\":3,\"locks\":[{\"key\":\"deploy-job\",\"owner_conn_id\":7,"
                + "\"lease_expires_in_s\":57.204,\"waiters\":1,\"future\":true}],\"semaphores\":[{\"key\":"
                + "\"rate-limited-api\",\"limit\":5,\"holders\":2,\"waiters\":0}],\"idle_locks\":[{\"key\":"
                + "\"nightly-report\",\"idle_s\":12.5}],\"idle_semaphores\":[],\"extra\":{\"a\":[1,2]}}");
        assertThat(stats.connections()).isEqualTo(3);
        assertThat(stats.locks()).containsExactly(new Stats.LockInfo("deploy-job", 7, 57.204, 1));
        assertThat(stats.semaphores()).containsExactly(new Stats.SemaphoreInfo("rate-limited-api", 5, 2, 0));
        assertThat(stats.idleLocks()).containsExactly(new Stats.IdleInfo("nightly-report", 12.5));
        assertThat(stats.idleSemaphores()).isEmpty();
        assertThat(stats.lock("deploy-job")).isPresent();
        assertThat(stats.semaphore("nope")).isEmpty();
    }

    @Test
    void missingArraysAreEmpty() {
        Stats stats = Stats.parse("{\"connections\":0}");
        assertThat(stats.locks()).isEmpty();
        assertThat(stats.idleSemaphores()).isEmpty();
    }

    @Test
    void malformedJsonIsAProtocolException() {
        assertThatThrownBy(() -> Stats.parse("{\"connections\":")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Stats.parse("[]")).isInstanceOf(ProtocolException.class);
    }
}
