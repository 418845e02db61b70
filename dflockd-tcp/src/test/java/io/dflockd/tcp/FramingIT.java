package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.ResourceKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checklist P-1..P-15 (SEMANTICS.md §11.1) and every framing rule of PROTOCOL.md §2, over real sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FramingIT {
    private static final String GRANT = "ok [0-9a-f]{32} \\d+";

    private TestServer server;
    private WireClient c;

    @BeforeEach
    void start() {
        server = TestServer.start();
        c = server.client();
    }

    @AfterEach
    void stop() {
        c.close();
        server.close();
    }

    @Test
    void p1CrlfLineEndingsAreAccepted() {
        assertThat(c.send("l\r\nk\r\n0\r\n").readLine()).matches(GRANT);
        assertThat(c.send("ping\r\n_\r\n_\r\n").readLine()).isEqualTo("ok");
    }

    @Test
    void p1OnlyOneTrailingCrIsStripped() {
        assertThat(c.send("ping\r\r\n_\n_\n").readLine()).isEqualTo("error"); // "ping\r" is no command
        assertThat(c.send("l\nk\r\r\n0\n").readLine()).isEqualTo("error"); // a CR stays in the key
        assertThat(c.send("l\nk\n0\r\r\n").readLine()).matches(GRANT); // "0\r": CR is whitespace in arguments
    }

    @Test
    void p2A256ByteKeyIsAcceptedAnd257IsRefusedWithClose() {
        String key256 = "k".repeat(256);
        assertThat(c.request("l", key256, "0")).matches(GRANT);
        assertThat(server.manager.view(ResourceKey.of(key256))).isPresent();
        String key255 = "j".repeat(255);
        assertThat(c.send("l\n" + key255 + "\r\n0\n").readLine()).matches(GRANT); // 255 + CR = 256 bytes
        c.send("l\n" + "k".repeat(257) + "\n0\n");
        assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error\n");
    }

    @Test
    void p2A257ByteCommandOrArgumentLineCloses() {
        try (WireClient other = server.client()) {
            other.send("p".repeat(257) + "\n_\n_\n");
            assertThat(other.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error\n");
        }
        c.send("l\nk\n" + "1".repeat(257) + "\n");
        assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error\n");
    }

    @Test
    void p4UnknownCommandConsumesThreeLinesAndKeepsTheConnection() {
        assertThat(c.request("frobnicate", "x", "y")).isEqualTo("error");
        assertThat(c.request("L", "x", "0")).isEqualTo("error"); // case-sensitive
        assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
    }

    @Test
    void p5KeyRules() {
        assertThat(c.request("l", "", "0")).isEqualTo("error");
        assertThat(c.request("l", "a b", "0")).isEqualTo("error");
        assertThat(c.request("l", "a\tb", "0")).isEqualTo("error");
        assertThat(c.request("l", "a\u000Bb", "0")).matches(GRANT);
        assertThat(c.request("l", "a\u0000b", "0")).matches(GRANT);
        assertThat(c.request("l", "\u00ff\u00fe", "0")).matches(GRANT); // invalid UTF-8 is fine
        assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
    }

    @Test
    void p6FieldCounts() {
        assertThat(c.request("l", "k", "")).isEqualTo("error");
        assertThat(c.request("l", "k", "1 2 3")).isEqualTo("error");
        assertThat(c.request("sl", "k", "1")).isEqualTo("error");
        assertThat(c.request("sl", "k", "1 2 3 4")).isEqualTo("error");
        assertThat(c.request("e", "k", "1 2")).isEqualTo("error");
        assertThat(c.request("se", "k", "")).isEqualTo("error");
        assertThat(c.request("se", "k", "1 2 3")).isEqualTo("error");
        assertThat(c.request("n", "k", "")).isEqualTo("error");
        assertThat(c.request("n", "k", "a 2 3")).isEqualTo("error");
        server.assertEngineIdle();
    }

    @Test
    void p7WaitTakesExactlyOneField() {
        assertThat(c.request("w", "k", "")).isEqualTo("error");
        assertThat(c.request("w", "k", "10 20")).isEqualTo("error");
        assertThat(c.request("sw", "k", "")).isEqualTo("error");
    }

    @Test
    void p8TimeoutValues() {
        assertThat(c.request("l", "k", "-1")).isEqualTo("error");
        assertThat(c.request("l", "k", "9223372037")).isEqualTo("error");
        assertThat(c.request("l", "k", "99999999999999999999")).isEqualTo("error");
        assertThat(c.request("l", "k", "1.5")).isEqualTo("error");
        assertThat(c.request("l", "k", "0x10")).isEqualTo("error");
        assertThat(c.request("l", "k", "10s")).isEqualTo("error");
        assertThat(c.request("l", "k", "9223372036")).matches(GRANT);
        assertThat(c.request("l", "k2", "+5")).matches(GRANT);
        assertThat(c.request("l", "k3", "007 60")).matches("ok [0-9a-f]{32} 60");
    }

    @Test
    void p9LeaseZeroOrNegativeIsAnError() {
        assertThat(c.request("l", "k", "0 0")).isEqualTo("error");
        assertThat(c.request("l", "k", "0 -5")).isEqualTo("error");
        assertThat(c.request("l", "k", "0 9223372037")).isEqualTo("error");
        assertThat(c.request("e", "k", "0")).isEqualTo("error");
        assertThat(c.request("l", "k", "0 9223372036")).matches("ok [0-9a-f]{32} 9223372036");
    }

    @Test
    void p10SemaphoreLimits() {
        assertThat(c.request("sl", "s", "0 0")).isEqualTo("error");
        assertThat(c.request("sl", "s", "0 -3")).isEqualTo("error");
        assertThat(c.request("sl", "s", "0 1048577")).isEqualTo("error");
        assertThat(c.request("se", "s", "0")).isEqualTo("error");
        assertThat(c.request("sl", "s", "0 1048576")).matches(GRANT);
    }

    @Test
    void p11EmptyOrWhitespaceReleaseToken() {
        assertThat(c.request("r", "k", "")).isEqualTo("error");
        assertThat(c.request("r", "k", " \t ")).isEqualTo("error");
        assertThat(c.request("sr", "k", "")).isEqualTo("error");
        assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
    }

    @Test
    void p12PingAndStatsIgnoreKeyAndArgument() {
        assertThat(c.request("ping", "any key at all", "and args 1 2 3")).isEqualTo("ok");
        assertThat(c.request("ping", "", "")).isEqualTo("ok");
        assertThat(c.request("stats", "x y", "z")).startsWith("ok {\"connections\":");
        assertThat(c.request("stats", "", "")).startsWith("ok {\"connections\":");
        c.send("ping\n" + "k".repeat(257) + "\n_\n"); // the cap still applies to an ignored key line
        assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error\n");
    }

    @Test
    void p15BlankLinesAreLinesAndOnlyProtocolWhitespaceSplits() {
        assertThat(c.send("e\nk\n\n").readLine()).matches("acquired [0-9a-f]{32} 33");
        assertThat(c.send("stats\n_\n\n").readLine()).startsWith("ok {");
        assertThat(c.send("\n\n\n").readLine()).isEqualTo("error");
        assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
        String token = c.lock("t", "0");
        assertThat(c.request("r", "t", token + "\u001C")).isEqualTo("error");
        assertThat(c.request("r", "t", " \t" + token + "\u000B\f ")).isEqualTo("ok");
        assertThat(c.request("n", "t", token + " 10")).isEqualTo("error"); // released above
    }

    @Test
    void repliesAreLfOnlyAndNumbersArePlainAscii() {
        String reply = c.request("l", "k", "0 1000000");
        assertThat(reply).matches("ok [0-9a-f]{32} 1000000").doesNotContain("\r");
    }
}
