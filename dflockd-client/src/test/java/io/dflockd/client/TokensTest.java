package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokensTest {
    private static final String T1 = "18ae810e00bf807b3f9c2a71d04e8b56";

    @Test
    void fenceIsTheFirstSixteenHexDigitsUnsigned() {
        assertThat(Tokens.fence(T1)).isEqualTo(0x18ae810e00bf807bL);
        assertThat(Tokens.fence("FFFFFFFFFFFFFFFF0000000000000000")).isEqualTo(-1L);
        assertThat(Tokens.toUnsignedString(-1L)).isEqualTo("18446744073709551615");
        assertThat(Long.compareUnsigned(Tokens.fence("ffffffffffffffff0000000000000000"),
                Tokens.fence("7fffffffffffffff0000000000000000"))).isPositive();
    }

    @Test
    void fenceRejectsAnythingButThirtyTwoHexCharacters() {
        assertThatThrownBy(() -> Tokens.fence("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tokens.fence(T1 + "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tokens.fence("g8ae810e00bf807b3f9c2a71d04e8b56"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tokens.fence("١٨ae810e00bf807b3f9c2a71d04e8b56"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void grantToStringNeverShowsTheSalt() {
        Grant grant = new Grant(T1, 60);
        assertThat(grant.toString()).doesNotContain("3f9c2a71d04e8b56").contains("18ae810e00bf807b").contains("60");
        assertThat(grant.fence()).hasValue(0x18ae810e00bf807bL);
        assertThat(new Grant("opaque-token", 5).fence()).isEmpty();
        assertThat(new Grant("opaque-token", 5).toString()).doesNotContain("opaque");
    }

    @Test
    void grantValidatesItsFields() {
        assertThatThrownBy(() -> new Grant("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Grant(T1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enqueueStatusHasWireNames() {
        assertThat(EnqueueStatus.ACQUIRED.wireName()).isEqualTo("acquired");
        assertThat(EnqueueStatus.QUEUED.wireName()).isEqualTo("queued");
    }
}
