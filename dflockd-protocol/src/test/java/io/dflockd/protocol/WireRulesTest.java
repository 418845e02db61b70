package io.dflockd.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireRulesTest {

    @Test
    void whitespaceIsExactlySpaceTabVtFfAndCr() {
        for (int b = 0; b < 256; b++) {
            boolean expected = b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C || b == 0x0D;
            assertThat(WireRules.isWhitespace((byte) b)).as("byte 0x%02x", b).isEqualTo(expected);
        }
    }

    @Test
    void keysForbidExactlySpaceTabCrAndLf() {
        for (int b = 0; b < 256; b++) {
            boolean expected = b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A;
            assertThat(WireRules.isForbiddenInKey((byte) b)).as("byte 0x%02x", b).isEqualTo(expected);
        }
    }

    @Test
    void durationsRoundUpToWholeSeconds() {
        assertThat(WireRules.secondsRoundedUp(Duration.ZERO)).isZero();
        assertThat(WireRules.secondsRoundedUp(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(WireRules.secondsRoundedUp(Duration.ofMillis(500))).isEqualTo(1);
        assertThat(WireRules.secondsRoundedUp(Duration.ofMillis(1200))).isEqualTo(2);
        assertThat(WireRules.secondsRoundedUp(Duration.ofSeconds(10))).isEqualTo(10);
        assertThat(WireRules.secondsRoundedUp(Duration.ofSeconds(WireRules.MAX_SECONDS)))
                .isEqualTo(WireRules.MAX_SECONDS);
        assertThatThrownBy(() -> WireRules.secondsRoundedUp(Duration.ofSeconds(WireRules.MAX_SECONDS, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireRules.secondsRoundedUp(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientChecksFollowClientSpec54() {
        assertThat(WireRules.requireToken("18ae810e00bf807b3f9c2a71d04e8b56")).hasSize(32);
        assertThatThrownBy(() -> WireRules.requireToken("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireRules.requireToken("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireRules.requireToken("a\u000Bb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireRules.requireToken("x".repeat(257))).isInstanceOf(IllegalArgumentException.class);
        assertThat(WireRules.requireAuthToken("pässwörd")).hasSize(10);
        assertThat(WireRules.requireAuthToken("inner space ok")).hasSize(14);
        assertThatThrownBy(() -> WireRules.requireAuthToken("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireRules.requireAuthToken("a\rb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(WireRules.requireLimit(1)).isEqualTo(1);
        assertThat(WireRules.requireLimit(WireRules.MAX_LIMIT)).isEqualTo(WireRules.MAX_LIMIT);
        assertThatThrownBy(() -> WireRules.requireLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireRules.requireLimit(WireRules.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireRules.requireSeconds(-1, "timeout")).hasMessageContaining("timeout");
    }
}
