package io.dflockd.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.Acquired;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Queued;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.Renewed;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import io.dflockd.protocol.ResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SEMANTICS.md §10, TCP column: every outcome and every reject reason, as the bytes that go on the wire. */
class WireRepliesTest {
    private static final Grant GRANT = new Grant(ResourceKey.of("k"), new Token(0x18ae810e00bf807bL,
            0x3f9c2a71d04e8b56L), Duration.ofSeconds(60));

    private static String wire(io.dflockd.core.Outcome outcome) {
        return new String(ResponseEncoder.encode(WireReplies.of(outcome)), StandardCharsets.US_ASCII);
    }

    @Test
    void grantsCarryTheTokenAndTheLease() {
        assertThat(wire(new Granted(GRANT))).isEqualTo("ok 18ae810e00bf807b3f9c2a71d04e8b56 60\n");
        assertThat(wire(new Acquired(GRANT))).isEqualTo("acquired 18ae810e00bf807b3f9c2a71d04e8b56 60\n");
    }

    @Test
    void theOtherSuccessesHaveTheirOwnSpelling() {
        assertThat(wire(Queued.INSTANCE)).isEqualTo("queued\n");
        assertThat(wire(TimedOut.INSTANCE)).isEqualTo("timeout\n");
        assertThat(wire(new Renewed(Duration.ofSeconds(45)))).isEqualTo("ok 45\n");
        assertThat(wire(Released.INSTANCE)).isEqualTo("ok\n");
    }

    @Test
    void notHeldAndSessionClosedAreGenericErrors() {
        assertThat(wire(NotHeld.INSTANCE)).isEqualTo("error\n");
        assertThat(wire(SessionClosed.INSTANCE)).isEqualTo("error\n");
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void everyRejectReasonHasItsStatus(RejectReason reason) {
        String expected = switch (reason) {
            case MAX_LOCKS -> "error_max_locks";
            case MAX_WAITERS -> "error_max_waiters";
            case LIMIT_MISMATCH -> "error_limit_mismatch";
            case ALREADY_ENQUEUED -> "error_already_enqueued";
            case NOT_ENQUEUED -> "error_not_enqueued";
            case LEASE_EXPIRED -> "error_lease_expired";
            case SHUTTING_DOWN, FENCE_PERSISTENCE -> "error";
        };
        assertThat(wire(new Rejected(reason))).isEqualTo(expected + "\n");
    }
}
