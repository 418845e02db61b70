package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checklist A-1..A-4, P-3 and P-13: the authentication handshake of PROTOCOL.md §6. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuthIT {
    private static final Logger LOG = LoggerFactory.getLogger(AuthIT.class);
    private static final String TOKEN = "s3cret";

    private static TestServer withAuth() {
        return TestServer.start(engine -> { }, tcp -> tcp.authToken(TOKEN).readTimeout(Duration.ofSeconds(1)));
    }

    /**
     * Sends nothing or {@code sent}, then checks how the failure looks: exactly {@code error_auth}, then a close no
     * sooner than 100 ms after the last byte sent. (Measured from just before the last send, which the server cannot
     * see earlier; a timestamp taken after the send, or when the reply is read, can lag behind the server on a loaded
     * machine.)
     */
    private static void assertLooksLikeAuthFailure(WireClient c, String sent, boolean closeOutput) {
        long lastSend = System.nanoTime();
        if (!sent.isEmpty()) {
            c.send(sent);
        }
        if (closeOutput) {
            lastSend = System.nanoTime();
            c.shutdownOutput();
        }
        assertThat(c.readLine()).isEqualTo("error_auth");
        long replied = System.nanoTime();
        assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEmpty();
        long closed = System.nanoTime();
        LOG.info("auth failure after '{}': close {} ms after error_auth was read", sent.replace("\n", "\\n"),
                TimeUnit.NANOSECONDS.toMillis(closed - replied));
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - lastSend)).isGreaterThanOrEqualTo(100);
    }

    @Test
    void a1FirstFrameOtherThanAuthFailsAndClosesNoSoonerThan100Ms() {
        try (TestServer server = withAuth(); WireClient c = server.client()) {
            assertLooksLikeAuthFailure(c, "ping\n_\n_\n", false);
        }
    }

    @Test
    void a2RightTokenThenCommandsWork() {
        try (TestServer server = withAuth(); WireClient c = server.client()) {
            assertThat(c.request("auth", "ignored key", "  " + TOKEN + "\t")).isEqualTo("ok");
            assertThat(c.request("l", "k", "0")).matches("ok [0-9a-f]{32} 33");
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
        }
    }

    @Test
    void a3EveryFailureModeLooksTheSame() {
        try (TestServer server = withAuth()) {
            try (WireClient c = server.client()) {
                assertLooksLikeAuthFailure(c, "auth\n_\nwrong\n", false);
            }
            try (WireClient c = server.client()) {
                assertLooksLikeAuthFailure(c, "ping\n_\n_\n", false);
            }
            try (WireClient c = server.client()) {
                assertLooksLikeAuthFailure(c, "auth\n_\n" + TOKEN.substring(0, 3), true); // EOF mid-frame
            }
            try (WireClient c = server.client()) {
                assertLooksLikeAuthFailure(c, "", false); // silence for the read timeout
            }
            try (WireClient c = server.client()) {
                assertLooksLikeAuthFailure(c, "auth\n_\n" + TOKEN + "x\n", false);
            }
            try (WireClient c = server.client()) {
                assertLooksLikeAuthFailure(c, "auth\n_\n\n", false); // empty token
            }
        }
    }

    @Test
    void a4CapsApplyBeforeAuthentication() {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.authToken(TOKEN).maxConnections(1));
             WireClient first = server.client()) {
            assertThat(first.request("auth", "_", TOKEN)).isEqualTo("ok");
            try (WireClient second = server.client()) {
                second.assertClosedWithoutBytes(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void s1AConnectionCountsFromAcceptBeforeAuthenticating() {
        try (TestServer server = withAuth(); WireClient c = server.client(); WireClient silent = server.client()) {
            assertThat(c.request("auth", "_", TOKEN)).isEqualTo("ok");
            assertThat(silent.socket().isConnected()).isTrue(); // connected, not authenticated
            // the accept thread registers the silent one in its own time: wait for it, never for its auth
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(c.request("stats", "_", "_")).startsWith("ok {\"connections\":2,"));
        }
    }

    @Test
    void p3AuthArgumentLineUpTo64KiBIsComparedAndLongerFails() {
        String longToken = "t".repeat(65_536);
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.authToken(longToken))) {
            try (WireClient c = server.client()) {
                assertThat(c.request("auth", "_", longToken)).isEqualTo("ok");
            }
            try (WireClient c = server.client()) {
                assertThat(c.request("auth", "_", "u".repeat(65_536))).isEqualTo("error_auth");
            }
            try (WireClient c = server.client()) {
                c.frame("auth", "_", longToken + "t");
                assertThat(c.readUntilClosed(Duration.ofSeconds(5))).isEqualTo("error_auth\n");
            }
        }
    }

    @Test
    void p13AuthWithoutAuthOrTwiceAnswersErrorAndStaysOpen() {
        try (TestServer server = TestServer.start(); WireClient c = server.client()) {
            assertThat(c.request("auth", "_", "x".repeat(65_536))).isEqualTo("error");
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
        }
        try (TestServer server = withAuth(); WireClient c = server.client()) {
            assertThat(c.request("auth", "_", TOKEN)).isEqualTo("ok");
            assertThat(c.request("auth", "_", TOKEN)).isEqualTo("error");
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
        }
    }
}
