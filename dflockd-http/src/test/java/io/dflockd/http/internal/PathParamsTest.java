package io.dflockd.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PathParamsTest {
    private static String detail(String raw) {
        try {
            PathParams.key(raw);
        } catch (ApiException e) {
            return e.error().detail();
        }
        throw new AssertionError("accepted " + raw);
    }

    @Test
    void keysArePercentDecodedExactlyOnceToBytes() {
        assertThat(PathParams.key("a%2Fb").asString()).isEqualTo("a/b");
        assertThat(PathParams.key("a%252F").asString()).isEqualTo("a%2F");
        assertThat(PathParams.key("a+b").asString()).isEqualTo("a+b");
        assertThat(PathParams.key("%ff%00").toBytes()).containsExactly((byte) 0xFF, (byte) 0);
        assertThat(PathParams.key("\u00e9").toBytes()).containsExactly((byte) 0xE9);
        assertThat(PathParams.key("%C3%A9").toBytes()).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidKeysHaveTheSpecDetails() {
        assertThat(detail("")).isEqualTo("empty key");
        assertThat(detail("%20")).isEqualTo("key contains whitespace");
        assertThat(detail("a%0D")).isEqualTo("key contains whitespace");
        assertThat(detail("x".repeat(257))).isEqualTo("key too long (max 256 bytes)");
        assertThat(detail("%41".repeat(257))).isEqualTo("key too long (max 256 bytes)");
        assertThat(detail("%zz")).isEqualTo("invalid key encoding");
        assertThat(detail("%4")).isEqualTo("invalid key encoding");
        assertThat(detail("%")).isEqualTo("invalid key encoding");
        assertThat(detail("\u20ac")).isEqualTo("invalid key encoding");
        assertThat(PathParams.key("%41".repeat(256)).length()).isEqualTo(256);
    }

    @Test
    void sessionIdsAreExactly32LowercaseHex() {
        assertThat(PathParams.sessionId("0123456789abcdef0123456789abcdef")).hasSize(32);
        for (String bad : new String[] {"0123456789ABCDEF0123456789ABCDEF", "0123", "0123456789abcdef0123456789abcdeg",
            "0123456789abcdef0123456789abcdef0"}) {
            assertThatThrownBy(() -> PathParams.sessionId(bad)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("invalid session id");
        }
    }
}
