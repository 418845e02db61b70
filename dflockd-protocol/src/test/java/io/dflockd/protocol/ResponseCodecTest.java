package io.dflockd.protocol;

import static io.dflockd.protocol.TestStreams.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseCodecTest {
    private static final String T1 = "18ae810e00bf807b3f9c2a71d04e8b56";
    private static final Set<Command> GRANTING = EnumSet.of(Command.L, Command.SL, Command.W, Command.SW);
    private static final Set<Command> ENQUEUEING = EnumSet.of(Command.E, Command.SE);
    private static final Set<Command> RENEWING = EnumSet.of(Command.N, Command.SN);
    private static final Set<Command> PLAIN_OK = EnumSet.of(Command.R, Command.SR, Command.PING, Command.AUTH);

    private static String encode(Response response) {
        return new String(ResponseEncoder.encode(response), StandardCharsets.ISO_8859_1);
    }

    private static ReplyResult decode(Command command, String line) {
        return ReplyDecoder.decode(command, bytes(line));
    }

    @Test
    void encodesEveryReplyShapeExactly() {
        assertThat(encode(new Response.Granted(T1, 60))).isEqualTo("ok " + T1 + " 60\n");
        assertThat(encode(new Response.Acquired(T1, 33))).isEqualTo("acquired " + T1 + " 33\n");
        assertThat(encode(new Response.Queued())).isEqualTo("queued\n");
        assertThat(encode(new Response.TimedOut())).isEqualTo("timeout\n");
        assertThat(encode(new Response.Renewed(45))).isEqualTo("ok 45\n");
        assertThat(encode(new Response.Ok())).isEqualTo("ok\n");
        assertThat(encode(new Response.StatsJson("{\"connections\":0}"))).isEqualTo("ok {\"connections\":0}\n");
        assertThat(encode(new Response.Failure(ErrorStatus.ERROR))).isEqualTo("error\n");
    }

    @Test
    void everyErrorStatusStringIsSpelledAsInTheSpec() {
        List<String> expected = List.of("error", "error_auth", "error_max_locks", "error_max_waiters",
                "error_limit_mismatch", "error_not_enqueued", "error_already_enqueued", "error_lease_expired",
                "error_draining");
        assertThat(ErrorStatus.values()).extracting(ErrorStatus::wire).containsExactlyElementsOf(expected);
        for (ErrorStatus status : ErrorStatus.values()) {
            assertThat(ResponseEncoder.error(status)).isEqualTo(bytes(status.wire() + "\n"));
            assertThat(encode(new Response.Failure(status))).isEqualTo(status.wire() + "\n");
        }
    }

    @Test
    void everyErrorStatusRoundTripsForEveryCommand() {
        for (Command command : Command.values()) {
            for (ErrorStatus status : ErrorStatus.values()) {
                byte[] line = ResponseEncoder.error(status);
                assertThat(ReplyDecoder.decode(command, line, 0, line.length - 1))
                        .as("%s to %s", status, command).isEqualTo(new Response.Failure(status));
            }
        }
    }

    @Test
    void everySuccessShapeRoundTripsForTheCommandsThatGetIt() throws IOException {
        roundTrip(GRANTING, new Response.Granted(T1, 60));
        roundTrip(GRANTING, new Response.Granted("t", 0));
        roundTrip(GRANTING, new Response.TimedOut());
        roundTrip(ENQUEUEING, new Response.Acquired(T1, 1));
        roundTrip(ENQUEUEING, new Response.Queued());
        roundTrip(RENEWING, new Response.Renewed(Long.MAX_VALUE));
        roundTrip(PLAIN_OK, new Response.Ok());
        roundTrip(EnumSet.of(Command.STATS), new Response.StatsJson("{\"key\":\"é\"}"));
    }

    private static void roundTrip(Set<Command> commands, Response response) throws IOException {
        byte[] encoded = ResponseEncoder.encode(response);
        assertThat(encoded[encoded.length - 1]).isEqualTo((byte) '\n');
        LineReader lines = new LineReader(new ByteArrayInputStream(encoded));
        assertThat(lines.read(1 << 20)).isEqualTo(LineStatus.LINE);
        for (Command command : Command.values()) {
            ReplyResult decoded = ReplyDecoder.decode(command, lines);
            if (commands.contains(command)) {
                assertThat(decoded).as("%s to %s", response, command).isEqualTo(response);
            } else {
                assertThat(decoded).as("%s to %s", response, command).isInstanceOf(MalformedReply.class);
            }
        }
    }

    @Test
    void unknownErrorStatusesAreGenericErrorsAndTrailingTextIsIgnored() {
        assertThat(decode(Command.L, "error_something_new")).isEqualTo(new Response.Failure(ErrorStatus.ERROR));
        assertThat(decode(Command.PING, "errorx")).isEqualTo(new Response.Failure(ErrorStatus.ERROR));
        assertThat(decode(Command.E, "error_max_waiters queue full"))
                .isEqualTo(new Response.Failure(ErrorStatus.MAX_WAITERS));
    }

    @Test
    void replyShapesAreStrict() {
        List<String> badGrants = List.of("", "ok", "ok ", "ok " + T1, "ok " + T1 + " ", "ok  " + T1 + " 5",
                "ok " + T1 + "  5", "ok " + T1 + " -5", "ok " + T1 + " +5", "ok " + T1 + " 5 6", "ok " + T1 + " 1.5",
                "ok " + T1 + " 99999999999999999999", "ok a\tb 5", "ok " + "t".repeat(257) + " 5", "OK " + T1 + " 5",
                "timeout ", "timeouts", "queued", "acquired " + T1 + " 5", "ok\r", "hello");
        for (String line : badGrants) {
            assertThat(decode(Command.L, line)).as("'%s'", line).isInstanceOf(MalformedReply.class);
        }
        List<String> badEnqueues = List.of("ok", "ok " + T1 + " 5", "queued ", "acquired", "acquired " + T1,
                "acquired  " + T1 + " 5", "timeout");
        for (String line : badEnqueues) {
            assertThat(decode(Command.SE, line)).as("'%s'", line).isInstanceOf(MalformedReply.class);
        }
        for (String line : List.of("ok", "ok ", "ok -1", "ok 1 2", "ok x", "timeout")) {
            assertThat(decode(Command.N, line)).as("'%s'", line).isInstanceOf(MalformedReply.class);
        }
        for (String line : List.of("ok ", "ok x", "queued", "timeout")) {
            assertThat(decode(Command.R, line)).as("'%s'", line).isInstanceOf(MalformedReply.class);
        }
        for (String line : List.of("ok", "ok ", "{}")) {
            assertThat(decode(Command.STATS, line)).as("'%s'", line).isInstanceOf(MalformedReply.class);
        }
    }

    @Test
    void statsRepliesKeepEverythingAfterTheFirstSpace() {
        assertThat(decode(Command.STATS, "ok {\"a\": [1, 2]}")).isEqualTo(new Response.StatsJson("{\"a\": [1, 2]}"));
    }

    @Test
    void decodedTokensAreTheWireBytes() {
        ReplyResult decoded = ReplyDecoder.decode(Command.W, new byte[] {'o', 'k', ' ', (byte) 0xE9, ' ', '7'});
        assertThat(decoded).isEqualTo(new Response.Granted("\u00E9", 7));
        assertThat(ResponseEncoder.encode((Response) decoded)).containsExactly('o', 'k', ' ', 0xE9, ' ', '7', '\n');
    }

    @Test
    void malformedGrantRepliesNeverEchoTheToken() {
        ReplyResult decoded = decode(Command.L, "ok " + T1 + " x");
        assertThat(((MalformedReply) decoded).reason()).doesNotContain(T1);
        assertThat(new Response.Granted(T1, 5).toString()).doesNotContain(T1);
        assertThat(new Response.Acquired(T1, 5).toString()).doesNotContain(T1);
    }

    @Test
    void numbersIgnoreTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            assertThat(encode(new Response.Renewed(1234567))).isEqualTo("ok 1234567\n");
            assertThat(encode(new Response.Granted(T1, 1000))).isEqualTo("ok " + T1 + " 1000\n");
            assertThat(new String(RequestEncoder.encode(Request.Acquire.lock(WireKey.of("k"), 1000,
                    LeaseTtl.ofSeconds(2000))), StandardCharsets.US_ASCII)).isEqualTo("l\nk\n1000 2000\n");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void responsesRejectWhatWouldBreakTheLine() {
        assertThatThrownBy(() -> new Response.Granted("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response.Granted("a b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response.Granted("a\nb", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response.Acquired(T1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response.Renewed(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response.StatsJson("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Response.StatsJson("{}\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseEncoder.stats(bytes("{}\r"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseEncoder.stats(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convenienceEncodersMatchTheRecords() {
        assertThat(ResponseEncoder.ok()).isEqualTo(ResponseEncoder.encode(new Response.Ok()));
        assertThat(ResponseEncoder.renewed(33)).isEqualTo(ResponseEncoder.encode(new Response.Renewed(33)));
        assertThat(ResponseEncoder.stats(bytes("{}"))).isEqualTo(bytes("ok {}\n"));
        byte[] first = ResponseEncoder.ok();
        first[0] = 'X';
        assertThat(ResponseEncoder.ok()).isEqualTo(bytes("ok\n"));
    }
}
