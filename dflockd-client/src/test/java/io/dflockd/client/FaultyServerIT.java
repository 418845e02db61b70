package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A fake raw server that misbehaves: the client fails with typed exceptions, never hangs (CLIENT.md §2, §5.5). */
@Timeout(20)
class FaultyServerIT {
    private static final String T1 = "18ae810e00bf807b3f9c2a71d04e8b56";

    private static DflockdConnection connect(FakeServer fake) {
        return DflockdConnection.connect(fake.address(), ConnectOptions.defaults());
    }

    @Test
    void requestsAreEncodedExactlyAsTheSpecSays() throws Exception {
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("ok " + T1 + " 60\n").reply("ok " + T1 + " 33\n").reply("ok " + T1 + " 33\n")
                    .reply("queued\n").reply("acquired " + T1 + " 60\n").reply("timeout\n").reply("ok 33\n")
                    .reply("ok\n").reply("ok\n").reply("ok {\"connections\":1}\n").reply("ok\n");
            c.acquire("deploy-job", Duration.ofSeconds(10), Duration.ofSeconds(60));
            c.acquire("deploy-job", Duration.ofMillis(1200), Duration.ZERO);
            c.semAcquire("rate-limited-api", Duration.ofSeconds(10), 5, Duration.ZERO);
            c.enqueue("k", Duration.ZERO);
            c.semEnqueue("k", 5, Duration.ofSeconds(60));
            c.await("k", Duration.ofSeconds(30));
            c.renew("k", T1, Duration.ZERO);
            c.release("k", T1);
            c.ping();
            c.statsJson();
            c.authenticate("t");
            assertThat(fake.received()).isEqualTo("l\ndeploy-job\n10 60\n" + "l\ndeploy-job\n2\n"
                    + "sl\nrate-limited-api\n10 5\n" + "e\nk\n\n" + "se\nk\n5 60\n" + "w\nk\n30\n"
                    + "n\nk\n" + T1 + "\n" + "r\nk\n" + T1 + "\n" + "ping\n_\n_\n" + "stats\n_\n_\n"
                    + "auth\n_\nt\n");
        }
    }

    @Test
    void garbageIsAProtocolExceptionAndClosesTheConnection() throws Exception {
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("bonjour\n");
            assertThatThrownBy(c::ping).isInstanceOf(ProtocolException.class);
            assertThat(c.isOpen()).isFalse();
            assertThatThrownBy(c::ping).isInstanceOf(ConnectionException.class);
        }
    }

    @Test
    void aReplyOfTheWrongShapeIsAProtocolException() throws Exception {
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("queued\n");
            assertThatThrownBy(() -> c.acquire("k", Duration.ZERO, Duration.ZERO))
                    .isInstanceOf(ProtocolException.class).hasMessageNotContaining(T1);
        }
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("ok " + T1 + " -5\n");
            assertThatThrownBy(() -> c.acquire("k", Duration.ZERO, Duration.ZERO))
                    .isInstanceOf(ProtocolException.class).hasMessageNotContaining(T1);
        }
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("ok {\"connections\":\n");
            assertThatThrownBy(c::stats).isInstanceOf(ProtocolException.class);
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void anUnknownErrorStatusIsAServerError() throws Exception {
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("error_something_new\n").reply("ok\n");
            assertThatThrownBy(c::ping).isInstanceOf(ServerErrorException.class);
            c.ping();
        }
    }

    @Test
    void anOverLongLineIsAProtocolExceptionNotAHang() throws Exception {
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.replyEndless(70_000);
            assertThatThrownBy(c::ping).isInstanceOf(ProtocolException.class).hasMessageContaining("65536");
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void statsMayBeLongButNotEndless() throws Exception {
        String longKey = "k".repeat(200);
        StringBuilder json = new StringBuilder("{\"connections\":1,\"locks\":[],\"semaphores\":[],\"idle_locks\":[");
        for (int i = 0; i < 8000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"key\":\"").append(longKey).append(i).append("\",\"idle_s\":1.5}");
        }
        json.append("],\"idle_semaphores\":[]}");
        assertThat(json.length()).isGreaterThan(1_048_576);
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("ok " + json + "\n").replyEndless(17 * 1024 * 1024);
            assertThat(c.stats().idleLocks()).hasSize(8000);
            assertThatThrownBy(c::statsJson).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void aCloseMidReplyIsAConnectionException() throws Exception {
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.replyAndClose("ok 18ae");
            assertThatThrownBy(() -> c.acquire("k", Duration.ZERO, Duration.ZERO))
                    .isInstanceOf(ConnectionException.class).hasMessageContaining("mid-reply");
        }
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.replyAndClose("");
            assertThatThrownBy(c::ping).isInstanceOf(ConnectionException.class);
        }
    }

    @Test
    void anErrorToABlockedCommandFollowedByDrainingIsDraining() throws Exception {
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.replyAndClose("error\nerror_draining\n");
            assertThatThrownBy(() -> c.acquire("k", Duration.ofSeconds(5), Duration.ZERO))
                    .isInstanceOf(DrainingException.class);
        }
        try (FakeServer fake = new FakeServer(); DflockdConnection c = connect(fake)) {
            fake.reply("error\n").reply("ok\n");
            assertThatThrownBy(() -> c.acquire("k", Duration.ofSeconds(5), Duration.ZERO))
                    .isInstanceOf(ServerErrorException.class);
            c.ping(); // no follow-up: an ordinary error, the connection stays usable
        }
    }

    @Test
    void aRenewAnsweredWithGarbageIsALeaseLoss() throws Exception {
        AtomicReference<LeaseLostEvent> lost = new AtomicReference<>();
        try (FakeServer fake = new FakeServer();
             DistributedLock lock = DistributedLock.builder("k").servers(List.of(fake.address()))
                     .leaseTtl(Duration.ofSeconds(1)).onLeaseLost(lost::set).build()) {
            fake.reply("ok " + T1 + " 1\n").reply("ok one\n");
            assertThat(lock.tryAcquire()).isTrue();
            assertThat(lock.fence()).hasValue(Tokens.fence(T1));
            await().atMost(Duration.ofSeconds(3)).until(() -> lost.get() != null);
            assertThat(lost.get().cause()).isInstanceOf(ProtocolException.class);
            assertThat(lost.get().fence()).hasValue(Tokens.fence(T1));
            assertThat(lock.isHeld()).isFalse();
        }
    }

    @Test
    void aServerThatNeverAnswersAuthIsBoundedByTheConnectTimeout() throws Exception {
        try (FakeServer fake = new FakeServer()) {
            fake.silent();
            long start = System.nanoTime();
            assertThatThrownBy(() -> DflockdConnection.connect(fake.address(), ConnectOptions.builder()
                    .authToken("t").connectTimeout(Duration.ofMillis(500)).build()))
                    .isInstanceOf(ConnectionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
