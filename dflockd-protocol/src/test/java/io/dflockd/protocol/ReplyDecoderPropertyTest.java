package io.dflockd.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing of the client's reply decoder (jqwik; see {@code docs/fuzzing.md}). For every command, any
 * line decodes to a {@link Response} or a {@link MalformedReply} without throwing, and what it accepts is canonical
 * (encoding the decoded response and decoding again gives the same response); every valid response round-trips
 * through {@link ResponseEncoder} and {@link ReplyDecoder} for every command that can receive it.
 */
class ReplyDecoderPropertyTest {
    private static final List<String> WORDS = List.of("ok", "error", "error_auth", "error_max_locks",
            "error_max_waiters", "error_limit_mismatch", "error_not_enqueued", "error_already_enqueued",
            "error_lease_expired", "error_draining", "errorx", "timeout", "queued", "acquired", "OK", "ok\r", "",
            " ", "18ae810e00bf807b3f9c2a71d04e8b56", "33", "0", "-1", "9223372036854775807", "9223372036854775808",
            "{", "{\"connections\":0}", "{\r}", "\t", "x".repeat(257), "\u00FF", "1.5", "+3");

    @Property
    void anyLineDecodesToATypedCanonicalResult(@ForAll Command command, @ForAll("lines") byte[] line) {
        ReplyResult result = ReplyDecoder.decode(command, line);
        assertThat(result).isNotNull();
        if (result instanceof Response response) {
            byte[] encoded = ResponseEncoder.encode(response);
            assertThat(ReplyDecoder.decode(command, encoded, 0, encoded.length - 1)).isEqualTo(response);
        }
    }

    @Property
    void everyValidResponseRoundTripsForEveryCommandThatCanGetIt(@ForAll("responses") Response response) {
        byte[] encoded = ResponseEncoder.encode(response);
        assertThat(encoded[encoded.length - 1]).isEqualTo((byte) '\n');
        for (Command command : receivers(response)) {
            assertThat(ReplyDecoder.decode(command, encoded, 0, encoded.length - 1))
                    .as("reply to %s", command).isEqualTo(response);
        }
    }

    /** Regression seeds: lease overflow, token length edges, a CR in stats JSON, trailing fields. */
    @Example
    void boundaryRepliesAreTyped() {
        String[] lines = {"ok t 9223372036854775807", "ok t 9223372036854775808", "ok " + "t".repeat(256) + " 1",
            "ok " + "t".repeat(257) + " 1", "ok {\r}", "ok  1", "ok t  1", "acquired t 1 ", "error_auth extra",
            "ok 1\r", "queued\r", ""};
        for (Command command : Command.values()) {
            for (String line : lines) {
                anyLineDecodesToATypedCanonicalResult(command, line.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static Set<Command> receivers(Response response) {
        if (response instanceof Response.Granted || response instanceof Response.TimedOut) {
            return EnumSet.of(Command.L, Command.SL, Command.W, Command.SW);
        }
        if (response instanceof Response.Acquired || response instanceof Response.Queued) {
            return EnumSet.of(Command.E, Command.SE);
        }
        if (response instanceof Response.Renewed) {
            return EnumSet.of(Command.N, Command.SN);
        }
        if (response instanceof Response.Ok) {
            return EnumSet.of(Command.R, Command.SR, Command.PING, Command.AUTH);
        }
        if (response instanceof Response.StatsJson) {
            return EnumSet.of(Command.STATS);
        }
        return EnumSet.allOf(Command.class);
    }

    @Provide
    Arbitrary<byte[]> lines() {
        Arbitrary<String> joined = Combinators.combine(Arbitraries.of(WORDS), Arbitraries.of(" ", " ", "", "  "))
                .as((word, separator) -> separator + word).list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join("", parts).substring(parts.get(0).startsWith(" ") ? 1 : 0));
        Arbitrary<byte[]> raw = Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.of((byte) ' ', (byte) '\r', (byte) '\n', (byte) '0', (byte) '{',
                                (byte) 'o', (byte) 'k', (byte) 0x80)),
                        Tuple.of(1, Arbitraries.bytes()))
                .list().ofMaxSize(300).map(ReplyDecoderPropertyTest::toBytes);
        return Arbitraries.frequencyOf(
                Tuple.of(4, joined.map(text -> text.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, raw));
    }

    @Provide
    Arbitrary<Response> responses() {
        Arbitrary<String> token = Arbitraries.chars().range('\u0000', '\u00FF')
                .filter(c -> c != '\n' && !WireRules.isWhitespace((byte) c.charValue()))
                .list().ofMinSize(1).ofMaxSize(256)
                .map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
        Arbitrary<Long> lease = Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(0L, 33L, Long.MAX_VALUE));
        Arbitrary<String> json = Arbitraries.strings().ofMaxLength(80)
                .filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0).map(s -> "{" + s)
                .filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(
                Combinators.combine(token, lease).as(Response.Granted::new),
                Combinators.combine(token, lease).as(Response.Acquired::new),
                lease.map(Response.Renewed::new),
                json.map(Response.StatsJson::new),
                Arbitraries.of(ErrorStatus.class).map(Response.Failure::new),
                Arbitraries.of(new Response.Ok(), new Response.Queued(), new Response.TimedOut()));
    }

    static byte[] toBytes(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
