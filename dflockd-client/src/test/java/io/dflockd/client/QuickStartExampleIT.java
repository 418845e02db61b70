package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.client.examples.QuickStartExample;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's Java quick start runs against a real server and leaves nothing held. */
@Timeout(30)
class QuickStartExampleIT {

    @Test
    void theQuickStartRuns() throws Exception {
        try (TestServer server = TestServer.start()) {
            List<String> log = new CopyOnWriteArrayList<>();
            QuickStartExample.run(server.address(), log::add);
            assertThat(log).hasSize(4);
            assertThat(log.get(0)).startsWith("step 2: holding deploy-job, fence ").endsWith("lease 60 s");
            assertThat(log.get(1)).isEqualTo("step 4: enqueue returned acquired");
            assertThat(log.get(2)).isEqualTo("step 4: holding deploy-job: true");
            assertThat(log.get(3)).isEqualTo("step 5: holding a slot of rate-limited-api (limit 5)");
            assertThat(server.idle()).isTrue();
        }
    }

    @Test
    void theMainMethodRuns() throws Exception {
        try (TestServer server = TestServer.start()) {
            QuickStartExample.main(new String[] {server.address()});
            assertThat(server.idle()).isTrue();
        }
    }
}
