package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShardFunctionTest {

    /** CLIENT.md §3: CRC-32 of the UTF-8 key, then the shard index for n = 2, 3, 4, 5, 7. */
    @ParameterizedTest
    @CsvSource({
        "deploy-job,       2526400174, 0, 1, 2, 4, 4",
        "rate-limited-api, 272496549,  1, 0, 1, 4, 3",
        "a,                3904355907, 1, 0, 3, 2, 4",
        "user:42,          1684999558, 0, 1, 2, 3, 4",
        "ключ,             212833818,  0, 0, 2, 3, 1",
    })
    void crc32MatchesTheSpecVectors(String key, long crc, int n2, int n3, int n4, int n5, int n7) {
        ShardFunction shard = ShardFunction.crc32();
        assertThat(ShardFunction.checksum(key)).isEqualTo(crc);
        assertThat(shard.shard(key, 2)).isEqualTo(n2);
        assertThat(shard.shard(key, 3)).isEqualTo(n3);
        assertThat(shard.shard(key, 4)).isEqualTo(n4);
        assertThat(shard.shard(key, 5)).isEqualTo(n5);
        assertThat(shard.shard(key, 7)).isEqualTo(n7);
        assertThat(shard.shard(key, 1)).isZero();
    }

    @Test
    void hexFormsOfTheVectorsAgree() {
        assertThat(ShardFunction.checksum("deploy-job")).isEqualTo(0x9695CEAEL);
        assertThat(ShardFunction.checksum("ключ")).isEqualTo(0x0CAF961AL);
    }

    @Test
    void aShardFunctionOutOfRangeFailsBeforeAnyIo() {
        DistributedLock lock = DistributedLock.builder("k")
                .servers(java.util.List.of("127.0.0.1:1", "127.0.0.1:2"))
                .shardFunction((key, n) -> n)
                .build();
        assertThatThrownBy(lock::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("2");
        assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void zeroServersIsRejected() {
        assertThatThrownBy(() -> ShardFunction.crc32().shard("k", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
