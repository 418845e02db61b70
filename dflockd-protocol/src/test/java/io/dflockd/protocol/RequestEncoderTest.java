package io.dflockd.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestEncoderTest {
    private static final String T1 = "18ae810e00bf807b3f9c2a71d04e8b56";
    private static final WireKey K = WireKey.of("k");

    private static String encode(Request request) {
        return new String(RequestEncoder.encode(request), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesTheExamplesOfClientSpec53() {
        WireKey deploy = WireKey.of("deploy-job");
        assertThat(encode(Request.Acquire.lock(deploy, 10, LeaseTtl.ofSeconds(60))))
                .isEqualTo("l\ndeploy-job\n10 60\n");
        assertThat(encode(Request.Acquire.lock(deploy, WireRules.secondsRoundedUp(Duration.ofMillis(1200)),
                LeaseTtl.fromDuration(Duration.ZERO)))).isEqualTo("l\ndeploy-job\n2\n");
        assertThat(encode(Request.Acquire.semaphore(WireKey.of("rate-limited-api"), 10, 5, LeaseTtl.SERVER_DEFAULT)))
                .isEqualTo("sl\nrate-limited-api\n10 5\n");
        assertThat(encode(Request.Enqueue.lock(K, LeaseTtl.SERVER_DEFAULT))).isEqualTo("e\nk\n\n");
        assertThat(encode(Request.Enqueue.semaphore(K, 5, LeaseTtl.ofSeconds(60)))).isEqualTo("se\nk\n5 60\n");
        assertThat(encode(Request.Wait.lock(K, 30))).isEqualTo("w\nk\n30\n");
        assertThat(encode(Request.Renew.lock(K, T1, LeaseTtl.SERVER_DEFAULT))).isEqualTo("n\nk\n" + T1 + "\n");
        assertThat(encode(Request.Release.lock(K, T1))).isEqualTo("r\nk\n" + T1 + "\n");
        assertThat(encode(new Request.Ping())).isEqualTo("ping\n_\n_\n");
        assertThat(encode(new Request.Stats())).isEqualTo("stats\n_\n_\n");
        assertThat(encode(Request.Auth.of("s3cret"))).isEqualTo("auth\n_\ns3cret\n");
    }

    @Test
    void encodesTheOtherSpellings() {
        assertThat(encode(Request.Acquire.semaphore(K, 0, 2, LeaseTtl.ofSeconds(9)))).isEqualTo("sl\nk\n0 2 9\n");
        assertThat(encode(Request.Enqueue.lock(K, LeaseTtl.ofSeconds(60)))).isEqualTo("e\nk\n60\n");
        assertThat(encode(Request.Enqueue.semaphore(K, 5, LeaseTtl.SERVER_DEFAULT))).isEqualTo("se\nk\n5\n");
        assertThat(encode(Request.Wait.semaphore(K, 0))).isEqualTo("sw\nk\n0\n");
        assertThat(encode(Request.Renew.semaphore(K, T1, LeaseTtl.ofSeconds(45)))).isEqualTo("sn\nk\n" + T1 + " 45\n");
        assertThat(encode(Request.Release.semaphore(K, T1))).isEqualTo("sr\nk\n" + T1 + "\n");
    }

    @Test
    void keysAndSecretsAreWrittenAsUtf8() {
        assertThat(RequestEncoder.encode(Request.Wait.lock(WireKey.of("é"), 1)))
                .containsExactly('w', '\n', 0xC3, 0xA9, '\n', '1', '\n');
        assertThat(RequestEncoder.encode(Request.Auth.of("ü")))
                .containsExactly('a', 'u', 't', 'h', '\n', '_', '\n', 0xC3, 0xBC, '\n');
    }

    @Test
    void everyEncodedRequestDecodesToItself() throws IOException {
        WireKey odd = WireKey.ofBytes(new byte[] {0x00, 0x0B, (byte) 0xFF, 'x'});
        List<Request> requests = List.of(
                Request.Acquire.lock(odd, 0, LeaseTtl.SERVER_DEFAULT),
                Request.Acquire.lock(K, WireRules.MAX_SECONDS, LeaseTtl.ofSeconds(WireRules.MAX_SECONDS)),
                Request.Acquire.semaphore(K, 7, WireRules.MAX_LIMIT, LeaseTtl.ofSeconds(1)),
                Request.Release.lock(odd, T1),
                Request.Release.semaphore(K, "a b\u001C"),
                Request.Renew.lock(K, T1, LeaseTtl.ofSeconds(5)),
                Request.Renew.semaphore(K, "\u00FFtoken", LeaseTtl.SERVER_DEFAULT),
                Request.Enqueue.lock(K, LeaseTtl.SERVER_DEFAULT),
                Request.Enqueue.semaphore(K, 3, LeaseTtl.ofSeconds(2)),
                Request.Wait.lock(K, 1),
                Request.Wait.semaphore(K, 0),
                Request.Auth.ofBytes(new byte[] {'a', '\r', 'b', (byte) 0xFF}),
                new Request.Ping(),
                new Request.Stats());
        for (Request request : requests) {
            byte[] frame = RequestEncoder.encode(request);
            RequestReader reader = new RequestReader(new LineReader(new ByteArrayInputStream(frame)));
            assertThat(reader.read()).as(request.toString()).isEqualTo(new FrameResult.Complete(request));
            assertThat(reader.read()).isEqualTo(new FrameResult.EndOfInput(false));
        }
    }

    @Test
    void recordsRejectWhatTheServerWouldReject() {
        assertThatThrownBy(() -> Request.Acquire.lock(K, -1, LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Acquire.lock(K, WireRules.MAX_SECONDS + 1, LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Acquire.semaphore(K, 1, 0, LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Enqueue.semaphore(K, WireRules.MAX_LIMIT + 1, LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request.Acquire(Command.L, K, 1, 2, LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request.Acquire(Command.R, K, 1, 1, LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request.Enqueue(Command.E, K, 3, LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Release.lock(K, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Release.lock(K, " x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Release.lock(K, "x\ny")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Release.lock(K, "\u20AC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Release.lock(K, "x".repeat(257))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Renew.lock(K, "a b", LeaseTtl.SERVER_DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Wait.lock(K, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Auth.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Auth.of("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.Auth.of("s".repeat(65_537))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Request.Auth.of("s".repeat(65_536)).token()).hasSize(65_536);
    }

    @Test
    void keysFollowTheKeyRules() {
        assertThatThrownBy(() -> WireKey.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireKey.of("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireKey.of("a\tb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireKey.of("a\rb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireKey.of("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireKey.of("k".repeat(257))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireKey.of("é".repeat(129))).isInstanceOf(IllegalArgumentException.class);
        assertThat(WireKey.of("é".repeat(128)).length()).isEqualTo(256);
        assertThat(WireKey.of("a\u000Bb").toString()).isEqualTo("a\\x0bb");
    }

    @Test
    void keysAreEqualByBytesAndOrderedUnsigned() {
        byte[] bytes = {'a', (byte) 0x80};
        WireKey key = WireKey.ofBytes(bytes);
        bytes[0] = 'z';
        assertThat(key).isEqualTo(WireKey.ofBytes(new byte[] {'a', (byte) 0x80}));
        assertThat(key.hashCode()).isEqualTo(WireKey.ofBytes(new byte[] {'a', (byte) 0x80}).hashCode());
        assertThat(key).isNotEqualTo(WireKey.of("a"));
        assertThat(WireKey.of("a").compareTo(key)).isNegative();
        assertThat(WireKey.ofBytes(new byte[] {(byte) 0x80}).compareTo(WireKey.of("z"))).isPositive();
        byte[] out = new byte[3];
        key.copyTo(out, 1);
        assertThat(out).containsExactly(0, 'a', 0x80);
    }

    @Test
    void leaseTtlIsEitherDefaultOrSeconds() {
        assertThat(LeaseTtl.SERVER_DEFAULT.isServerDefault()).isTrue();
        assertThat(LeaseTtl.SERVER_DEFAULT.seconds()).isEmpty();
        assertThat(LeaseTtl.SERVER_DEFAULT.secondsOr(33)).isEqualTo(33);
        assertThat(LeaseTtl.ofSeconds(60).secondsOr(33)).isEqualTo(60);
        assertThat(LeaseTtl.ofSeconds(60).seconds()).hasValue(60);
        assertThat(LeaseTtl.fromDuration(Duration.ofMillis(500))).isEqualTo(LeaseTtl.ofSeconds(1));
        assertThat(LeaseTtl.fromDuration(Duration.ZERO)).isEqualTo(LeaseTtl.SERVER_DEFAULT);
        assertThatThrownBy(() -> LeaseTtl.ofSeconds(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeaseTtl.fromDuration(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void visitorsDispatchOnTheRequestType() {
        Request.Visitor<String> names = new Request.Visitor<>() {
            @Override
            public String visitAcquire(Request.Acquire acquire) {
                return "acquire";
            }

            @Override
            public String visitRelease(Request.Release release) {
                return "release";
            }

            @Override
            public String visitRenew(Request.Renew renew) {
                return "renew";
            }

            @Override
            public String visitEnqueue(Request.Enqueue enqueue) {
                return "enqueue";
            }

            @Override
            public String visitWait(Request.Wait wait) {
                return "wait";
            }

            @Override
            public String visitAuth(Request.Auth auth) {
                return "auth";
            }

            @Override
            public String visitPing(Request.Ping ping) {
                return "ping";
            }

            @Override
            public String visitStats(Request.Stats stats) {
                return "stats";
            }
        };
        assertThat(Request.Acquire.semaphore(K, 1, 2, LeaseTtl.SERVER_DEFAULT).accept(names)).isEqualTo("acquire");
        assertThat(Request.Release.semaphore(K, T1).accept(names)).isEqualTo("release");
        assertThat(Request.Renew.lock(K, T1, LeaseTtl.SERVER_DEFAULT).accept(names)).isEqualTo("renew");
        assertThat(Request.Enqueue.lock(K, LeaseTtl.SERVER_DEFAULT).accept(names)).isEqualTo("enqueue");
        assertThat(Request.Wait.lock(K, 1).accept(names)).isEqualTo("wait");
        assertThat(Request.Auth.of("x").accept(names)).isEqualTo("auth");
        assertThat(new Request.Ping().accept(names)).isEqualTo("ping");
        assertThat(new Request.Stats().accept(names)).isEqualTo("stats");
    }
}
