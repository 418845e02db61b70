package io.dflockd.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTest {
    @Test
    void rawPathsMatchPatternsSegmentBySegment() {
        assertThat(Route.find("/v1/locks/a%2Fb/release")).isEqualTo(new Route.RouteMatch(Route.LOCK_RELEASE, "a%2Fb"));
        assertThat(Route.find("/v1/semaphores/x")).isEqualTo(new Route.RouteMatch(Route.SEMAPHORE, "x"));
        assertThat(Route.find("/v1/sessions")).isEqualTo(new Route.RouteMatch(Route.SESSIONS, ""));
        assertThat(Route.find("/v1/sessions/abc/ping").route()).isEqualTo(Route.SESSION_PING);
        assertThat(Route.find("/v1/locks/a/b")).isNull();
        assertThat(Route.find("/health/")).isNull();
        assertThat(Route.find("/v1/locks")).isNull();
        assertThat(Route.find("")).isNull();
        assertThat(Route.find("/v1/openapi.json").route()).isEqualTo(Route.OPENAPI);
    }

    @Test
    void allowHeadersFollowTheSpecOrder() {
        assertThat(Route.LOCK.allowHeader()).isEqualTo("GET, HEAD, POST");
        assertThat(Route.HEALTH.allowHeader()).isEqualTo("GET, HEAD");
        assertThat(Route.SESSION.allowHeader()).isEqualTo("DELETE");
        assertThat(Route.LOCK_WAIT.allowHeader()).isEqualTo("POST");
        assertThat(Route.LOCK.operation("HEAD")).isEqualTo(Operation.GET_LOCK);
        assertThat(Route.LOCK.operation("PUT")).isNull();
    }

    @Test
    void exemptionsFollowTheSpec() {
        assertThat(Route.HEALTH.authExempt() && Route.HEALTH.rateLimitExempt()).isTrue();
        assertThat(Route.READY.authExempt() && Route.READY.rateLimitExempt()).isTrue();
        assertThat(Route.OPENAPI.authExempt()).isTrue();
        assertThat(Route.OPENAPI.rateLimitExempt()).isFalse();
        assertThat(Route.METRICS.authExempt()).isFalse();
        assertThat(Operation.values()).hasSize(20).filteredOn(Operation::lockOperation).hasSize(10);
    }
}
