package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two real servers: every key lands on the server the CRC-32 vectors name (CLIENT.md §3). */
@Timeout(30)
class ShardingIT {

    @Test
    void keysLandWhereTheVectorsSay() throws Exception {
        Map<String, Integer> expected = Map.of("deploy-job", 0, "a", 1, "user:42", 0, "ключ", 0);
        try (TestServer zero = TestServer.start(); TestServer one = TestServer.start()) {
            List<String> servers = List.of(zero.address(), one.address());
            List<TestServer> byIndex = List.of(zero, one);
            for (Map.Entry<String, Integer> entry : expected.entrySet()) {
                try (DistributedLock lock = DistributedLock.builder(entry.getKey()).servers(servers).build()) {
                    assertThat(lock.acquire()).isTrue();
                    assertThat(byIndex.get(entry.getValue()).holders(entry.getKey())).as(entry.getKey()).isEqualTo(1);
                    assertThat(byIndex.get(1 - entry.getValue()).holders(entry.getKey())).isZero();
                }
            }
            // rate-limited-api lands on server 1 (n = 2)
            try (DistributedSemaphore sem = DistributedSemaphore.builder("rate-limited-api", 5).servers(servers)
                    .build()) {
                assertThat(sem.acquire()).isTrue();
                assertThat(one.semaphore("rate-limited-api").orElseThrow().holders()).isEqualTo(1);
            }
        }
    }

    @Test
    void aCustomShardFunctionIsHonoured() throws Exception {
        try (TestServer zero = TestServer.start(); TestServer one = TestServer.start();
             DistributedLock lock = DistributedLock.builder("deploy-job")
                     .servers(List.of(zero.address(), one.address())).shardFunction((key, n) -> 1).build()) {
            assertThat(lock.acquire()).isTrue();
            assertThat(one.holders("deploy-job")).isEqualTo(1);
        }
    }
}
